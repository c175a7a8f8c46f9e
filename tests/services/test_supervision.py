"""督办 and 重办: overdue requests in the supervision list after the task runs, notes from the street, and
a dissatisfied callback that sends a request back; the rates before and after."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from services import actions, supervision
from services.models import ServiceRequest, Supervision
from services.tasks import supervision_mark

LIST = reverse("services:supervision")


def overdue_by(service_request, days):
    ServiceRequest.objects.filter(pk=service_request.pk).update(
        due_date=timezone.localdate() - datetime.timedelta(days=days)
    )


@pytest.fixture
def overdue(new_request, requests_):
    """张三's request 5 days overdue, 李四's due tomorrow, 王五's (another street) 2 days overdue."""
    overdue_by(requests_["zhang"], 5)
    overdue_by(requests_["wang"], 2)
    ServiceRequest.objects.filter(pk=requests_["li"].pk).update(
        due_date=timezone.localdate() + datetime.timedelta(days=1)
    )
    ServiceRequest.objects.filter(pk=requests_["report"].pk).update(
        due_date=timezone.localdate() + datetime.timedelta(days=10)
    )
    return requests_


def test_a_request_past_its_due_date_is_in_the_supervision_list_after_the_task_runs(client, demo, overdue):
    client.force_login(demo["community_admin"])
    before = list(client.get(LIST).context["page"])

    supervision_mark.func(timestamp=0)

    rows = {row.request_id: row for row in client.get(LIST).context["page"]}
    assert before == []
    assert set(rows) == {overdue["zhang"].pk, overdue["li"].pk}  # not the other street's
    assert rows[overdue["zhang"].pk].level == "overdue"
    assert rows[overdue["zhang"].pk].days_overdue == 5
    assert rows[overdue["li"].pk].level == "due_soon"
    page = client.get(LIST, {"level": "overdue"}).content.decode()
    assert overdue["zhang"].number in page
    assert overdue["li"].number not in page


@pytest.mark.parametrize(
    ("username", "listed"),
    [("official", {"zhang", "li", "wang"}), ("street_official", {"wang"}), ("community_admin", {"zhang", "li"})],
)
def test_each_overseer_sees_the_supervised_requests_of_their_area(client, demo, overdue, username, listed):
    supervision.mark()
    client.force_login(demo[username])

    shown = {row.request_id for row in client.get(LIST).context["page"]}

    assert shown == {overdue[key].pk for key in listed}


@pytest.mark.parametrize("username", ["window", "grid_a", "dept", "nobody"])
def test_the_supervision_list_is_for_overseers_only(client, demo, username):
    client.force_login(demo[username])

    assert client.get(LIST).status_code == 403


def test_requests_leave_the_list_when_done_and_change_level_when_due_passes(demo, overdue):
    supervision.mark()
    li = overdue["li"]
    actions.request_transition(user=demo["window"], service_request=overdue["zhang"], action="cancel", note="重复")

    later = timezone.now() + datetime.timedelta(days=2)
    result = supervision.mark(now=later)

    assert not Supervision.objects.filter(request=overdue["zhang"]).exists()
    assert Supervision.objects.get(request=li).level == "overdue"
    assert result == {"left": 1, "entered": 1}


def test_a_street_official_issues_a_note_that_the_desk_sees_on_its_home_page(client, demo, overdue):
    supervision.mark()
    zhang = overdue["zhang"]
    client.force_login(demo["official"])

    page = client.get(zhang.get_absolute_url())
    (form,) = [form for action, _label, form in page.context["action_forms"] if action == "supervise"]
    answer = client.post(
        reverse("services:request-transition", args=[zhang.pk, "supervise"]),
        {
            "supervise-note": "请于明日前联系居民并办结",
            "supervise-version": form["version"].value(),
            "supervise-submission_key": form["submission_key"].value(),
        },
    )
    client.force_login(demo["window"])
    home = client.get(reverse("portal:home"))
    noted = client.get(reverse("services:request-list"), {"status": "open", "supervised": "true"})

    assert answer.status_code == 302
    zhang.refresh_from_db()
    assert zhang.status == "dispatched"  # a note, no change of status
    event = zhang.timeline.order_by("-at").first()
    assert (event.action, event.note, event.actor) == ("supervise", "请于明日前联系居民并办结", demo["official"])
    assert zhang.supervised_at is not None
    (panel,) = [panel for panel in home.context["panels"] if panel["template"] == "services/_home_panel.html"]
    figures = {figure["key"]: figure["count"] for figure in panel["figures"]}
    assert figures["supervised"] == 1
    assert [row.pk for row in noted.context["page"]] == [zhang.pk]


