import datetime

import pytest

from cobuilding import actions
from cobuilding.models import Kind, Resource
from grids.models import Community
from grids.roles import Role
from residents.choices import TagKind
from tests.conftest import _user_with_post
from tests.partybuilding.conftest import party  # noqa: F401 - the party organisations fixture
from tests.residents.factories import ResidentTagFactory

DUOFU = "110101001001"
FAR = "110101002001"


@pytest.fixture
def world(party, register):  # noqa: F811 - the fixture imported above
    """The party and register fixtures, with 张三's household (H0001, grid 1) on 低保, a community admin and a
    branch secretary of another street's community, and a unit's classroom offered in 多福巷社区."""
    users = party["users"]
    users["far_admin"] = _user_with_post("far_admin", Role.COMMUNITY_ADMIN, Community.objects.get(code=FAR))
    users["far_secretary"] = _user_with_post("far_secretary", Role.PARTY_SECRETARY, Community.objects.get(code=FAR))
    party["far_branch"].secretary = users["far_secretary"]
    party["far_branch"].save()
    ResidentTagFactory(resident=register["zhang"], kind=TagKind.LOW_INCOME, since=datetime.date(2021, 1, 1))
    classroom = actions.resource_create(
        user=users["community_admin"],
        community=Community.objects.get(code=DUOFU),
        title="四点半课堂教室",
        kind=Kind.EDUCATION,
        offered_by=Resource.OfferedBy.UNIT,
        unit=party["unit"],
        availability="每周一至周五 16:30-18:00",
        contact_name="周经理",
        contact_phone="13912345678",
    )
    return {**party, **register, "users": users, "classroom": classroom}
