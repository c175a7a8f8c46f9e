import pytest
from django.urls import reverse

from grids.models import Grid


def grid(community_code, number):
    return Grid.objects.get(community__code=community_code, number=number)


def test_window_staff_list_the_grids_of_their_community(client, demo):
    client.force_login(demo["window"])

    response = client.get(reverse("grids:grid-list"))

    assert response.status_code == 200
    assert [g.code for g in response.context["object_list"]] == [
        "110101001001001",
        "110101001001002",
        "110101001001003",
        "110101001001004",
    ]
    assert "李强" in response.content.decode()  # grid_a answers for grid 1


def test_a_grid_worker_lists_only_their_own_grid(client, demo):
    client.force_login(demo["grid_a"])

    response = client.get(reverse("grids:grid-list"))

    assert [g.code for g in response.context["object_list"]] == ["110101001001001"]


def test_grid_list_filters_by_street_within_scope(client, demo):
    client.force_login(demo["official"])
    street = Grid.objects.get(community__code="110101002001", number=1).community.street

    response = client.get(reverse("grids:grid-list"), {"street": street.pk})

    assert len(response.context["object_list"]) == 7
    assert {g.community.street_id for g in response.context["object_list"]} == {street.pk}


def test_a_street_outside_scope_is_not_a_valid_filter_choice(client, demo):
    client.force_login(demo["window"])
    other_street = grid("110101002001", 1).community.street

    response = client.get(reverse("grids:grid-list"), {"street": other_street.pk})

    assert response.status_code == 200
    assert "street" in response.context["filter"].errors
    assert not response.context["object_list"]


def test_grid_detail_opens_for_a_grid_in_scope(client, demo):
    client.force_login(demo["grid_a"])

    response = client.get(grid("110101001001", 1).get_absolute_url())

    assert response.status_code == 200
    assert "110101001001001" in response.content.decode()


@pytest.mark.parametrize(
    ("username", "community_code", "number"),
    [
        ("grid_a", "110101001001", 2),
        ("window", "110101002001", 1),
        ("street_official", "110101001001", 1),
        ("nobody", "110101001001", 1),
    ],
)
def test_grid_detail_outside_scope_is_not_found(client, demo, username, community_code, number):
    client.force_login(demo[username])

    assert client.get(grid(community_code, number).get_absolute_url()).status_code == 404
    assert client.post(grid(community_code, number).get_absolute_url()).status_code in (404, 405)


def test_grid_list_query_count_does_not_grow_with_rows(client, demo, django_assert_max_num_queries):
    client.force_login(demo["official"])

    with django_assert_max_num_queries(12):
        response = client.get(reverse("grids:grid-list"))
    assert len(response.context["object_list"]) == 14


def test_long_area_dropdowns_list_only_what_lies_under_the_chosen_area(client, demo, monkeypatch):
    import re

    from grids import filters

    monkeypatch.setattr(filters, "LONG_LIST", 5)
    client.force_login(demo["official"])
    community = grid("110101001001", 1).community

    def grid_options(params):
        html = client.get(reverse("residents:resident-list"), params).content.decode()
        select = re.search(r'<select name="grid".*?</select>', html, re.S).group(0)
        return re.findall(r'<option value="(\d+)"', select)

    assert grid_options({}) == []  # 14 grids in the district: choose a community first
    assert len(grid_options({"community": community.pk})) == 4
    assert grid_options({"grid": grid("110101002001", 3).pk}) == [str(grid("110101002001", 3).pk)]


def _options(html, name):
    import re

    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="(\d+)"', select)


def test_dropdowns_known_to_be_long_for_the_scope_are_not_read(client, demo):
    from services.models import Department

    client.force_login(demo["official"])  # the whole district: several streets and communities
    queue = reverse("services:request-list")
    community = grid("110101001001", 1).community

    assert _options(client.get(queue).content.decode(), "grid") == []
    assert _options(client.get(queue).content.decode(), "department") == []
    with_community = client.get(queue, {"community": community.pk}).content.decode()
    assert len(_options(with_community, "grid")) == 4
    of_community = {str(pk) for pk in Department.objects.filter(community=community).values_list("pk", flat=True)}
    assert of_community
    assert set(_options(with_community, "department")) == of_community
    with_street = client.get(queue, {"street": community.street_id}).content.decode()
    of_street = {str(pk) for pk in Department.objects.filter(street=community.street_id).values_list("pk", flat=True)}
    assert of_street
    assert set(_options(with_street, "department")) == of_street


def test_a_window_clerk_sees_the_grids_and_departments_of_the_community_at_once(client, demo):
    from services.models import Department

    client.force_login(demo["window"])
    html = client.get(reverse("services:request-list")).content.decode()

    assert len(_options(html, "grid")) >= 2
    visible = {str(pk) for pk in Department.objects.visible_to(demo["window"]).values_list("pk", flat=True)}
    assert len(visible) > 1
    assert set(_options(html, "department")) == visible


def test_a_window_clerk_chooses_a_building_within_a_grid(client, demo, register):
    client.force_login(demo["window"])
    residents = reverse("residents:resident-list")

    assert _options(client.get(residents).content.decode(), "building") == []
    in_grid = _options(client.get(residents, {"grid": register["grid_1"].pk}).content.decode(), "building")
    assert in_grid == [str(register["d1"].building_id)]
