import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from grids.models import Community
from partybuilding.models import Activity, CheckIn, Member
from tests.partybuilding.conftest import party  # noqa: F401 - the party organisations fixture
from tests.partybuilding.factories import MemberFactory
from volunteering import actions
from volunteering.models import SocialOrganisation, Team, Volunteer

DUOFU = "110101001001"
FAR = "110101002001"


@pytest.fixture
def vol(demo, register):
    """Volunteering in 多福巷社区 (community_admin): 平安巡逻队 led by 张三 (a resident), 青年志愿服务队, a
    volunteer who is not a resident (钱七), a confirmed and an open service record; in another
    street's community (景山东街社区) a team and a volunteer (王五); a social organisation each."""
    cadmin = demo["community_admin"]
    community, far = Community.objects.get(code=DUOFU), Community.objects.get(code=FAR)
    superuser = demo["admin"]
    zhang = actions.volunteer_save(
        user=cadmin, volunteer=Volunteer(community=community, resident=register["zhang"], joined_on=_date(2024, 1, 5))
    )
    qian = actions.volunteer_save(
        user=cadmin,
        volunteer=Volunteer(community=community, name="钱七", phone="13611112222", joined_on=_date(2024, 2, 1)),
    )
    patrol = actions.team_save(
        user=cadmin, team=Team(community=community, name="平安巡逻队", kind=Team.Kind.PATROL, leader=zhang)
    )
    youth = actions.team_save(user=cadmin, team=Team(community=community, name="青年志愿服务队", kind=Team.Kind.YOUTH))
    for volunteer in (zhang, qian):
        actions.membership_add(user=cadmin, team=patrol, volunteer=volunteer, since=_date(2024, 3, 1))
    wang = actions.volunteer_save(
        user=superuser, volunteer=Volunteer(community=far, resident=register["wang"], joined_on=_date(2024, 1, 1))
    )
    far_team = actions.team_save(user=superuser, team=Team(community=far, name="景山巡逻队", kind=Team.Kind.PATROL))
    today = timezone.localdate()
    confirmed = record(cadmin, patrol, [zhang, qian], Decimal("2.5"), on=today, title="夜间巡逻")
    actions.record_confirm(user=cadmin, record=confirmed)
    open_ = record(cadmin, patrol, [zhang], Decimal("3"), on=today, title="消防检查")
    far_record = record(superuser, far_team, [wang], Decimal("4"), on=today, title="景山巡逻")
    organisation = actions.organisation_save(
        user=cadmin,
        organisation=SocialOrganisation(
            community=community,
            name="多福巷老年协会",
            kind=SocialOrganisation.Kind.ELDERLY,
            leader_name="周大爷",
            leader_phone="13500001234",
            members_count=40,
        ),
    )
    far_organisation = actions.organisation_save(
        user=superuser,
        organisation=SocialOrganisation(
            community=far, name="景山书画社", kind=SocialOrganisation.Kind.CULTURE, leader_name="吴老师"
        ),
    )
    return {
        "users": demo,
        "community": community,
        "far": far,
        "zhang": zhang,
        "qian": qian,
        "wang": wang,
        "patrol": patrol,
        "youth": youth,
        "far_team": far_team,
        "confirmed": confirmed,
        "open": open_,
        "far_record": far_record,
        "organisation": organisation,
        "far_organisation": far_organisation,
    }


def _date(*args):
    return datetime.date(*args)


def record(user, team, volunteers, hours, *, on, title="巡逻"):
    from volunteering.models import ServiceRecord

    return actions.record_create(
        user=user, record=ServiceRecord(team=team, date=on, title=title), volunteers=volunteers, hours=hours
    )


@pytest.fixture
def dual(party, register):  # noqa: F811 - party is the imported fixture
    """双报到: 张三 (a volunteer in vol) is also an in-service party member of 第二党支部, with 1.5 confirmed
    hours at a volunteer activity; a community member's confirmed hours do not count as 双报到."""
    zhang = MemberFactory(
        organisation=party["branch_2"],
        resident=register["zhang"],
        name="",
        category=Member.Category.IN_SERVICE,
        work_unit=party["unit"],
        reported_on=_date(2024, 3, 1),
    )
    starts = timezone.now() - datetime.timedelta(hours=3)
    activity = Activity.objects.create(
        organisation=party["branch_2"],
        kind=Activity.Kind.VOLUNTEER,
        title="社区清扫",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        check_in_opens_at=starts - datetime.timedelta(minutes=30),
        check_in_closes_at=starts + datetime.timedelta(hours=2),
        volunteer_hours=Decimal("1.5"),
    )
    now = timezone.now()
    secretary = party["users"]["secretary"]
    for member, hours in ((zhang, Decimal("1.5")), (party["liu"], Decimal("2"))):
        CheckIn.objects.create(
            activity=activity,
            member=member,
            status=CheckIn.Status.PRESENT,
            hours=hours,
            hours_confirmed_by=secretary,
            hours_confirmed_at=now,
        )
    return {"member": zhang, "activity": activity}
