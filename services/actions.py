"""The life of a service request as an explicit state machine.

Every change goes through `request_create` or `request_transition`: one transaction that locks
the request, checks that the action is allowed from its status and for this user, applies it and
writes the event row. An action that is not allowed raises `TransitionNotAllowed` and changes
nothing.

`TRANSITIONS` is the one description of the machine: for each action, the statuses it starts from,
who may take it, the fields its form asks for (forms.TransitionForm is built from them) and what it
writes on the request. `request_transition` reads the same table.
"""

import datetime
import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grids.models import Community

from .calendar import add_working_days
from .choices import OPEN_STATUSES, Satisfaction, Status
from .models import Department, RequestEvent, RequestNumberCounter, ServiceRequest

# Who may take a step (see may_act):
DESK = "desk"  # window staff and community admins of the request's community
LIAISON = "liaison"  # a liaison of the department the request is dispatched to
DESK_OR_HANDLER = "handler"  # the department if it was dispatched, else the desk
SUPERVISOR = "supervisor"  # an official overseeing the request's community (督办)


class TransitionNotAllowed(PermissionDenied):
    pass


@dataclass(frozen=True)
class Ask:
    """A field a step's form asks for; how it is shown (label, widget) is forms.TransitionForm's."""

    name: str
    required: bool = False
    # Asked only of the requests this says yes to; None: of every request.
    only_if: Callable[[ServiceRequest], bool] | None = None
    # What to say when a required value is missing; None: Django's "This field is required."
    required_message: str | None = None
    # The rows a choice may be one of, for this request; what to say of any other.
    choices: Callable[[ServiceRequest], QuerySet] | None = None
    invalid_message: str | None = None

    def is_asked_of(self, service_request) -> bool:
        return self.only_if is None or self.only_if(service_request)


class Value(enum.Enum):
    """What a step writes into a field of the request, besides fixed values such as None."""

    ASKED = "the value given for the field of the same name"
    NOW = "the time of the step"
    FIRST_TIME = "the time of the step, unless the field holds an earlier one"


@dataclass(frozen=True)
class Transition:
    label: object
    sources: frozenset
    target: Status | None  # None: the step leaves the status as it is (a note on the timeline)
    actor: str
    asks: tuple[Ask, ...] = ()
    sets: Mapping[str, object] = field(default_factory=dict)
    # The asked field the timeline shows for the step when no note is given.
    event_note: str | None = None

    def asks_of(self, service_request) -> list[Ask]:
        return [ask for ask in self.asks if ask.is_asked_of(service_request)]


def _serving_departments(service_request):
    return Department.objects.serving(service_request.community)


def _is_dispute(service_request) -> bool:
    return service_request.item.is_dispute


NOTE = Ask("note")
REASON = Ask("note", required=True)
# A dispute (矛盾纠纷调解) is resolved with whether the mediation succeeded: the dashboards count it.
MEDIATION_OUTCOME = Ask(
    "dispute_outcome",
    required=True,
    only_if=_is_dispute,
    required_message=_("Record whether the mediation succeeded."),
)
AT_THE_DESK = frozenset({Status.RECEIVED, Status.RETURNED})
# A callback rated "dissatisfied" sends the request back to the desk for re-handling (重办), up to
# settings.REHANDLE_LIMIT times; after that it closes with the rating.
REHANDLED_TO = Status.RECEIVED

TRANSITIONS = {
    "dispatch": Transition(
        _("Dispatch"),
        AT_THE_DESK,
        Status.DISPATCHED,
        DESK,
        asks=(
            Ask(
                "department",
                required=True,
                choices=_serving_departments,
                invalid_message=_("This department does not serve the request's community."),
            ),
            NOTE,
        ),
        sets={"department": Value.ASKED, "dispatched_at": Value.NOW},
        event_note="department",
    ),
    "start": Transition(_("Handle in the community"), AT_THE_DESK, Status.IN_PROGRESS, DESK, asks=(NOTE,)),
    "accept": Transition(
        _("Accept"),
        frozenset({Status.DISPATCHED}),
        Status.IN_PROGRESS,
        LIAISON,
        asks=(NOTE,),
        sets={"responded_at": Value.FIRST_TIME},
    ),
    "return": Transition(
        _("Return to the community"),
        frozenset({Status.DISPATCHED, Status.IN_PROGRESS}),
        Status.RETURNED,
        LIAISON,
        asks=(REASON,),
        sets={"responded_at": Value.FIRST_TIME, "department": None},
    ),
    "resolve": Transition(
        _("Mark resolved"),
        frozenset({Status.IN_PROGRESS}),
        Status.RESOLVED,
        DESK_OR_HANDLER,
        asks=(Ask("resolution", required=True), MEDIATION_OUTCOME),
        sets={"resolution": Value.ASKED, "dispute_outcome": Value.ASKED, "resolved_at": Value.NOW},
        event_note="resolution",
    ),
    "callback": Transition(
        _("Record the callback"),
        frozenset({Status.RESOLVED}),
        Status.CLOSED,
        DESK,
        asks=(Ask("satisfaction", required=True), Ask("callback_notes")),
        sets={"satisfaction": Value.ASKED, "callback_notes": Value.ASKED, "closed_at": Value.NOW},
        event_note="callback_notes",
    ),
    "supervise": Transition(
        _("Issue a supervision note"),
        frozenset(OPEN_STATUSES),
        None,
        SUPERVISOR,
        asks=(Ask("note", required=True, required_message=_("Say what is to be done, and by when.")),),
    ),
    "reject": Transition(
        _("Do not accept"), AT_THE_DESK, Status.REJECTED, DESK, asks=(REASON,), sets={"closed_at": Value.NOW}
    ),
    "cancel": Transition(
        _("Cancel"), frozenset(OPEN_STATUSES), Status.CANCELLED, DESK, asks=(REASON,), sets={"closed_at": Value.NOW}
    ),
}


