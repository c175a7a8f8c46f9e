"""Who reads and who keeps volunteering: each role inside its area and outside it (404)."""

import pytest
from django.urls import reverse

from volunteering.models import ServiceRecord, SocialOrganisation, Team, Volunteer

LISTS = ["volunteer-list", "team-list", "record-list", "organisation-list"]


def pages(vol, side):
    """The detail pages of one side: "in" is 多福巷社区, "far" is 景山东街社区."""
    if side == "in":
        return [vol["zhang"], vol["patrol"], vol["confirmed"], vol["organisation"]]
    return [vol["wang"], vol["far_team"], vol["far_record"], vol["far_organisation"]]


@pytest.mark.parametrize(
    ("username", "inside", "outside"),
    [
        ("community_admin", "in", "far"),
        ("secretary", "in", "far"),
        ("street_official", "far", "in"),
    ],
)
def test_readers_open_their_area_and_get_404_outside(client, vol, username, inside, outside):
    client.force_login(vol["users"][username])

    for name in LISTS:
        assert client.get(reverse(f"volunteering:{name}")).status_code == 200, name
    for obj in pages(vol, inside):
        assert client.get(obj.get_absolute_url()).status_code == 200, obj
    for obj in pages(vol, outside):
        assert client.get(obj.get_absolute_url()).status_code == 404, obj


def test_the_district_official_reads_every_community(client, vol):
    client.force_login(vol["users"]["official"])

    for obj in pages(vol, "in") + pages(vol, "far"):
        assert client.get(obj.get_absolute_url()).status_code == 200, obj


@pytest.mark.parametrize("username", ["window", "grid_a", "nobody", "dept"])
def test_roles_without_volunteering_are_refused(client, vol, username):
    client.force_login(vol["users"][username])

    assert client.get(reverse("volunteering:volunteer-list")).status_code == 403
    assert client.get(vol["zhang"].get_absolute_url()).status_code == 403


def test_lists_hold_only_the_rows_in_scope(vol):
    cadmin, street = vol["users"]["community_admin"], vol["users"]["street_official"]

    assert set(Volunteer.objects.visible_to(cadmin)) == {vol["zhang"], vol["qian"]}
    assert set(Volunteer.objects.visible_to(street)) == {vol["wang"]}
    assert set(Team.objects.visible_to(street)) == {vol["far_team"]}
    assert set(ServiceRecord.objects.visible_to(cadmin)) == {vol["confirmed"], vol["open"]}
    assert set(SocialOrganisation.objects.visible_to(cadmin)) == {vol["organisation"]}
    assert not Volunteer.objects.visible_to(vol["users"]["grid_a"]).exists()


@pytest.mark.parametrize("username", ["secretary", "official"])
def test_readers_change_nothing(client, vol, username):
    client.force_login(vol["users"][username])

    for url in [
        reverse("volunteering:volunteer-create"),
        reverse("volunteering:record-create"),
        reverse("volunteering:volunteer-update", args=[vol["zhang"].pk]),
        reverse("volunteering:organisation-create"),
    ]:
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("volunteering:record-confirm", args=[vol["open"].pk])).status_code == 403
    page = client.get(vol["open"].get_absolute_url()).content.decode()
    assert 'data-testid="confirm"' not in page


def test_a_community_admin_keeps_nothing_of_another_community(client, vol):
    client.force_login(vol["users"]["community_admin"])

    for url in [
        reverse("volunteering:volunteer-update", args=[vol["wang"].pk]),
        reverse("volunteering:team-update", args=[vol["far_team"].pk]),
        reverse("volunteering:record-update", args=[vol["far_record"].pk]),
        reverse("volunteering:hours-set", args=[vol["far_record"].pk]),
        reverse("volunteering:organisation-update", args=[vol["far_organisation"].pk]),
        reverse("volunteering:rating-create", args=[vol["far_organisation"].pk]),
    ]:
        assert client.get(url).status_code == 404, url
    response = client.post(reverse("volunteering:record-confirm", args=[vol["far_record"].pk]))
    assert response.status_code == 404
    vol["far_record"].refresh_from_db()
    assert not vol["far_record"].is_confirmed


def test_phones_are_masked_on_the_pages(client, vol):
    client.force_login(vol["users"]["community_admin"])

    listed = client.get(reverse("volunteering:volunteer-list")).content.decode()
    page = client.get(vol["qian"].get_absolute_url()).content.decode()
    organisation = client.get(vol["organisation"].get_absolute_url()).content.decode()
    edit = client.get(reverse("volunteering:volunteer-update", args=[vol["qian"].pk])).content.decode()

    assert "13611112222" not in listed + page + edit
    assert "136****2222" in page
    assert "13500001234" not in organisation
    assert "135****1234" in organisation
    # 张三's phone is the register's
    assert "138****5678" in listed
