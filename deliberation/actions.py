"""The life of a topic: raised, a meeting scheduled and held, decided, followed up, done or dropped.

Every step locks the topic, checks the version the user saw, writes a TopicStep (the topic's page
reads its steps from them) and re-checks that the topic is still the user's to run. A request a
topic came from is never changed here: the desk resolves it on the request's own page.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.actions import StaleEdit, ensure_in_scope
from grids.models import Community, Grid
from services.models import Department, ServiceRequest

from .models import Decision, Meeting, Task, Topic, TopicStep, raising_communities

# Steps the user takes by a button or a form: the statuses they start from and the status they reach.
STEPS = {
    "schedule": ((Topic.Status.RAISED,), Topic.Status.SCHEDULED),
    "done": ((Topic.Status.DECIDED, Topic.Status.FOLLOWING_UP), Topic.Status.DONE),
    "drop": (
        (Topic.Status.RAISED, Topic.Status.SCHEDULED, Topic.Status.DECIDED, Topic.Status.FOLLOWING_UP),
        Topic.Status.DROPPED,
    ),
}


def _lock(topic: Topic, version: int | None) -> Topic:
    current = Topic.objects.select_for_update(of=("self",)).get(pk=topic.pk)
    if version is not None and current.version != version:
        raise StaleEdit(current)
    return current


def _refuse_if_closed(topic: Topic) -> None:
    """A closed topic's meetings, decisions and tasks stay as they were (the page offers no change; an
    address typed by hand is refused too). The topic is locked, so that it is not closed meanwhile."""
    if _lock(topic, None).is_closed:
        raise ValidationError(_("This topic is closed."))


def _step(*, user, topic: Topic, action: str, to_status: str, note: str = "") -> TopicStep:
    step = TopicStep.objects.create(
        topic=topic, action=action, from_status=topic.status, to_status=to_status, actor=user, note=note
    )
    topic.status = to_status
    return step


def _save(user, topic: Topic) -> Topic:
    topic.version += 1
    topic.full_clean()
    topic.save()
    ensure_in_scope(Topic.objects.editable_by(user), topic)
    return topic


@transaction.atomic
def topic_raise(*, user, topic: Topic) -> Topic:
    """Record a new topic (unsaved `topic`, from the form). The desk raises topics of its community; a
    grid worker of one of the grids they walk. A topic from a request keeps the request's community."""
    if topic.grid_id and not topic.community_id:
        topic.community_id = topic.grid.community_id
    if not raising_communities(user).filter(pk=topic.community_id).exists():
        raise ValidationError({"community": _("You cannot raise topics in this community.")})
    at_desk = user.is_superuser or Community.objects.desk_of(user).filter(pk=topic.community_id).exists()
    if not at_desk and not Grid.objects.walked_by(user).filter(pk=topic.grid_id).exists():
        raise ValidationError({"grid": _("Choose one of the grids you walk.")})
    if topic.request_id:
        if not ServiceRequest.objects.visible_to(user).filter(pk=topic.request_id).exists():
            raise ValidationError({"request": _("You cannot see this request.")})
        if topic.request.community_id != topic.community_id:
            raise ValidationError({"request": _("The request is of another community.")})
    topic.raised_by = user
    topic.status = Topic.Status.RAISED
    topic.full_clean()
    topic.save()
    TopicStep.objects.create(topic=topic, action="raise", to_status=Topic.Status.RAISED, actor=user)
    ensure_in_scope(Topic.objects.visible_to(user), topic)
    return topic


@transaction.atomic
def topic_update(*, user, topic: Topic, version: int | None) -> Topic:
    """Save the edited title, description, grid and dispute flag of `topic`."""
    current = _lock(topic, version)
    if current.is_closed:
        raise ValidationError(_("This topic is closed and can no longer be edited."))
    topic.version, topic.status = current.version, current.status
    return _save(user, topic)


@transaction.atomic
def topic_transition(
    *, user, topic: Topic, action: str, version: int | None = None, note: str = "", reason: str = "", outcome: str = ""
) -> Topic:
    """Take one of the STEPS. Done needs every follow-up task done, and a dispute's outcome; dropping
    needs a reason."""
    if action not in STEPS:
        raise ValidationError(_("Unknown step."))
    topic = _lock(topic, version)
    sources, target = STEPS[action]
    if topic.status not in sources:
        raise ValidationError(
            _("This step is not possible now: the topic is %(status)s.") % {"status": topic.get_status_display()}
        )
    if action == "done":
        if topic.tasks.filter(status=Task.Status.OPEN).exists():
            raise ValidationError(_("Some follow-up tasks are still open."))
        if topic.is_dispute and not outcome:
            raise ValidationError({"outcome": _("Say whether the dispute was settled.")})
        topic.outcome = outcome if topic.is_dispute else ""
    if action == "drop":
        if not reason.strip():
            raise ValidationError({"reason": _("Say why the topic is dropped.")})
        topic.drop_reason = reason
    if target in Topic.CLOSED:
        topic.closed_at = timezone.now()
    _step(user=user, topic=topic, action=action, to_status=target, note=note or reason)
    return _save(user, topic)


