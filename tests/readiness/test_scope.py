"""Who reads and who keeps readiness: each role inside its area and outside it (404)."""

import pytest
from django.urls import reverse

from readiness.models import Plan, Supply, Team

LISTS = ["supply-list", "plan-list", "team-list"]


def pages(rdy, side):
    if side == "in":
        return [rdy["vests"], rdy["plan"], rdy["team"]]
    return [rdy["far_supply"], rdy["far_plan"], rdy["far_team"]]


@pytest.mark.parametrize(
    ("username", "inside", "outside"),
    [("community_admin", "in", "far"), ("secretary", "in", "far"), ("street_official", "far", "in")],
)
def test_readers_open_their_area_and_get_404_outside(client, rdy, username, inside, outside):
    client.force_login(rdy["users"][username])

    for name in LISTS:
        assert client.get(reverse(f"readiness:{name}")).status_code == 200, name
    for obj in pages(rdy, inside):
        assert client.get(obj.get_absolute_url()).status_code == 200, obj
    for obj in pages(rdy, outside):
        assert client.get(obj.get_absolute_url()).status_code == 404, obj


def test_the_district_official_reads_every_community(client, rdy):
    client.force_login(rdy["users"]["official"])

    for obj in pages(rdy, "in") + pages(rdy, "far"):
        assert client.get(obj.get_absolute_url()).status_code == 200, obj


@pytest.mark.parametrize("username", ["window", "grid_a", "nobody", "dept"])
def test_roles_without_readiness_are_refused(client, rdy, username):
    client.force_login(rdy["users"][username])

    assert client.get(reverse("readiness:supply-list")).status_code == 403
    assert client.get(rdy["vests"].get_absolute_url()).status_code == 403


def test_lists_hold_only_the_rows_in_scope(rdy):
    cadmin, street = rdy["users"]["community_admin"], rdy["users"]["street_official"]

    assert set(Supply.objects.visible_to(cadmin)) == {rdy["vests"], rdy["water"], rdy["biscuits"]}
    assert set(Supply.objects.visible_to(street)) == {rdy["far_supply"]}
    assert set(Plan.objects.visible_to(street)) == {rdy["far_plan"]}
    assert set(Team.objects.visible_to(cadmin)) == {rdy["team"]}
    assert not Supply.objects.visible_to(rdy["users"]["grid_a"]).exists()


@pytest.mark.parametrize("username", ["secretary", "official"])
def test_readers_change_nothing(client, rdy, username):
    client.force_login(rdy["users"][username])

    for url in [
        reverse("readiness:supply-create"),
        reverse("readiness:movement-create", args=[rdy["vests"].pk]),
        reverse("readiness:plan-update", args=[rdy["plan"].pk]),
        reverse("readiness:member-create", args=[rdy["team"].pk]),
    ]:
        assert client.get(url).status_code == 403, url


def test_a_community_admin_keeps_nothing_of_another_community(client, rdy):
    client.force_login(rdy["users"]["community_admin"])

    for url in [
        reverse("readiness:supply-update", args=[rdy["far_supply"].pk]),
        reverse("readiness:movement-create", args=[rdy["far_supply"].pk]),
        reverse("readiness:drill-create", args=[rdy["far_plan"].pk]),
        reverse("readiness:team-update", args=[rdy["far_team"].pk]),
    ]:
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("readiness:movement-create", args=[rdy["far_supply"].pk]),
        {"direction": "in", "quantity": 5, "date": "2026-01-01", "reason": "x"},
    )
    assert response.status_code == 404
