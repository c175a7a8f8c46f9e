"""The places of the register kept on the pages: compounds, buildings and dwellings, by grid workers
for their grids and community admins for their community; moves between grids by the admin only."""

import pytest
from django.urls import reverse

from grids.models import Building, Compound, Dwelling
from residents.models import Resident


def test_a_grid_worker_registers_a_dwelling_in_a_building_of_their_grid(client, demo, register):
    client.force_login(demo["grid_a"])
    building = register["d1"].building
    url = reverse("residents:dwelling-create", args=[building.pk])

    opened = client.get(url)
    response = client.post(
        url,
        {"grid": register["grid_1"].pk, "unit": "1单元", "floor": 6, "room": "601", "use": "rented", "area": "86.5"},
    )

    assert opened.status_code == 200
    assert list(opened.context["form"].fields["grid"].queryset) == [register["grid_1"]]
    assert response.status_code == 302
    dwelling = Dwelling.objects.get(building=building, room="601")
    assert (dwelling.grid, dwelling.use, str(dwelling.area)) == (register["grid_1"], "rented", "86.50")
    assert dwelling.events.filter(pgh_label="insert").exists()


def test_a_dwelling_in_another_grid_or_of_a_building_elsewhere_is_refused(client, demo, register):
    client.force_login(demo["grid_a"])
    building = register["d1"].building

    other_grid = client.post(
        reverse("residents:dwelling-create", args=[building.pk]),
        {"grid": register["grid_2"].pk, "room": "602", "use": "owner"},
    )
    far = client.get(reverse("residents:dwelling-create", args=[register["far"].building_id]))
    far_edit = client.get(reverse("residents:dwelling-update", args=[register["far"].pk]))
    neighbours = client.get(reverse("residents:dwelling-update", args=[register["d2"].pk]))

    assert other_grid.status_code == 200
    assert "grid" in other_grid.context["form"].errors
    assert not Dwelling.objects.filter(room="602").exists()
    assert (far.status_code, far_edit.status_code, neighbours.status_code) == (404, 404, 404)


def test_the_same_room_twice_is_the_forms_error(client, demo, register):
    client.force_login(demo["grid_a"])
    d1 = register["d1"]

    response = client.post(
        reverse("residents:dwelling-create", args=[d1.building_id]),
        {"grid": register["grid_1"].pk, "unit": d1.unit, "room": d1.room, "use": "owner"},
    )

    assert response.status_code == 200
    assert "已登记" in response.content.decode()


def test_a_dwelling_edited_on_a_stale_page_answers_409(client, demo, register):
    client.force_login(demo["grid_a"])
    d1 = register["d1"]
    url = reverse("residents:dwelling-update", args=[d1.pk])
    seen = client.get(url).context["form"]["version"].value()
    Dwelling.objects.filter(pk=d1.pk).update(use="vacant", version=seen + 1)

    response = client.post(url, {"unit": d1.unit, "floor": 5, "room": d1.room, "use": "rented", "version": seen})

    assert response.status_code == 409
    assert Dwelling.objects.get(pk=d1.pk).use == "vacant"


def test_a_grid_worker_registers_a_compound_and_a_building_in_it(client, demo, register):
    client.force_login(demo["grid_a"])
    community = register["grid_1"].community

    compound = client.post(
        reverse("residents:compound-create"), {"community": community.pk, "name": "新建小区", "kind": "compound"}
    )
    new = Compound.objects.get(name="新建小区")
    building = client.post(
        reverse("residents:building-create"), {"compound": new.pk, "name": "1号楼", "units": 2, "floors": 6}
    )
    far = client.post(
        reverse("residents:compound-create"),
        {"community": register["far"].grid.community_id, "name": "别处", "kind": "compound"},
    )

    assert compound.status_code == building.status_code == 302
    assert Building.objects.get(compound=new).floors == 6
    assert far.status_code == 200
    assert not Compound.objects.filter(name="别处").exists()


def test_the_building_page_shows_its_dwellings_floor_by_floor_with_who_lives_there(client, demo, register):
    client.force_login(demo["grid_a"])

    response = client.get(reverse("residents:building-detail", args=[register["d1"].building_id]))

    floors = response.context["floors"]
    assert [floor for floor, _dwellings in floors] == [5]  # grid_a reads grid 1 only: 501, not 302
    assert [r.name for r in floors[0][1][0].living] == ["张三", "赵六"]
    assert "张三" in response.content.decode()