@transaction.atomic
def meeting_record(*, user, meeting: Meeting) -> Meeting:
    """Record a meeting held on its topic (a topic still raised becomes scheduled)."""
    topic = _lock(meeting.topic, None)
    if topic.is_closed:
        raise ValidationError(_("This topic is closed."))
    meeting.topic, meeting.recorded_by = topic, user
    meeting.full_clean()
    meeting.save()
    ensure_in_scope(Meeting.objects.editable_by(user), meeting)
    if topic.status == Topic.Status.RAISED:
        _step(user=user, topic=topic, action="schedule", to_status=Topic.Status.SCHEDULED)
        _save(user, topic)
    return meeting


@transaction.atomic
def meeting_update(*, user, meeting: Meeting, version: int | None) -> Meeting:
    _refuse_if_closed(meeting.topic)
    current = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if version is not None and current.version != version:
        raise StaleEdit(current)
    meeting.version = current.version + 1
    meeting.full_clean()
    meeting.save()
    ensure_in_scope(Meeting.objects.editable_by(user), meeting)
    return meeting


@transaction.atomic
def decision_record(*, user, meeting: Meeting, text: str) -> Decision:
    """The meeting's decision (one per meeting); the topic is decided."""
    topic = _lock(meeting.topic, None)
    if topic.is_closed:
        raise ValidationError(_("This topic is closed."))
    if Decision.objects.filter(meeting=meeting).exists():
        raise ValidationError(_("This meeting's decision is already recorded."))
    decision = Decision(meeting=meeting, topic=topic, text=text, recorded_by=user)
    decision.full_clean()
    decision.save()
    ensure_in_scope(Decision.objects.editable_by(user), decision)
    if topic.status in (Topic.Status.RAISED, Topic.Status.SCHEDULED):
        _step(user=user, topic=topic, action="decide", to_status=Topic.Status.DECIDED)
        topic.decided_at = timezone.now()
        _save(user, topic)
    return decision


@transaction.atomic
def decision_update(*, user, decision: Decision, version: int | None) -> Decision:
    _refuse_if_closed(decision.topic)
    current = Decision.objects.select_for_update().get(pk=decision.pk)
    if version is not None and current.version != version:
        raise StaleEdit(current)
    decision.version = current.version + 1
    decision.full_clean()
    decision.save()
    ensure_in_scope(Decision.objects.editable_by(user), decision)
    return decision


@transaction.atomic
def task_add(*, user, decision: Decision, task: Task) -> Task:
    """A follow-up task of the decision; a decided topic is now being followed up."""
    topic = _lock(decision.topic, None)
    if topic.is_closed:
        raise ValidationError(_("This topic is closed."))
    if task.department_id and not Department.objects.filter(pk=task.department_id, active=True).exists():
        raise ValidationError({"department": _("This department is not active.")})
    task.decision, task.topic = decision, topic
    task.full_clean()
    task.save()
    ensure_in_scope(Task.objects.editable_by(user), task)
    if topic.status == Topic.Status.DECIDED:
        _step(user=user, topic=topic, action="follow_up", to_status=Topic.Status.FOLLOWING_UP)
        _save(user, topic)
    return task


@transaction.atomic
def task_done(*, user, task: Task, version: int | None, on: datetime.date, note: str = "") -> Task:
    """Mark a follow-up task done (on a day not in the future)."""
    _refuse_if_closed(task.topic)
    current = Task.objects.select_for_update().get(pk=task.pk)
    if version is not None and current.version != version:
        raise StaleEdit(current)
    if current.status == Task.Status.DONE:
        raise ValidationError(_("This task is already done."))
    if on > timezone.localdate():
        raise ValidationError({"on": _("The day cannot be in the future.")})
    current.status, current.done_on, current.done_note, current.done_by = Task.Status.DONE, on, note, user
    current.done_at = timezone.now()
    current.version += 1
    current.full_clean()
    current.save()
    ensure_in_scope(Task.objects.editable_by(user), current)
    return current
