"""The life of a topic through its actions and pages: raised (from a request too), met on, decided,
followed up and done, or dropped; each step in a transaction, with its history and version check."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from common.actions import StaleEdit
from deliberation import actions
from deliberation.models import Meeting, Task, Topic, TopicStep
from grids.models import Community


def post(client, url, data):
    return client.post(url, {"submission_key": str(uuid.uuid4()), **data})


def test_the_whole_chain_goes_through_its_statuses_with_a_step_each(demo, decided):
    topic, task = decided["topic"], decided["task"]
    assert topic.status == "following_up"
    assert topic.decided_at is not None

    with pytest.raises(ValidationError, match="仍有跟进任务未完成"):
        actions.topic_transition(user=demo["window"], topic=topic, action="done")
    actions.task_done(user=demo["window"], task=task, version=task.version, on=timezone.localdate(), note="已清理")
    done = actions.topic_transition(user=demo["window"], topic=topic, action="done", version=topic.version)

    assert done.status == "done"
    assert done.closed_at is not None
    assert list(TopicStep.objects.filter(topic=topic).values_list("action", "to_status")) == [
        ("raise", "raised"),
        ("schedule", "scheduled"),
        ("decide", "decided"),
        ("follow_up", "following_up"),
        ("done", "done"),
    ]
    # The change history (pghistory) keeps every save of the topic as well.
    assert Topic.pgh_event_model.objects.filter(pgh_obj=topic).count() >= 5


def test_a_state_change_on_a_version_someone_moved_past_is_stale(demo, decided):
    topic = decided["topic"]
    seen = topic.version
    actions.topic_update(user=demo["window"], topic=Topic.objects.get(pk=topic.pk), version=seen)

    with pytest.raises(StaleEdit):
        actions.topic_transition(user=demo["community_admin"], topic=topic, action="drop", version=seen, reason="重复")
    with pytest.raises(StaleEdit):
        actions.topic_update(user=demo["window"], topic=topic, version=seen)
    assert Topic.objects.get(pk=topic.pk).status == "following_up"


def test_an_edit_from_a_stale_page_answers_409_and_saves_nothing(client, demo, topics):
    topic = topics["near"]
    url = reverse("deliberation:topic-update", args=[topic.pk])
    client.force_login(demo["window"])
    fields = {"title": "楼道堆物清理", "description": "", "grid": topic.grid_id, "version": topic.version}
    assert post(client, url, fields).status_code == 302

    response = post(client, url, {**fields, "title": "旧页面的标题"})

    assert response.status_code == 409
    assert Topic.objects.get(pk=topic.pk).title == "楼道堆物清理"


def test_marking_a_task_done_from_a_stale_page_answers_409(client, demo, decided):
    task = decided["task"]
    Task.objects.filter(pk=task.pk).update(version=task.version + 1)
    client.force_login(demo["window"])

    response = post(
        client, reverse("deliberation:task-done", args=[task.pk]), {"on": timezone.localdate(), "version": task.version}
    )

    assert response.status_code == 409
    assert Task.objects.get(pk=task.pk).status == "open"


def test_a_dispute_is_done_with_its_outcome_and_the_rate_counts_it(client, demo, decided):
    topic = decided["topic"]
    Topic.objects.filter(pk=topic.pk).update(is_dispute=True)
    actions.task_done(user=demo["window"], task=decided["task"], version=None, on=timezone.localdate())
    topic.refresh_from_db()
    client.force_login(demo["window"])
    url = reverse("deliberation:topic-step", args=[topic.pk, "done"])

    refused = post(client, url, {"version": topic.version})
    done = post(client, url, {"version": topic.version, "outcome": "settled"})

    assert refused.status_code == 200
    assert "outcome" in refused.context["form"].errors
    assert done.status_code == 302
    response = client.get(reverse("deliberation:topic-disputes"))
    assert (response.context["handled"], response.context["settled"], response.context["rate"]) == (1, 1, 100.0)


def test_dropping_needs_a_reason_said_in_chinese(client, demo, topics):
    topic = topics["near"]
    client.force_login(demo["window"])
    url = reverse("deliberation:topic-step", args=[topic.pk, "drop"])

    refused = post(client, url, {"version": topic.version, "reason": ""})
    dropped = post(client, url, {"version": topic.version, "reason": "居民已自行协商解决"})

    assert refused.status_code == 200
    assert "这个字段是必填项" in refused.content.decode()
    assert dropped.status_code == 302
    topic.refresh_from_db()
    assert (topic.status, topic.drop_reason) == ("dropped", "居民已自行协商解决")
    assert client.get(reverse("deliberation:meeting-create", args=[topic.pk])).status_code == 404


def test_a_step_not_possible_now_is_refused_without_a_500(client, demo, topics):
    topic = topics["near"]
    client.force_login(demo["window"])

    response = post(client, reverse("deliberation:topic-step", args=[topic.pk, "done"]), {"version": topic.version})

    assert response.status_code == 200
    assert Topic.objects.get(pk=topic.pk).status == "raised"
    assert client.get(reverse("deliberation:topic-step", args=[topic.pk, "nonsense"])).status_code == 404


def test_more_by_video_than_attended_is_refused(demo, topics):
    meeting = Meeting(
        topic=topics["near"], kind="council", place="议事厅", held_at=timezone.now(), residents=2, remote=3
    )

    with pytest.raises(ValidationError) as refused:
        actions.meeting_record(user=demo["window"], meeting=meeting)

    assert "remote" in refused.value.message_dict
    assert not Meeting.objects.exists()


def test_a_task_names_who_does_it(demo, decided):
    with pytest.raises(ValidationError) as refused:
        actions.task_add(user=demo["window"], decision=decided["decision"], task=Task(what="回访"))

    assert "assignee" in refused.value.message_dict


def test_a_grid_worker_raises_in_the_grids_they_walk_only(demo, register, raise_topic):
    mine = raise_topic(user="grid_a", grid=register["grid_1"], source="grid_report")

    with pytest.raises(ValidationError) as refused:
        raise_topic(user="grid_a", grid=register["grid_2"])
    with pytest.raises(ValidationError):
        raise_topic(user="grid_a", grid=None)

    assert mine.raised_by == demo["grid_a"]
    assert "grid" in refused.value.message_dict
    assert Topic.objects.visible_to(demo["grid_a"]).filter(pk=mine.pk).exists()


def test_nobody_raises_outside_their_community(demo, raise_topic):
    with pytest.raises(ValidationError):
        raise_topic(user="window", community="110101002001")
    with pytest.raises(ValidationError):
        raise_topic(user="secretary")
    assert not Topic.objects.exists()


def test_a_request_becomes_a_topic_from_its_page_and_the_two_link(client, demo, register, new_request):
    report = new_request(
        item="公共设施损坏",
        resident="zhang",
        location="1号楼北侧井盖",
        description="井盖破损，夜间有人踩空",
    )
    client.force_login(demo["window"])
    page = client.get(report.get_absolute_url())
    assert "Raise as a deliberation topic" in page.content.decode() or "raise-topic" in page.content.decode()

    form = client.get(f"{reverse('deliberation:topic-create')}?request={report.pk}").context["form"]
    assert form.initial["community"] == report.community_id
    assert form.initial["source"] == "request"
    data = {name: value for name, value in form.initial.items() if value is not None}
    response = post(client, reverse("deliberation:topic-create"), data)

    topic = Topic.objects.get()
    assert response.status_code == 302
    assert (topic.request, topic.resident, topic.grid) == (report, register["zhang"], report.grid)
    assert topic.title.startswith("公共设施损坏")
    assert topic.get_absolute_url() in client.get(report.get_absolute_url()).content.decode()


def test_a_request_outside_the_users_scope_cannot_be_raised(client, demo, register, new_request):
    far = new_request(item="居住证明", resident="wang", user="admin")
    client.force_login(demo["window"])

    assert client.get(f"{reverse('deliberation:topic-create')}?request={far.pk}").status_code == 404


def test_done_from_a_request_tells_the_desk_to_resolve_it_and_leaves_the_request_alone(
    client, demo, register, new_request, raise_topic
):
    request = new_request(item="公共设施损坏", resident="zhang")
    topic = raise_topic(request=request, source="request")
    meeting = actions.meeting_record(
        user=demo["window"], meeting=Meeting(topic=topic, kind="doorstep", place="楼下", held_at=timezone.now())
    )
    actions.decision_record(user=demo["window"], meeting=meeting, text="更换井盖")
    topic.refresh_from_db()
    client.force_login(demo["window"])

    response = post(client, reverse("deliberation:topic-step", args=[topic.pk, "done"]), {"version": topic.version})
    page = client.get(topic.get_absolute_url())

    assert response.status_code == 302
    assert page.context["resolve_request"]
    assert request.get_absolute_url() in page.content.decode()
    request.refresh_from_db()
    assert request.status == "received"


def test_the_topics_page_shows_the_chain_in_time_order(client, demo, decided, django_assert_max_num_queries):
    actions.task_done(user=demo["window"], task=decided["task"], version=None, on=timezone.localdate())
    client.force_login(demo["secretary"])

    with django_assert_max_num_queries(15):
        response = client.get(decided["topic"].get_absolute_url())

    kinds = [entry["kind"] for entry in response.context["chain"]]
    assert kinds == ["step", "meeting", "step", "decision", "step", "step", "task_done"]
    assert not response.context["runs"]  # the secretary reads
    assert "三日内清理楼道堆物" in response.content.decode()


def test_the_dashboard_panel_counts_the_areas_topics(rf, demo, decided):
    from dashboards import periods
    from dashboards.areas import area_for
    from deliberation.dashboard import panel

    request = rf.get("/")
    request.user = demo["official"]
    area = area_for(demo["official"], "community", Community.objects.get(code="110101001001").pk)

    figures = panel(request, area, periods.parse({}))["figures"]
    request.user = demo["nobody"]

    assert (figures["raised"], figures["decided"], figures["open"]) == (3, 1, 3)
    assert panel(request, area, periods.parse({})) is None


def test_the_request_page_offers_raising_only_to_who_may_raise_there(client, demo, register, new_request, committee):
    from services.actions import request_transition

    request = new_request(item="公共设施损坏", resident="zhang")
    request_transition(user=demo["window"], service_request=request, action="dispatch", department=committee)
    offers = {}
    for username in ("window", "community_admin", "grid_a", "official", "dept"):
        client.force_login(demo[username])
        response = client.get(request.get_absolute_url())
        assert response.status_code == 200, username
        offers[username] = 'data-testid="raise-topic"' in response.content.decode()

    # The official reads; the department's liaison has no deliberation.
    assert offers == {"window": True, "community_admin": True, "grid_a": True, "official": False, "dept": False}


def test_a_step_refused_by_the_scope_recheck_leaves_nothing_behind(demo, topics, monkeypatch):
    topic = topics["near"]

    def refuse(*args, **kwargs):
        raise ValidationError("outside")

    monkeypatch.setattr(actions, "ensure_in_scope", refuse)
    with pytest.raises(ValidationError):
        actions.topic_transition(user=demo["window"], topic=topic, action="drop", reason="重复议题")

    topic.refresh_from_db()
    assert topic.status == "raised"
    assert list(TopicStep.objects.filter(topic=topic).values_list("action", flat=True)) == ["raise"]


def test_the_area_dashboard_shows_the_deliberation_panel_to_its_readers(client, demo, decided):
    community = Community.objects.get(code="110101001001")
    url = reverse("dashboards:area", args=["community", community.pk])
    client.force_login(demo["official"])

    response = client.get(url)

    assert response.status_code == 200
    assert 'data-testid="panel-deliberation"' in response.content.decode()


@pytest.mark.parametrize("model", ["topic", "meeting", "decision", "task"])
def test_the_back_office_lists_the_records(client, demo, decided, model):
    client.force_login(demo["admin"])

    assert client.get(reverse(f"admin:deliberation_{model}_changelist")).status_code == 200


def _settle(user, topic, outcome=None):
    meeting = actions.meeting_record(
        user=user, meeting=Meeting(topic=topic, kind="doorstep", place="楼下", held_at=timezone.now())
    )
    actions.decision_record(user=user, meeting=meeting, text="双方同意调解方案")
    if outcome:
        actions.topic_transition(user=user, topic=topic, action="done", outcome=outcome)


def test_the_settlement_rate_is_per_community_and_period_and_scope(client, demo, topics):
    for name in ("near", "far"):
        Topic.objects.filter(pk=topics[name].pk).update(is_dispute=True)
        topics[name].refresh_from_db()
    _settle(demo["window"], topics["near"], outcome="settled")
    _settle(demo["admin"], topics["far"])  # decided, not yet done: handled, not settled
    url = reverse("deliberation:topic-disputes")

    client.force_login(demo["official"])
    district = client.get(url).context
    client.force_login(demo["street_official"])
    street = client.get(url).context
    past = client.get(f"{url}?start=2020-01-01&end=2020-12-31").context

    assert [(row["community__name"], row["rate"]) for row in district["rows"]] == [
        ("多福巷社区", 100.0),
        ("景山东街社区", 0.0),
    ]
    assert (district["handled"], district["settled"], district["rate"]) == (2, 1, 50.0)
    assert [row["community__name"] for row in street["rows"]] == ["景山东街社区"]
    assert (past["handled"], past["rate"]) == (0, None)


def test_a_grid_worker_raises_a_topic_of_their_grid_on_the_page(client, demo, register):
    client.force_login(demo["grid_a"])
    url = reverse("deliberation:topic-create")
    form = client.get(url).context["form"]
    fields = {"community": register["grid_1"].community_id, "title": "楼道堆物", "source": "grid_report"}

    assert set(form.fields["grid"].queryset) == {register["grid_1"]}
    refused = post(client, url, {**fields, "grid": register["grid_2"].pk})
    raised = post(client, url, {**fields, "grid": register["grid_1"].pk})

    assert refused.status_code == 200
    assert raised.status_code == 302
    topic = Topic.objects.get()
    assert (topic.raised_by, topic.grid) == (demo["grid_a"], register["grid_1"])
    assert client.get(topic.get_absolute_url()).status_code == 200


def test_a_dropped_topics_meetings_decisions_and_tasks_are_no_longer_changed(demo, decided):
    topic = decided["topic"]
    actions.topic_transition(user=demo["window"], topic=topic, action="drop", version=topic.version, reason="重复议题")
    meeting, decision, task = decided["meeting"], decided["decision"], decided["task"]
    meeting.place, decision.text = "居委会", "改期"

    for change in (
        lambda: actions.meeting_update(user=demo["window"], meeting=meeting, version=None),
        lambda: actions.decision_update(user=demo["window"], decision=decision, version=None),
        lambda: actions.task_done(user=demo["window"], task=task, version=None, on=timezone.localdate()),
    ):
        with pytest.raises(ValidationError, match="该议题已关闭"):
            change()
