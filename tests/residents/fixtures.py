import datetime

import pytest

from grids.models import Grid
from residents.choices import Relationship, TagKind
from tests.grids.factories import BuildingFactory, DwellingFactory
from tests.residents.factories import HouseholdFactory, HouseholdMembershipFactory, ResidentFactory, ResidentTagFactory

# Valid ID numbers (check characters computed), one per resident of the small register below.
ZHANG_SAN = "11010519491231002X"  # female, born 1949-12-31
LI_SI = "110101198507150037"  # male, born 1985-07-15
WANG_WU = "110101199002280025"  # female, born 1990-02-28
ZHAO_LIU = "110101201503100010"  # male, born 2015-03-10


@pytest.fixture
def register(demo):
    """A small register: 张三 and 赵六 in grid 1 of community 1 (grid_a's), 李四 in grid 2 (grid_b's),
    王五 in another street's community."""
    grid_1 = Grid.objects.get(community__code="110101001001", number=1)
    grid_2 = Grid.objects.get(community__code="110101001001", number=2)
    far_grid = Grid.objects.get(community__code="110101002001", number=1)
    building = BuildingFactory(compound__community=grid_1.community, compound__name="多福巷小区", name="1号楼")
    far_building = BuildingFactory(compound__community=far_grid.community, compound__name="景山东街8号院", name="2号楼")
    dwellings = {
        "d1": DwellingFactory(grid=grid_1, building=building, unit="1单元", floor=5, room="501"),
        "d2": DwellingFactory(grid=grid_2, building=building, unit="2单元", floor=3, room="302"),
        "far": DwellingFactory(grid=far_grid, building=far_building, unit="1单元", floor=1, room="101"),
    }

    def resident(name, id_number, dwelling, phone=""):
        return ResidentFactory(
            name=name, id_number=id_number, phone=phone, dwelling=dwellings[dwelling], moved_in_on=None
        )

    people = {
        "zhang": resident("张三", ZHANG_SAN, "d1", phone="13812345678"),
        "zhao": resident("赵六", ZHAO_LIU, "d1"),
        "li": resident("李四", LI_SI, "d2", phone="13987654321"),
        "wang": resident("王五", WANG_WU, "far", phone="13700001111"),
    }
    start = datetime.date(2020, 1, 1)
    household = HouseholdFactory(dwelling=dwellings["d1"], number="H0001", head=False)
    household_2 = HouseholdFactory(dwelling=dwellings["d2"], number="H0002", head=False)
    for member, home, relationship in [
        ("zhang", household, Relationship.HEAD),
        ("zhao", household, Relationship.GRANDSON),
        ("li", household_2, Relationship.HEAD),
    ]:
        HouseholdMembershipFactory(household=home, resident=people[member], relationship=relationship, started_on=start)
    ResidentTagFactory(resident=people["zhang"], kind=TagKind.ELDERLY_ALONE, since=start)
    ResidentTagFactory(resident=people["li"], kind=TagKind.COMMUNITY_CORRECTION, since=start)
    return {
        **people,
        **dwellings,
        "household": household,
        "household_2": household_2,
        "grid_1": grid_1,
        "grid_2": grid_2,
    }