@pytest.mark.parametrize(("username", "status"), [("community_admin", 302), ("grid_a", 404)])
def test_only_the_community_admin_moves_a_dwelling_to_another_grid(client, demo, register, username, status):
    client.force_login(demo[username])
    d1 = register["d1"]
    url = reverse("residents:dwelling-move", args=[d1.pk])

    response = client.post(url, {"grid": register["grid_2"].pk, "version": d1.version})

    assert response.status_code == status
    moved = Dwelling.objects.get(pk=d1.pk)
    assert (moved.grid == register["grid_2"]) is (status == 302)
    if status == 302:  # the people living there are in the new grid's register, and the move is on record
        assert set(Resident.objects.filter(dwelling=d1).values_list("grid_id", flat=True)) == {register["grid_2"].pk}
        assert moved.events.filter(pgh_label="update", grid=register["grid_2"]).exists()


def test_the_places_list_holds_the_buildings_of_the_users_area(client, demo, register, django_assert_max_num_queries):
    client.force_login(demo["grid_b"])
    client.get(reverse("residents:place-list"))

    with django_assert_max_num_queries(12):
        response = client.get(reverse("residents:place-list"))

    assert [str(b) for b in response.context["page"]] == ["多福巷小区 1号楼"]


def test_the_landlords_contact_is_checked_normalised_and_shown_masked(client, demo, register):
    client.force_login(demo["grid_a"])
    building = register["d1"].building
    url = reverse("residents:dwelling-create", args=[building.pk])
    room = {"grid": register["grid_1"].pk, "room": "701", "use": "rented", "owner_name": "钱房东"}

    wrong = client.post(url, {**room, "owner_phone": "14012345678"})
    saved = client.post(url, {**room, "owner_phone": "+86 135-6666-7777"})

    assert wrong.status_code == 200
    assert "owner_phone" in wrong.context["form"].errors
    assert saved.status_code == 302
    dwelling = Dwelling.objects.get(room="701")
    assert dwelling.owner_phone == "13566667777"
    page = client.get(reverse("residents:building-detail", args=[building.pk])).content.decode()
    form = client.get(reverse("residents:dwelling-update", args=[dwelling.pk])).content.decode()
    assert "135****7777" in page
    assert "13566667777" not in page
    assert "13566667777" not in form


@pytest.mark.parametrize(
    ("username", "url_name", "kwargs", "most"),
    [
        ("grid_a", "residents:building-detail", lambda r: {"pk": r["d1"].building_id}, 12),
        ("grid_a", "residents:rental-list", lambda r: {}, 12),
        ("grid_a", "residents:compound-create", lambda r: {}, 12),
        ("grid_a", "residents:compound-update", lambda r: {"pk": r["d1"].building.compound_id}, 12),
        ("grid_a", "residents:building-create", lambda r: {}, 12),
        ("grid_a", "residents:building-update", lambda r: {"pk": r["d1"].building_id}, 12),
        ("grid_a", "residents:dwelling-create", lambda r: {"building_pk": r["d1"].building_id}, 12),
        ("grid_a", "residents:dwelling-update", lambda r: {"pk": r["d1"].pk}, 12),
        ("community_admin", "residents:dwelling-move", lambda r: {"pk": r["d1"].pk}, 12),
        ("grid_a", "residents:household-create", lambda r: {"dwelling_pk": r["d1"].pk}, 12),
        ("grid_a", "residents:household-join", lambda r: {"pk": r["household"].pk}, 14),
        ("grid_a", "residents:household-head", lambda r: {"pk": r["household"].pk}, 14),
        ("grid_a", "residents:household-split", lambda r: {"pk": r["household"].pk}, 14),
        ("grid_a", "residents:household-merge", lambda r: {"pk": r["household"].pk}, 14),
        ("grid_a", "residents:household-move", lambda r: {"pk": r["household"].pk}, 14),
    ],
)
def test_the_new_pages_read_a_bounded_number_of_queries(
    client, demo, register, django_assert_max_num_queries, username, url_name, kwargs, most
):
    for room in range(20):  # more dwellings and residents do not mean more queries
        dwelling = Dwelling.objects.create(
            grid=register["grid_1"], building=register["d1"].building, room=f"9{room:02d}", use="rented", floor=9
        )
        if room == 0:
            Resident.objects.filter(pk=register["zhao"].pk).update(dwelling=dwelling)
    client.force_login(demo[username])
    url = reverse(url_name, kwargs=kwargs(register))
    client.get(url)

    with django_assert_max_num_queries(most):
        assert client.get(url).status_code == 200
