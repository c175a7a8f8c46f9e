"""The pages: a service recorded and confirmed, the totals shown, bad input, stale edits, bounded lists,
the dashboard panel."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from volunteering.models import ServiceRecord, Volunteer


def test_a_community_admin_records_a_service_confirms_it_and_the_total_shows_it(client, vol):
    client.force_login(vol["users"]["community_admin"])
    today = timezone.localdate()

    response = client.post(
        reverse("volunteering:record-create"),
        {
            "team": vol["patrol"].pk,
            "date": today.isoformat(),
            "title": "楼道清理",
            "place": "多福巷小区",
            "volunteers": [vol["qian"].pk],
            "hours": "1.5",
        },
    )
    record = ServiceRecord.objects.get(title="楼道清理")
    assert response.status_code == 302
    assert response["Location"] == record.get_absolute_url()
    assert client.get(vol["qian"].get_absolute_url()).context["hours"]["own_total"] == Decimal("2.5")

    client.post(reverse("volunteering:hours-set", args=[record.pk]), {"volunteer": vol["qian"].pk, "hours": "2"})
    record.refresh_from_db()
    confirmed = client.post(reverse("volunteering:record-confirm", args=[record.pk]), {"version": record.version})

    record.refresh_from_db()
    assert confirmed.status_code == 302
    assert record.is_confirmed
    page = client.get(vol["qian"].get_absolute_url())
    assert page.context["hours"]["own_total"] == Decimal("4.5")
    listed = client.get(reverse("volunteering:volunteer-list")).context["page"]
    assert {v.pk: v.all_hours_total for v in listed}[vol["qian"].pk] == Decimal("4.5")


def test_confirming_a_page_opened_before_the_hours_changed_is_refused(client, vol):
    client.force_login(vol["users"]["community_admin"])
    record = vol["open"]
    seen = record.version
    client.post(reverse("volunteering:hours-set", args=[record.pk]), {"volunteer": vol["qian"].pk, "hours": "2"})

    response = client.post(reverse("volunteering:record-confirm", args=[record.pk]), {"version": seen}, follow=True)

    record.refresh_from_db()
    assert not record.is_confirmed
    assert [message.level_tag for message in response.context["messages"]] == ["success", "error"]


def test_a_stale_edit_answers_409_with_the_saved_values(client, vol):
    client.force_login(vol["users"]["community_admin"])
    url = reverse("volunteering:volunteer-update", args=[vol["qian"].pk])
    form = {"community": vol["community"].pk, "name": "钱七", "joined_on": "2024-02-01", "status": "active"}
    assert client.post(url, {**form, "version": 1, "name": "钱七甲"}).status_code == 302

    response = client.post(url, {**form, "version": 1, "name": "钱七乙"})

    assert response.status_code == 409
    assert Volunteer.objects.get(pk=vol["qian"].pk).name == "钱七甲"


@pytest.mark.parametrize(
    ("hours", "date"),
    [("30", None), ("0", None), ("abc", None), ("2", "2999-01-01"), ("2", "not a date")],
)
def test_bad_input_is_answered_on_the_form(client, vol, hours, date):
    client.force_login(vol["users"]["community_admin"])

    response = client.post(
        reverse("volunteering:record-create"),
        {
            "team": vol["patrol"].pk,
            "date": date or timezone.localdate().isoformat(),
            "title": "巡逻",
            "volunteers": [vol["qian"].pk],
            "hours": hours,
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not ServiceRecord.objects.filter(title="巡逻", team=vol["patrol"]).exists()


def test_a_second_rating_of_the_same_year_is_a_form_error(client, vol):
    client.force_login(vol["users"]["community_admin"])
    url = reverse("volunteering:rating-create", args=[vol["organisation"].pk])
    year = timezone.localdate().year - 1
    form = {"year": year, "governance": 18, "activities": 20, "services": 20, "finances": 12, "reputation": 12}
    form["rated_on"] = timezone.localdate().isoformat()
    assert client.post(url, form).status_code == 302

    again = client.post(url, form)

    assert again.status_code == 200
    assert again.context["form"].errors
    page = client.get(vol["organisation"].get_absolute_url())
    assert [(r.year, r.total, r.stars) for r in page.context["ratings"]] == [(year, 82, 4)]


@pytest.fixture
def crowd(vol):
    from tests.volunteering.conftest import record

    admin = vol["users"]["community_admin"]
    volunteers = Volunteer.objects.bulk_create(
        Volunteer(community=vol["community"], name=f"志愿者{n}", joined_on=timezone.localdate()) for n in range(40)
    )
    record(admin, vol["patrol"], volunteers, Decimal("1"), on=timezone.localdate())
    return vol


@pytest.mark.parametrize("username", ["community_admin", "secretary", "official"])
def test_lists_take_a_bounded_number_of_queries(client, crowd, django_assert_max_num_queries, username):
    client.force_login(crowd["users"][username])
    urls = [
        reverse("volunteering:volunteer-list"),
        reverse("volunteering:volunteer-list") + f"?team={crowd['patrol'].pk}&status=active&q=志愿",
        reverse("volunteering:team-list"),
        reverse("volunteering:record-list"),
        reverse("volunteering:organisation-list") + "?kind=elderly&stars=3&status=active",
        crowd["patrol"].get_absolute_url(),
        crowd["confirmed"].get_absolute_url(),
        crowd["zhang"].get_absolute_url(),
        crowd["organisation"].get_absolute_url(),
    ]
    for url in urls:
        with django_assert_max_num_queries(14):
            assert client.get(url).status_code == 200, url


def test_the_dashboard_panel_counts_the_area(rf, vol, dual):
    from dashboards.areas import Area
    from dashboards.periods import parse
    from volunteering.dashboard import panel

    request = rf.get("/")
    request.user = vol["users"]["community_admin"]
    period = parse({})

    community = panel(request, Area("community", vol["community"]), period)
    own_rows = panel(request, Area("district", vol["community"].street.district), period)  # the reader's rows
    request.user = vol["users"]["official"]
    district = panel(request, Area("district", vol["community"].street.district), period)
    request.user = vol["users"]["grid_a"]

    assert (community["teams"], community["volunteers"], community["organisations"]) == (2, 2, 1)
    assert community["hours"] == {"own": Decimal("5"), "party": Decimal("1.5"), "total": Decimal("6.5")}
    assert not community["target_met"]
    assert (district["teams"], district["organisations"], district["communities_count"]) == (3, 2, 4)
    assert (own_rows["teams"], own_rows["organisations"]) == (2, 1)
    assert panel(request, Area("community", vol["community"]), period) is None


def test_the_area_dashboard_shows_the_panel(client, vol):
    client.force_login(vol["users"]["official"])
    district = vol["community"].street.district

    page = client.get(reverse("dashboards:area", args=["district", district.pk])).content.decode()

    assert 'data-testid="volunteering-panel"' in page


def test_the_resident_page_shows_the_volunteer_hours_to_readers_of_volunteering(client, vol):
    resident_page = vol["zhang"].resident.get_absolute_url()

    client.force_login(vol["users"]["community_admin"])
    shown = client.get(resident_page).content.decode()
    client.force_login(vol["users"]["grid_a"])  # reads the register, not volunteering
    hidden = client.get(resident_page).content.decode()

    assert 'data-testid="volunteer-hours"' in shown
    assert "2.5" in shown
    assert 'data-testid="volunteer-hours"' not in hidden


def test_a_volunteer_on_the_register_is_linked_by_the_id_number_typed(client, vol):
    from residents.models import Resident

    resident = Resident.objects.filter(community=vol["community"], volunteers__isnull=True).first()
    client.force_login(vol["users"]["community_admin"])
    url = reverse("volunteering:volunteer-create")
    form = {"community": vol["community"].pk, "joined_on": "2026-01-05", "status": "active"}

    unknown = client.post(url, {**form, "resident": "110101199001011234"})
    linked = client.post(url, {**form, "resident": resident.id_number.lower().replace("", " ").strip()})

    assert unknown.status_code == 200
    assert "resident" in unknown.context["form"].errors
    assert linked.status_code == 302
    assert Volunteer.objects.get(resident=resident).name == resident.name
    assert resident.id_number not in client.get(url).content.decode()  # the form shows no ID number
