"""A community adopting the portal imports its register before its places are kept in it: the import
registers the compounds, buildings and dwellings its rows name, and households by their head."""

from grids.models import Building, Compound, Dwelling
from imports.models import ImportBatch
from residents.models import Household, Resident
from tests.imports.test_residents_import import HEADERS, confirm, new_id, upload, xlsx

WITH_GRID = [*HEADERS, "网格"]
BY_HEAD = ["姓名", "身份证号", "小区", "楼栋", "单元", "房号", "网格", "户主身份证号", "与户主关系"]


def imported(client, rows, headers=WITH_GRID):
    upload(client, xlsx(rows, headers=headers))
    batch = ImportBatch.objects.latest("pk")
    assert batch.status == "checked", batch.errors
    confirm(client, batch)
    batch.refresh_from_db()
    assert batch.status == "done", (batch.errors, batch.message)
    return batch


def test_new_compounds_buildings_and_rooms_are_registered_once_in_the_grid_the_rows_name(admin_client, register):
    rows = [
        ["孙七", new_id(1), "", "新建小区", "1号楼", "1单元", "101", "H8001", "户主", "2"],
        ["周八", new_id(2), "", "新建小区", "1号楼", "1单元", "101", "H8001", "配偶", ""],
        ["吴九", new_id(3), "", "新建小区", "2号楼", "", "201", "H8002", "户主", "第二网格"],
        ["郑十", new_id(4), "", "多福巷小区", "1号楼", "1单元", "502", "H8003", "户主", "1"],
    ]

    batch = imported(admin_client, rows)

    assert batch.counts["also"] == [["新建户", 3], ["新建房屋", 3], ["新建楼栋", 2], ["新建小区", 1]]
    compound = Compound.objects.get(name="新建小区")
    assert compound.community == register["grid_2"].community
    assert set(Building.objects.filter(compound=compound).values_list("name", flat=True)) == {"1号楼", "2号楼"}
    room = Dwelling.objects.get(building__compound=compound, building__name="1号楼", room="101")
    assert room.grid == register["grid_2"]
    assert set(Resident.objects.filter(dwelling=room).values_list("name", flat=True)) == {"孙七", "周八"}
    assert Dwelling.objects.get(building=register["d1"].building, room="502").grid == register["grid_1"]


def test_a_new_dwelling_needs_its_grid_unless_the_building_or_the_user_has_only_one(admin_client, client, demo):
    rows = [["孙七", new_id(5), "", "新建小区", "1号楼", "", "101", "H8101", "户主", ""]]

    upload(admin_client, xlsx(rows, headers=WITH_GRID))  # the community admin keeps 4 grids

    batch = ImportBatch.objects.get()
    assert [error[:2] for error in batch.errors] == [[2, "网格"]]
    client.force_login(demo["grid_a"])  # keeps one grid
    imported(client, rows)
    assert Dwelling.objects.get(building__compound__name="新建小区").grid.number == 1


def test_a_grid_worker_cannot_register_a_dwelling_in_a_grid_they_do_not_walk(client, demo, register):
    client.force_login(demo["grid_a"])

    upload(client, xlsx([["孙七", new_id(6), "", "新建小区", "1号楼", "", "101", "H8201", "户主", "2"]], WITH_GRID))

    batch = ImportBatch.objects.get()
    assert [error[:2] for error in batch.errors] == [[2, "网格"]]
    assert not Compound.objects.filter(name="新建小区").exists()


def test_households_given_by_their_heads_id_number_get_a_number_of_the_community(admin_client, register):
    head = new_id(7)
    rows = [
        ["孙七", head, "新建小区", "1号楼", "1单元", "101", "1", head, "户主"],
        ["周八", new_id(8), "新建小区", "1号楼", "1单元", "101", "", head, "配偶"],
        ["张三之孙", new_id(9), "多福巷小区", "1号楼", "1单元", "501", "", register["zhang"].id_number, "孙子"],
        ["无户", new_id(10), "多福巷小区", "1号楼", "1单元", "501", "", new_id(11), "子"],
    ]

    upload(admin_client, xlsx(rows, headers=BY_HEAD))

    batch = ImportBatch.objects.get()
    assert [error[:2] for error in batch.errors] == [[5, "户主身份证号"]]
    imported(admin_client, rows[:3], headers=BY_HEAD)
    household = Household.objects.get(memberships__resident__id_number=head)
    assert household.number == "0010010001"  # 多福巷社区 110101001001, its first
    assert set(household.memberships.values_list("resident__name", flat=True)) == {"孙七", "周八"}
    assert Household.objects.get(memberships__resident__name="张三之孙") == register["household"]
    assert Household.objects.filter(number="0010010001").count() == 1
