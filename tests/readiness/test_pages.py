"""The pages: forms, stale edits, expiry filters, masked phones, bounded lists, the dashboard panel."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from readiness.models import Member, Plan, Supply


def test_a_stale_edit_answers_409_with_the_saved_values(client, rdy):
    client.force_login(rdy["users"]["community_admin"])
    url = reverse("readiness:plan-update", args=[rdy["plan"].pk])
    form = {
        "community": rdy["community"].pk,
        "kind": "flood",
        "version_label": "2026年版",
        "approved_on": "2026-01-05",
        "status": "active",
    }
    assert client.post(url, {**form, "version": 1, "title": "防汛预案甲"}).status_code == 302

    response = client.post(url, {**form, "version": 1, "title": "防汛预案乙"})

    assert response.status_code == 409
    assert Plan.objects.get(pk=rdy["plan"].pk).title == "防汛预案甲"


def test_a_supply_is_created_with_nothing_on_hand(client, rdy):
    client.force_login(rdy["users"]["community_admin"])

    response = client.post(
        reverse("readiness:supply-create"),
        {"community": rdy["community"].pk, "name": "应急照明灯", "unit": "个", "place": "储备室"},
    )

    assert response.status_code == 302
    assert Supply.objects.get(name="应急照明灯").quantity == 0


def test_a_member_takes_a_free_place_in_the_call_order(client, rdy):
    client.force_login(rdy["users"]["community_admin"])
    url = reverse("readiness:member-create", args=[rdy["team"].pk])
    form = {"name": "郑丽华", "phone": "13912345678", "role": "医疗救护"}

    taken = client.post(url, {**form, "call_order": 2})
    assert taken.status_code == 200
    assert taken.context["form"].errors
    assert client.post(url, {**form, "call_order": 3}).status_code == 302
    assert list(rdy["team"].members.values_list("call_order", flat=True)) == [1, 2, 3]


def test_the_team_page_masks_the_phones(client, rdy):
    client.force_login(rdy["users"]["secretary"])

    page = client.get(rdy["team"].get_absolute_url()).content.decode()

    assert "13812345671" not in page
    assert Member.objects.get(name="周建国").masked_phone in page


@pytest.mark.parametrize(("expiry", "names"), [("expiring", {"饮用水"}), ("expired", {"压缩饼干"}), ("", None)])
def test_the_supply_list_filters_on_expiry(client, rdy, expiry, names):
    client.force_login(rdy["users"]["community_admin"])

    response = client.get(reverse("readiness:supply-list"), {"expiry": expiry})

    shown = {supply.name for supply in response.context["page"]}
    assert shown == (names or {"救生衣", "饮用水", "压缩饼干"})


def test_a_drill_is_listed_on_its_plan(client, rdy):
    client.force_login(rdy["users"]["community_admin"])
    today = timezone.localdate()

    response = client.post(
        reverse("readiness:drill-create", args=[rdy["plan"].pk]),
        {"date": today.isoformat(), "participants": 45, "notes": "地下车库封堵演练"},
    )
    future = client.post(
        reverse("readiness:drill-create", args=[rdy["plan"].pk]),
        {"date": (today + datetime.timedelta(3)).isoformat(), "participants": 5},
    )

    assert response.status_code == 302
    assert future.status_code == 200
    assert future.context["form"].errors["date"]
    assert "地下车库封堵演练" in client.get(rdy["plan"].get_absolute_url()).content.decode()


@pytest.fixture
def crowd(rdy):
    cadmin = rdy["users"]["community_admin"]
    from readiness import actions

    for n in range(25):
        actions.supply_save(
            user=cadmin, supply=Supply(community=rdy["community"], name=f"物资{n}", unit="个", place="储备室")
        )
        actions.plan_save(
            user=cadmin,
            plan=Plan(
                community=rdy["community"],
                kind="other",
                title=f"预案{n}",
                version_label="1",
                approved_on=timezone.localdate(),
            ),
        )
    return rdy


@pytest.mark.parametrize("username", ["community_admin", "secretary", "official"])
def test_lists_take_a_bounded_number_of_queries(client, crowd, django_assert_max_num_queries, username):
    client.force_login(crowd["users"][username])
    urls = [
        reverse("readiness:supply-list"),
        reverse("readiness:supply-list") + "?expiry=expiring&q=水",
        reverse("readiness:plan-list") + "?kind=flood&status=active",
        reverse("readiness:team-list"),
        crowd["vests"].get_absolute_url(),
        crowd["plan"].get_absolute_url(),
        crowd["team"].get_absolute_url(),
    ]
    for url in urls:
        with django_assert_max_num_queries(14):
            assert client.get(url).status_code == 200, url


def test_the_dashboard_panel_counts_the_area(rf, rdy):
    from dashboards.areas import Area
    from dashboards.periods import parse
    from readiness.dashboard import panel

    request = rf.get("/")
    request.user = rdy["users"]["community_admin"]
    period = parse({})

    community = panel(request, Area("community", rdy["community"]), period)
    district = panel(request, Area("district", rdy["community"].street.district), period)
    request.user = rdy["users"]["grid_a"]

    assert (community["supplies"], community["expiring"], community["expired"]) == (3, 1, 1)
    assert (community["plans"], community["drills"], community["teams"], community["members"]) == (1, 1, 1, 2)
    assert (district["supplies"], district["plans"], district["teams"]) == (4, 2, 2)
    assert panel(request, Area("community", rdy["community"]), period) is None


def test_the_area_dashboard_shows_the_panel(client, rdy):
    client.force_login(rdy["users"]["official"])
    district = rdy["community"].street.district

    page = client.get(reverse("dashboards:area", args=["district", district.pk])).content.decode()

    assert 'data-testid="readiness-panel"' in page


def test_the_demo_seeds_supplies_plans_and_teams(demo):
    from demo.readiness import seed_readiness
    from readiness.models import Drill, Team

    seed_readiness()
    counts = (Supply.objects.count(), Plan.objects.count(), Drill.objects.count(), Team.objects.count())
    seed_readiness()

    assert (Supply.objects.count(), Plan.objects.count(), Drill.objects.count(), Team.objects.count()) == counts
    assert counts[1:] == (8, 8, 4)
    assert Member.objects.count() == 20
    assert all(supply.quantity > 0 for supply in Supply.objects.all())


def test_the_forms_open_for_the_community_admin(client, rdy):
    client.force_login(rdy["users"]["community_admin"])
    member = rdy["team"].members.first()
    urls = [
        reverse("readiness:supply-create"),
        reverse("readiness:supply-update", args=[rdy["vests"].pk]),
        reverse("readiness:movement-create", args=[rdy["vests"].pk]),
        reverse("readiness:plan-create"),
        reverse("readiness:plan-update", args=[rdy["plan"].pk]),
        reverse("readiness:drill-create", args=[rdy["plan"].pk]),
        reverse("readiness:team-create"),
        reverse("readiness:team-update", args=[rdy["team"].pk]),
        reverse("readiness:member-create", args=[rdy["team"].pk]),
        reverse("readiness:member-update", args=[member.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url
    assert member.phone not in client.get(reverse("readiness:member-update", args=[member.pk])).content.decode()


def test_a_member_edit_left_without_a_phone_keeps_the_saved_one(client, rdy):
    client.force_login(rdy["users"]["community_admin"])
    member = rdy["team"].members.get(call_order=1)

    response = client.post(
        reverse("readiness:member-update", args=[member.pk]),
        {"name": member.name, "phone": "", "role": "队长", "call_order": 1, "version": member.version},
    )

    assert response.status_code == 302
    saved = Member.objects.get(pk=member.pk)
    assert (saved.role, saved.phone) == ("队长", member.phone)