def _is_desk(user, service_request) -> bool:
    if user.is_superuser:
        return True
    if not user.has_perm("services.change_servicerequest"):
        return False
    return Community.objects.desk_of(user).filter(pk=service_request.community_id).exists()


def _is_supervisor(user, service_request) -> bool:
    if not user.has_perm("services.supervise_servicerequest"):
        return False
    return Community.objects.overseen_by(user).filter(pk=service_request.community_id).exists()


def _is_liaison(user, service_request) -> bool:
    return service_request.department_id is not None and service_request.department.liaisons.filter(pk=user.pk).exists()


def may_act(user, service_request, action: str) -> bool:
    transition = TRANSITIONS[action]
    if service_request.status not in transition.sources:
        return False
    actor = transition.actor
    if actor == DESK_OR_HANDLER:
        actor = LIAISON if service_request.department_id else DESK
    if actor == SUPERVISOR:
        return _is_supervisor(user, service_request)
    return _is_desk(user, service_request) if actor == DESK else _is_liaison(user, service_request)


def may_attach(user, service_request) -> bool:
    """Who may add photos: the desk, the department it is dispatched to, and the grid worker who reported it."""
    return (
        _is_desk(user, service_request)
        or _is_liaison(user, service_request)
        or (service_request.reported_by_id is not None and service_request.reported_by_id == user.pk)
    )


def allowed_actions(user, service_request) -> list[str]:
    return [action for action in TRANSITIONS if may_act(user, service_request, action)]


def _next_number(community, day: datetime.date) -> str:
    table = RequestNumberCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (community_id, day, last) VALUES (%s, %s, 1) "  # noqa: S608 - our table name
            f"ON CONFLICT (community_id, day) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [community.pk, day],
        )
        sequence = cursor.fetchone()[0]
    return f"{community.code}-{day:%Y%m%d}-{sequence:04d}"


def due_date_for(item, received: datetime.date):
    """(due date, provisional) for an item received on `received`; (None, False) without a limit."""
    if item.committed_days is None:
        return None, False
    return add_working_days(received, item.committed_days)