def test_the_desk_cannot_issue_supervision_notes(client, demo, overdue):
    client.force_login(demo["window"])

    answer = client.post(
        reverse("services:request-transition", args=[overdue["zhang"].pk, "supervise"]), {"supervise-note": "x"}
    )

    assert answer.status_code == 403


def resolve(demo, service_request):
    for action, fields in [("start", {}), ("resolve", {"resolution": "已办理"})]:
        service_request = actions.request_transition(
            user=demo["window"], service_request=service_request, action=action, **fields
        )
    return service_request


def test_a_dissatisfied_callback_reopens_the_request_once_then_closes_it(demo, requests_, settings):
    settings.REHANDLE_LIMIT = 1
    li = resolve(demo, requests_["li"])

    reopened = actions.request_transition(
        user=demo["window"], service_request=li, action="callback", satisfaction="dissatisfied", callback_notes="没修好"
    )
    again = actions.request_transition(
        user=demo["window"],
        service_request=resolve(demo, reopened),
        action="callback",
        satisfaction="dissatisfied",
    )

    assert (reopened.status, reopened.rehandled, reopened.first_satisfaction) == ("received", 1, "dissatisfied")
    steps = list(again.timeline.order_by("at", "pk").values_list("action", flat=True))
    assert steps[-4:] == ["rehandle", "start", "resolve", "callback"]
    assert (again.status, again.satisfaction, again.rehandled) == ("closed", "dissatisfied", 1)
    assert again.first_satisfaction == "dissatisfied"


def test_the_rates_count_first_time_and_final_callbacks_apart(demo, requests_):
    from dashboards import rollups
    from dashboards.indicators import request_figures
    from dashboards.models import RequestMonthStat

    li = resolve(demo, requests_["li"])
    li = actions.request_transition(
        user=demo["window"], service_request=li, action="callback", satisfaction="dissatisfied"
    )
    zhang = requests_["report"]
    zhang = resolve(demo, zhang)
    actions.request_transition(user=demo["window"], service_request=zhang, action="callback", satisfaction="satisfied")
    rollups.refresh(force=True)
    before = request_figures(list(RequestMonthStat.objects.filter(dimension="total", community=li.community).values()))

    li = resolve(demo, li)
    actions.request_transition(user=demo["window"], service_request=li, action="callback", satisfaction="satisfied")
    rollups.refresh(force=True)
    after = request_figures(list(RequestMonthStat.objects.filter(dimension="total", community=li.community).values()))

    assert (before["first_rated"], before["first_satisfied"], before["rated"], before["satisfied"]) == (2, 1, 1, 1)
    assert before["first_satisfaction_rate"] == 0.5
    assert (after["first_rated"], after["first_satisfied"], after["rated"], after["satisfied"]) == (2, 1, 2, 2)
    assert after["first_satisfaction_rate"] == 0.5
    assert after["satisfaction_rate"] == 1
    assert after["rehandled"] == 1


def test_the_supervision_list_reads_a_bounded_number_of_queries(
    client, demo, overdue, new_request, django_assert_max_num_queries
):
    for _ in range(20):
        overdue_by(new_request(item="高龄津贴申领", resident="li"), 3)
    supervision.mark()
    client.force_login(demo["official"])

    with django_assert_max_num_queries(12):
        page = client.get(LIST, {"overdue_for": "3", "noted": "false"})
    assert len(page.context["page"]) == 21  # and 张三's, 5 days; not 王五's, 2 days


def test_a_note_on_a_request_not_yet_due_reaches_the_desk_too(client, demo, requests_):
    li = requests_["li"]  # due in days: not in the 督办 table
    actions.request_transition(user=demo["official"], service_request=li, action="supervise", note="请加快办理")
    client.force_login(demo["window"])

    noted = client.get(reverse("services:request-list"), {"status": "open", "supervised": "true"})

    assert [row.pk for row in noted.context["page"]] == [li.pk]


def test_the_hotlines_rating_replaces_the_desks_first_one(demo, new_request, hotline_client):
    from grids.models import Community

    made = new_request(item="路灯维修", resident=None, community=Community.objects.get(code="110101001001"))
    made = resolve(demo, made)
    made = actions.request_transition(
        user=demo["window"], service_request=made, action="callback", satisfaction="satisfied"
    )

    again = actions.ticket_callback(user=hotline_client.user, service_request=made, satisfaction="dissatisfied")

    assert (again.first_satisfaction, again.rehandled, again.status) == ("dissatisfied", 1, "received")


@pytest.fixture
def hotline_client(demo):
    from grids.models import District
    from open311.actions import client_create

    client, _key = client_create(name="12345", district=District.objects.get(), may_callback=True)
    return client
