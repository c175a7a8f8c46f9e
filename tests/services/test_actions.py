import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from services import actions
from services.actions import TransitionNotAllowed
from services.choices import Satisfaction, Status
from services.models import Department, RequestEvent, ServiceItem, ServiceRequest

ALL_STATUSES = list(Status)

# action → the statuses it starts from and who may do it ("desk" = window staff of the community,
# "liaison" = the liaison of the department it was dispatched to)
EXPECTED = {
    "dispatch": ({Status.RECEIVED, Status.RETURNED}, "desk"),
    "start": ({Status.RECEIVED, Status.RETURNED}, "desk"),
    "accept": ({Status.DISPATCHED}, "liaison"),
    "return": ({Status.DISPATCHED, Status.IN_PROGRESS}, "liaison"),
    "resolve": ({Status.IN_PROGRESS}, "liaison"),  # dispatched: the department resolves
    "callback": ({Status.RESOLVED}, "desk"),
    "reject": ({Status.RECEIVED, Status.RETURNED}, "desk"),
    "cancel": ({Status.RECEIVED, Status.DISPATCHED, Status.IN_PROGRESS, Status.RETURNED}, "desk"),
}
FIELDS = {
    "dispatch": lambda committee: {"department": committee},
    "return": lambda committee: {"note": "非本部门职责"},
    "resolve": lambda committee: {"resolution": "已出具证明"},
    "callback": lambda committee: {"satisfaction": Satisfaction.SATISFIED},
    "reject": lambda committee: {"note": "不符合条件"},
    "cancel": lambda committee: {"note": "居民撤回"},
}


@pytest.mark.parametrize("action", list(EXPECTED))
@pytest.mark.parametrize("status", ALL_STATUSES)
def test_every_transition_is_allowed_only_from_its_statuses_and_for_its_role(
    demo, committee, new_request, action, status
):
    service_request = new_request()
    ServiceRequest.objects.filter(pk=service_request.pk).update(status=status, department=committee)
    service_request.refresh_from_db()
    sources, actor = EXPECTED[action]

    for username in ("window", "dept", "grid_a", "official", "street_official"):
        allowed = status in sources and username == {"desk": "window", "liaison": "dept"}[actor]
        assert actions.may_act(demo[username], service_request, action) == allowed, (action, status, username)


@pytest.mark.parametrize("action", list(EXPECTED))
def test_an_allowed_transition_writes_one_event_in_the_same_transaction(demo, committee, new_request, action):
    service_request = new_request()
    sources, actor = EXPECTED[action]
    start = sorted(sources)[0]
    ServiceRequest.objects.filter(pk=service_request.pk).update(status=start, department=committee)
    before = RequestEvent.objects.filter(request=service_request).count()
    user = demo["window" if actor == "desk" else "dept"]

    done = actions.request_transition(
        user=user, service_request=service_request, action=action, **FIELDS.get(action, lambda c: {})(committee)
    )

    assert done.status == actions.TRANSITIONS[action].target
    event = RequestEvent.objects.filter(request=service_request).order_by("pk").last()
    assert RequestEvent.objects.filter(request=service_request).count() == before + 1
    assert (event.action, event.from_status, event.to_status, event.actor) == (action, start, done.status, user)


def test_a_forbidden_transition_changes_nothing(demo, new_request):
    service_request = new_request()

    with pytest.raises(TransitionNotAllowed):
        actions.request_transition(
            user=demo["window"], service_request=service_request, action="callback", satisfaction=Satisfaction.SATISFIED
        )
    with pytest.raises(TransitionNotAllowed):
        actions.request_transition(user=demo["official"], service_request=service_request, action="cancel", note="x")

    service_request.refresh_from_db()
    assert service_request.status == Status.RECEIVED
    assert service_request.satisfaction == ""
    assert RequestEvent.objects.filter(request=service_request).count() == 1


def test_the_community_handles_an_undispatched_request_itself(demo, new_request):
    service_request = new_request()
    window = demo["window"]

    actions.request_transition(user=window, service_request=service_request, action="start")
    actions.request_transition(user=window, service_request=service_request, action="resolve", resolution="已出具")
    closed = actions.request_transition(
        user=window,
        service_request=service_request,
        action="callback",
        satisfaction=Satisfaction.FAIRLY_SATISFIED,
        callback_notes="电话回访",
    )

    assert closed.status == Status.CLOSED
    assert [e.to_status for e in closed.timeline.all()] == ["received", "in_progress", "resolved", "closed"]
    assert closed.resolved_at is not None
    assert closed.closed_at is not None


