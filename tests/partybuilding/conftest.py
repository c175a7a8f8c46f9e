import datetime

import pytest
from django.utils import timezone

from grids.models import Community
from grids.roles import Role
from partybuilding import actions
from partybuilding.models import Activity, Member, Organisation
from tests.conftest import _user_with_post
from tests.partybuilding.factories import MemberFactory, OrganisationFactory, UnitFactory, credit_code, own_identity

VALID_USCC = "91350100M000100Y43"


@pytest.fixture
def party(demo):
    """Two communities' party organisations:

    多福巷社区党委 (secretary: `secretary`) → 第一党支部 → 第一党小组, and → 第二党支部 (secretary:
    `branch_secretary`); in another street, 景山东街社区党委 → 景山东街第一党支部. One member in each
    branch and group, with their own identity.
    """
    community = Community.objects.get(code="110101001001")
    far = Community.objects.get(code="110101002001")
    demo["branch_secretary"] = _user_with_post("branch_secretary", Role.PARTY_SECRETARY, community)
    committee = OrganisationFactory(
        name="多福巷社区党委", kind=Organisation.Kind.COMMITTEE, community=community, secretary=demo["secretary"]
    )
    branch_1 = OrganisationFactory(
        name="第一党支部", kind=Organisation.Kind.BRANCH, parent=committee, community=community
    )
    group_1 = OrganisationFactory(name="第一党小组", kind=Organisation.Kind.GROUP, parent=branch_1, community=community)
    branch_2 = OrganisationFactory(
        name="第二党支部",
        kind=Organisation.Kind.BRANCH,
        parent=committee,
        community=community,
        secretary=demo["branch_secretary"],
    )
    far_committee = OrganisationFactory(name="景山东街社区党委", kind=Organisation.Kind.COMMITTEE, community=far)
    far_branch = OrganisationFactory(
        name="景山东街第一党支部", kind=Organisation.Kind.BRANCH, parent=far_committee, community=far
    )
    unit = UnitFactory(name="东华门供电公司", credit_code=VALID_USCC, community=community)
    far_unit = UnitFactory(name="景山小学", credit_code=credit_code("12110101MB0000009"), community=far)

    def member(number, organisation, name, **kwargs):
        return MemberFactory(organisation=organisation, name=name, **own_identity(number), **kwargs)

    return {
        "users": demo,
        "committee": committee,
        "branch_1": branch_1,
        "group_1": group_1,
        "branch_2": branch_2,
        "far_committee": far_committee,
        "far_branch": far_branch,
        "unit": unit,
        "far_unit": far_unit,
        "liu": member(1, branch_1, "刘红"),
        "chen": member(2, group_1, "陈明"),
        "zhou": member(
            3,
            branch_2,
            "周强",
            category=Member.Category.IN_SERVICE,
            work_unit=unit,
            work_branch="东华门供电公司党支部",
            reported_on=datetime.date(2024, 3, 1),
        ),
        "far": member(4, far_branch, "吴静"),
    }


def plan(user, organisation, *, kind=Activity.Kind.THEME_DAY, starts_in=datetime.timedelta(minutes=10), **kwargs):
    """An activity of `organisation` starting `starts_in` from now, planned by `user` (default check-in window)."""
    starts = timezone.now() + starts_in
    activity = Activity(
        organisation=organisation,
        kind=kind,
        title=kwargs.pop("title", f"{Activity.Kind(kind).label}：学习党章"),
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        points=kwargs.pop("points", None),
        **kwargs,
    )
    return actions.activity_create(user=user, activity=activity)