def request_create(*, user, service_request: ServiceRequest) -> tuple[ServiceRequest, bool]:
    """Log a new request; (request, created). The same form submitted twice gives the first request."""
    existing = ServiceRequest.objects.filter(submission_key=service_request.submission_key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return _create(user, service_request), True
    except IntegrityError:
        existing = ServiceRequest.objects.filter(submission_key=service_request.submission_key).first()
        if existing is None:
            raise
        return existing, False


def _create(user, service_request):
    received = timezone.localtime(service_request.received_at).date()
    service_request.received_by = user
    grid_community = None
    if service_request.resident_id:
        resident = service_request.resident
        service_request.contact_name = service_request.contact_name or resident.name
        service_request.contact_phone = service_request.contact_phone or resident.phone
        if service_request.grid_id is None:
            service_request.grid_id, grid_community = resident.grid_id, resident.community_id
    if service_request.item.requires_resident and not service_request.resident_id:
        raise ValidationError({"resident": _("This item needs an identified resident.")})
    if service_request.grid_id and grid_community is None:
        grid_community = service_request.grid.community_id
    if service_request.grid_id and grid_community != service_request.community_id:
        raise ValidationError({"grid": _("The grid must lie in the request's community.")})
    if service_request.handling_deadline:  # the hotline's deadline, not the catalogue's working days
        service_request.due_date = timezone.localtime(service_request.handling_deadline).date()
        service_request.due_date_provisional = False
    else:
        service_request.due_date, service_request.due_date_provisional = due_date_for(service_request.item, received)
    service_request.number = _next_number(service_request.community, received)
    service_request.status = Status.RECEIVED
    # Field values are checked here; the rows the foreign keys name and the uniqueness of the number
    # (from its counter) and of the submission key (see request_create) are the database's to enforce.
    service_request.full_clean(
        exclude=[field.name for field in ServiceRequest._meta.concrete_fields if field.is_relation],
        validate_unique=False,
    )
    service_request.save()
    RequestEvent.objects.create(
        request=service_request,
        action="receive",
        from_status="",
        to_status=Status.RECEIVED,
        actor=user,
        at=service_request.received_at,
        note=service_request.get_channel_display(),
    )
    return service_request


@transaction.atomic
def request_transition(*, user, service_request: ServiceRequest, action: str, note: str = "", **fields):
    """Apply `action` to the request for `user`, or raise and change nothing.

    `note` (any step may carry one) goes on the event; `fields` are the values of what the step asks for."""
    if action not in TRANSITIONS:
        raise TransitionNotAllowed(action)
    transition = TRANSITIONS[action]
    unknown = fields.keys() - {ask.name for ask in transition.asks}
    if unknown:
        raise TypeError(f"{action} does not ask for {', '.join(sorted(unknown))}")
    locked = (
        ServiceRequest.objects.select_for_update(of=("self",))
        .select_related("item", "department")
        .get(pk=service_request.pk)
    )
    if not may_act(user, locked, action):
        raise TransitionNotAllowed(action)
    return _apply(user, locked, action, {"note": note, **fields})


def _apply(user, locked, action, given):
    """Check the values of the step and write it on the locked request, with its event."""
    transition = TRANSITIONS[action]
    answers = {ask.name: given.get(ask.name) for ask in transition.asks_of(locked)}
    _check(transition, locked, answers)
    note = given.get("note") or ""

    now = timezone.now()
    for name, value in transition.sets.items():
        if value is Value.ASKED:
            value = answers.get(name) or ""
        elif value is Value.NOW:
            value = now
        elif value is Value.FIRST_TIME:
            value = getattr(locked, name) or now
        setattr(locked, name, value)
    from_status = locked.status
    event_action = action
    if transition.target is not None:
        locked.status = transition.target
    if action == "callback":
        event_action = _callback(locked, now)
    if action == "supervise":
        locked.supervised_at = now
    locked.version += 1
    locked.save()
    RequestEvent.objects.create(
        request=locked,
        action=event_action,
        from_status=from_status,
        to_status=locked.status,
        actor=user,
        at=now,
        note=note or str(answers.get(transition.event_note) or ""),
    )
    return locked


def _callback(locked, now) -> str:
    """The callback's result as the rates count it: the first one is kept apart, and a dissatisfied
    one reopens the request for re-handling while the limit allows. The event's action."""
    if not locked.first_callback_at:
        locked.first_callback_at, locked.first_satisfaction = now, locked.satisfaction
    if locked.satisfaction != Satisfaction.DISSATISFIED or locked.rehandled >= settings.REHANDLE_LIMIT:
        return "callback"
    locked.rehandled += 1
    locked.status = REHANDLED_TO
    locked.satisfaction = ""
    locked.closed_at = locked.resolved_at = None
    locked.resolution = locked.dispute_outcome = ""
    return "rehandle"


@transaction.atomic
def ticket_callback(*, user, service_request, satisfaction: str, notes: str = ""):
    """The hotline's own callback of its ticket (through the API, as the hotline's client user): it
    counts for the rates in place of the desk's. On a request the desk has closed already it replaces
    the rating, and a dissatisfied one reopens the request as the desk's would."""
    locked = ServiceRequest.objects.select_for_update(of=("self",)).select_related("item").get(pk=service_request.pk)
    if locked.status == Status.CLOSED and locked.satisfaction:
        locked.status = Status.RESOLVED  # the hotline's rating stands in for the desk's
        locked.satisfaction = ""
        if not locked.rehandled:  # and so is the first rating, when the desk's was the first
            locked.first_callback_at = None
    if locked.status != Status.RESOLVED:
        raise TransitionNotAllowed("callback")
    if satisfaction not in Satisfaction.values:
        raise ValidationError({"satisfaction": _("Unknown satisfaction.")})
    return _apply(user, locked, "callback", {"satisfaction": satisfaction, "callback_notes": notes})


def _check(transition, service_request, answers) -> None:
    """Refuse a step whose required values are missing or whose choices are not among those offered."""
    errors = {}
    for ask in transition.asks_of(service_request):
        value = answers[ask.name]
        if ask.required and not value:
            errors[ask.name] = ask.required_message or _("This field is required.")
        elif value and ask.choices and not ask.choices(service_request).filter(pk=value.pk).exists():
            errors[ask.name] = ask.invalid_message
    if errors:
        raise ValidationError(errors)