def test_a_returned_request_goes_back_to_the_community_without_a_department(demo, committee, new_request):
    service_request = new_request()
    actions.request_transition(
        user=demo["window"], service_request=service_request, action="dispatch", department=committee
    )

    returned = actions.request_transition(
        user=demo["dept"], service_request=service_request, action="return", note="非本部门职责"
    )

    assert (returned.status, returned.department, returned.responded_at is not None) == (Status.RETURNED, None, True)
    assert not actions.may_act(demo["dept"], returned, "accept")


def test_required_fields_of_an_action_are_checked(demo, committee, new_request):
    service_request = new_request()

    with pytest.raises(ValidationError) as error:
        actions.request_transition(user=demo["window"], service_request=service_request, action="reject")

    assert "note" in error.value.message_dict


def test_a_dispute_needs_its_mediation_outcome(demo, new_request):
    service_request = new_request(item="矛盾纠纷调解")
    actions.request_transition(user=demo["window"], service_request=service_request, action="start")

    with pytest.raises(ValidationError) as error:
        actions.request_transition(
            user=demo["window"], service_request=service_request, action="resolve", resolution="双方达成协议"
        )
    resolved = actions.request_transition(
        user=demo["window"],
        service_request=service_request,
        action="resolve",
        resolution="双方达成协议",
        dispute_outcome="mediated",
    )

    assert "dispute_outcome" in error.value.message_dict
    assert resolved.dispute_outcome == "mediated"


def test_a_department_outside_the_community_cannot_be_chosen(demo, new_request):
    service_request = new_request()
    far = Department.objects.get(name="吉祥社区居委会")

    with pytest.raises(ValidationError):
        actions.request_transition(
            user=demo["window"], service_request=service_request, action="dispatch", department=far
        )


def test_a_new_request_gets_a_readable_number_a_due_date_and_a_first_event(demo, register, new_request):
    first, second = new_request(), new_request(resident="zhao")

    today = timezone.localdate()
    assert first.number.startswith(f"110101001001-{today:%Y%m%d}-")
    assert int(second.number[-4:]) == int(first.number[-4:]) + 1
    assert first.due_date > today  # 居住证明: 1 working day
    assert (first.contact_name, first.contact_phone) == ("张三", "13812345678")
    assert first.grid == register["grid_1"]
    assert first.timeline.get().to_status == Status.RECEIVED


def test_an_item_without_a_limit_has_no_due_date(new_request):
    assert new_request(item="政策咨询").due_date is None


def test_submitting_the_same_form_twice_creates_one_request(demo, register):
    key = uuid.uuid4()
    item = ServiceItem.objects.get(name="居住证明")

    def submit():
        return actions.request_create(
            user=demo["window"],
            service_request=ServiceRequest(
                item=item, resident=register["zhang"], community=register["d1"].grid.community, submission_key=key
            ),
        )

    first, created = submit()
    again, created_again = submit()

    assert (created, created_again) == (True, False)
    assert first.pk == again.pk
    assert ServiceRequest.objects.count() == 1


def test_an_item_that_needs_a_resident_refuses_an_anonymous_request(demo, register):
    with pytest.raises(ValidationError):
        actions.request_create(
            user=demo["window"],
            service_request=ServiceRequest(
                item=ServiceItem.objects.get(name="居住证明"),
                community=register["d1"].grid.community,
                submission_key=uuid.uuid4(),
            ),
        )
    assert not ServiceRequest.objects.exists()


def test_a_retired_item_keeps_its_old_requests(new_request):
    service_request = new_request()
    ServiceItem.objects.filter(pk=service_request.item_id).update(active=False)

    service_request.refresh_from_db()
    assert service_request.item.name == "居住证明"
    assert not ServiceItem.objects.active().filter(name="居住证明").exists()


def test_overdue_and_due_soon_flags(new_request):
    service_request = new_request()
    today = timezone.localdate()

    service_request.due_date = today - datetime.timedelta(days=1)
    assert service_request.is_overdue
    assert not service_request.is_due_soon
    service_request.due_date = today
    assert service_request.is_due_soon
    assert not service_request.is_overdue
    service_request.status = Status.RESOLVED
    assert not service_request.is_due_soon


def test_the_catalogue_ships_with_enough_categories_and_items(db):
    from services.models import ServiceCategory

    assert ServiceCategory.objects.count() >= 20
    assert ServiceItem.objects.count() >= 100
    for name in (
        "最低生活保障申请",
        "高龄津贴申领",
        "居住证明",
        "残疾人证办理",
        "就业失业登记",
        "老年人优待证办理",
        "党员组织关系转接",
        "出租房屋登记",
        "矛盾纠纷调解",
        "路灯维修",
        "垃圾清运",
        "违章搭建",
    ):
        assert ServiceItem.objects.filter(name=name).exists(), name
