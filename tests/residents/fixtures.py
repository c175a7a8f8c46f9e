import datetime

import pytest

from grids.models import Building, Compound, Dwelling, Grid
from residents.choices import Relationship, TagKind
from residents.models import Household, HouseholdMembership, Resident, ResidentTag

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
    compound = Compound.objects.create(community=grid_1.community, name="多福巷小区")
    building = Building.objects.create(compound=compound, name="1号楼")
    far_building = Building.objects.create(
        compound=Compound.objects.create(community=far_grid.community, name="景山东街8号院"), name="2号楼"
    )
    dwellings = {
        "d1": Dwelling.objects.create(grid=grid_1, building=building, unit="1单元", floor=5, room="501"),
        "d2": Dwelling.objects.create(grid=grid_2, building=building, unit="2单元", floor=3, room="302"),
        "far": Dwelling.objects.create(grid=far_grid, building=far_building, unit="1单元", floor=1, room="101"),
    }
    people = {
        "zhang": Resident.objects.create(
            name="张三", id_number=ZHANG_SAN, phone="13812345678", dwelling=dwellings["d1"]
        ),
        "zhao": Resident.objects.create(name="赵六", id_number=ZHAO_LIU, dwelling=dwellings["d1"]),
        "li": Resident.objects.create(name="李四", id_number=LI_SI, phone="13987654321", dwelling=dwellings["d2"]),
        "wang": Resident.objects.create(name="王五", id_number=WANG_WU, phone="13700001111", dwelling=dwellings["far"]),
    }
    start = datetime.date(2020, 1, 1)
    household = Household.objects.create(dwelling=dwellings["d1"], number="H0001")
    HouseholdMembership.objects.create(
        household=household, resident=people["zhang"], relationship=Relationship.HEAD, started_on=start
    )
    HouseholdMembership.objects.create(
        household=household, resident=people["zhao"], relationship=Relationship.GRANDSON, started_on=start
    )
    household_2 = Household.objects.create(dwelling=dwellings["d2"], number="H0002")
    HouseholdMembership.objects.create(
        household=household_2, resident=people["li"], relationship=Relationship.HEAD, started_on=start
    )
    ResidentTag.objects.create(resident=people["zhang"], kind=TagKind.ELDERLY_ALONE, since=start)
    ResidentTag.objects.create(resident=people["li"], kind=TagKind.COMMUNITY_CORRECTION, since=start)
    return {
        **people,
        **dwellings,
        "household": household,
        "household_2": household_2,
        "grid_1": grid_1,
        "grid_2": grid_2,
    }
