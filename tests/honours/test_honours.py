"""Honours: the scope of each role, the flow and its rules, the version check, the household's page, the
list's queries, the dashboard panel and the demo."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from honours import actions
from honours.models import HonourKind, Nomination


def _today():
    return timezone.localdate()


@pytest.mark.parametrize(
    ("username", "inside", "outside"),
    [
        ("community_admin", "nomination", "far"),
        ("window", "nomination", "far"),
        ("grid_a", "nomination", "far"),
        ("street_official", "far", "nomination"),
    ],
)
def test_each_role_reads_its_area_and_gets_404_outside(client, hon, username, inside, outside):
    client.force_login(hon["users"][username])

    response = client.get(reverse("honours:nomination-list"))
    assert response.status_code == 200
    assert hon[inside].kind.name in response.content.decode()
    assert client.get(hon[inside].get_absolute_url()).status_code == 200
    assert client.get(hon[outside].get_absolute_url()).status_code == 404
    assert set(Nomination.objects.visible_to(hon["users"][username])) >= {hon[inside]}
    assert hon[outside] not in Nomination.objects.visible_to(hon["users"][username])


def test_the_district_official_reads_all_and_changes_nothing(client, hon):
    client.force_login(hon["users"]["official"])

    for nomination in (hon["nomination"], hon["far"]):
        assert client.get(nomination.get_absolute_url()).status_code == 200
    assert client.get(reverse("honours:nomination-appraise", args=[hon["nomination"].pk])).status_code == 403
    assert client.get(reverse("honours:nomination-create")).status_code == 403


def test_a_community_admin_keeps_nothing_of_another_community(client, hon):
    client.force_login(hon["users"]["community_admin"])

    assert client.get(reverse("honours:nomination-appraise", args=[hon["far"].pk])).status_code == 404
    assert client.get(reverse("honours:nomination-appraise", args=[hon["nomination"].pk])).status_code == 200


def test_the_nominee_must_match_the_kind_and_be_in_scope(client, hon):
    client.force_login(hon["users"]["community_admin"])
    url = reverse("honours:nomination-create")
    register = hon["register"]

    wrong = client.post(
        url, {"kind": hon["family"].pk, "year": hon["year"], "resident": register["li"].id_number, "reason": "x"}
    )
    assert wrong.status_code == 200
    assert "household" in wrong.context["form"].errors
    # 王五's household is another community's: not a choice.
    far = client.post(
        url, {"kind": hon["family"].pk, "year": hon["year"], "household": hon["far"].household.number, "reason": "x"}
    )
    assert "household" in far.context["form"].errors
    twice = client.post(
        url, {"kind": hon["family"].pk, "year": hon["year"], "household": register["household"].number, "reason": "x"}
    )
    assert twice.status_code == 200
    assert twice.context["form"].errors
    made = client.post(
        url,
        {"kind": hon["family"].pk, "year": hon["year"], "household": register["household_2"].number, "reason": "热心"},
    )
    assert made.status_code == 302
    assert Nomination.objects.get(household=register["household_2"]).community_id == hon["nomination"].community_id


def test_the_flow_through_the_pages_with_its_rules(client, hon):
    client.force_login(hon["users"]["community_admin"])
    nomination = hon["nomination"]
    today = _today()

    def step(name, data):
        nomination.refresh_from_db()
        url = reverse(f"honours:nomination-{name}", args=[nomination.pk])
        return client.post(url, {**data, "version": nomination.version})

    appraisal = {
        "votes_for": 18,
        "votes_against": 2,
        "votes_abstain": 1,
        "appraised_on": today - datetime.timedelta(days=10),
    }
    assert step("appraise", appraisal).status_code == 302
    # 公示 of 4 days is refused; so is an end before the start.
    start = today - datetime.timedelta(days=9)
    short = step("notice", {"starts_on": start, "ends_on": start + datetime.timedelta(days=3)})
    assert short.status_code == 200
    assert "ends_on" in short.context["form"].errors
    backwards = step("notice", {"starts_on": start, "ends_on": start - datetime.timedelta(days=1)})
    assert "ends_on" in backwards.context["form"].errors
    assert step("notice", {"starts_on": start, "ends_on": today}).status_code == 302
    # No award before the notice has ended.
    early = step("award", {"awarded_on": today})
    assert early.status_code == 200
    assert "awarded_on" in early.context["form"].errors
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.NOTICE

    page = client.get(nomination.get_absolute_url()).content.decode()
    # The history: created, appraised, on notice.
    assert page.count('data-testid="history-entry"') == 3


def test_an_upheld_objection_stops_the_award(hon):
    cadmin, nomination, today = hon["users"]["community_admin"], hon["nomination"], _today()
    actions.nomination_appraise(
        user=cadmin,
        nomination=nomination,
        votes_for=9,
        votes_against=1,
        votes_abstain=0,
        appraised_on=today - datetime.timedelta(days=20),
    )
    start = today - datetime.timedelta(days=15)
    actions.nomination_start_notice(
        user=cadmin, nomination=nomination, starts_on=start, ends_on=start + datetime.timedelta(days=6)
    )
    actions.objection_add(user=cadmin, nomination=nomination, text="不实", raised_on=start, upheld=True)

    with pytest.raises(actions.ValidationError):
        actions.nomination_award(user=cadmin, nomination=nomination, awarded_on=today)
    actions.nomination_reject(user=cadmin, nomination=nomination, reason="异议成立")
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.REJECTED


def test_a_failed_appraisal_does_not_go_on_notice(hon):
    cadmin, nomination, today = hon["users"]["community_admin"], hon["nomination"], _today()
    actions.nomination_appraise(
        user=cadmin, nomination=nomination, votes_for=3, votes_against=5, votes_abstain=1, appraised_on=today
    )
    with pytest.raises(actions.ValidationError):
        actions.nomination_start_notice(
            user=cadmin, nomination=nomination, starts_on=today, ends_on=today + datetime.timedelta(days=7)
        )


def test_a_stale_version_answers_409(client, hon):
    client.force_login(hon["users"]["community_admin"])
    nomination = hon["nomination"]
    seen = nomination.version
    actions.nomination_reject(user=hon["users"]["community_admin"], nomination=nomination, reason="重复推荐")

    response = client.post(
        reverse("honours:nomination-appraise", args=[nomination.pk]),
        {"votes_for": 1, "votes_against": 0, "votes_abstain": 0, "appraised_on": _today(), "version": seen},
    )
    assert response.status_code == 409


def test_the_household_page_shows_its_awarded_honours(client, hon):
    cadmin, nomination, today = hon["users"]["community_admin"], hon["nomination"], _today()
    household = hon["register"]["household"]
    client.force_login(hon["users"]["window"])
    assert 'data-testid="honours-panel"' not in client.get(household.get_absolute_url()).content.decode()

    actions.nomination_appraise(
        user=cadmin,
        nomination=nomination,
        votes_for=9,
        votes_against=0,
        votes_abstain=0,
        appraised_on=today - datetime.timedelta(days=20),
    )
    start = today - datetime.timedelta(days=15)
    actions.nomination_start_notice(
        user=cadmin, nomination=nomination, starts_on=start, ends_on=start + datetime.timedelta(days=6)
    )
    actions.nomination_award(user=cadmin, nomination=nomination, awarded_on=today)

    page = client.get(household.get_absolute_url()).content.decode()
    assert 'data-testid="honours-panel"' in page
    assert "星级文明家庭" in page


def test_the_list_runs_a_bounded_number_of_queries(client, hon, django_assert_max_num_queries):
    cadmin = hon["users"]["community_admin"]
    kind = HonourKind.objects.create(name="民族团结进步示范户", target=HonourKind.Target.HOUSEHOLD)
    for year in range(2015, 2025):
        actions.nomination_create(
            user=cadmin,
            nomination=Nomination(year=year, kind=kind, household=hon["register"]["household"], reason="团结"),
        )
    client.force_login(cadmin)

    with django_assert_max_num_queries(20):
        response = client.get(reverse("honours:nomination-list"), {"kind": kind.pk})
    assert response.status_code == 200
    assert response.context["count"] == 10


def test_the_dashboard_panel_counts_the_area(rf, hon):
    from types import SimpleNamespace

    from grids.models import Community
    from honours.dashboard import panel

    request = rf.get("/")
    request.user = hon["users"]["community_admin"]
    year = hon["year"]
    area = SimpleNamespace(communities=Community.objects.filter(pk=hon["nomination"].community_id))
    period = SimpleNamespace(start_date=datetime.date(year - 1, 1, 1), end_date=datetime.date(year, 12, 31))

    result = panel(request, area, period)
    assert result["awarded"] == 1
    assert dict(result["by_status"])[Nomination.Status.NOMINATED.label] == 1
    request.user = hon["users"]["dept"]
    assert panel(request, area, period) is None


def test_the_demo_seeds_nominations_in_every_state(demo, register):
    from demo.honours import seed_honours

    seed_honours()
    count = Nomination.objects.count()
    seed_honours()

    assert Nomination.objects.count() == count > 0
    assert HonourKind.objects.count() == 3
    assert Nomination.objects.awarded().exists()


def test_the_resident_page_shows_the_residents_awarded_honours(client, hon):
    cadmin, today = hon["users"]["community_admin"], _today()
    kind = HonourKind.objects.create(name="道德模范", target=HonourKind.Target.RESIDENT)
    zhang = hon["register"]["zhang"]
    nomination = actions.nomination_create(
        user=cadmin, nomination=Nomination(year=today.year, kind=kind, resident=zhang, reason="见义勇为")
    )
    actions.nomination_appraise(
        user=cadmin,
        nomination=nomination,
        votes_for=9,
        votes_against=0,
        votes_abstain=0,
        appraised_on=today - datetime.timedelta(days=20),
    )
    start = today - datetime.timedelta(days=15)
    actions.nomination_start_notice(
        user=cadmin, nomination=nomination, starts_on=start, ends_on=start + datetime.timedelta(days=6)
    )
    actions.nomination_award(user=cadmin, nomination=nomination, awarded_on=today)
    client.force_login(hon["users"]["grid_a"])

    page = client.get(zhang.get_absolute_url()).content.decode()
    assert 'data-testid="honours-panel"' in page
    assert "道德模范" in page


@pytest.mark.parametrize("username", ["window", "grid_a", "secretary"])
def test_readers_change_nothing(client, hon, username):
    client.force_login(hon["users"][username])

    assert client.get(reverse("honours:nomination-create")).status_code == 403
    assert (
        client.post(reverse("honours:nomination-reject", args=[hon["nomination"].pk]), {"reason": "x"}).status_code
        == 403
    )
    assert 'data-testid="steps"' not in client.get(hon["nomination"].get_absolute_url()).content.decode()


@pytest.mark.parametrize("username", ["nobody", "dept"])
def test_users_without_a_post_are_refused(client, hon, username):
    client.force_login(hon["users"][username])

    assert client.get(reverse("honours:nomination-list")).status_code == 403


def test_a_nomination_saved_twice_at_once_is_a_form_error(client, hon, monkeypatch):
    """The same nominee saved by a colleague between this form's checks and its save: the unique constraint
    refuses it, and the form says why (the checks before the save are skipped to stand for the race)."""
    checks = Nomination.validate_constraints
    calls = []

    def racing(self, *args, **kwargs):
        calls.append(1)
        if len(calls) > 2:  # the form's and the action's checks ran before the colleague's save
            checks(self, *args, **kwargs)

    monkeypatch.setattr(Nomination, "validate_constraints", racing)
    client.force_login(hon["users"]["community_admin"])
    household = hon["register"]["household"].number
    data = {"kind": hon["family"].pk, "year": hon["year"], "household": household, "reason": "x"}

    response = client.post(reverse("honours:nomination-create"), data)

    assert response.status_code == 200
    unique = next(c for c in Nomination._meta.constraints if c.name == "honours_nom_household_once")
    with translation.override("zh-hans"):
        assert str(unique.violation_error_message) in response.content.decode()
