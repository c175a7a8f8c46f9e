"""The life of a service request as an explicit state machine.

Every change goes through `request_create` or `request_transition`: one transaction that locks
the request, checks that the action is allowed from its status and for this user, applies it and
writes the event row. An action that is not allowed raises `TransitionNotAllowed` and changes
nothing.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grids.models import Community

from .calendar import add_working_days
from .choices import OPEN_STATUSES, Status
from .models import RequestEvent, RequestNumberCounter, ServiceRequest

DESK = "desk"  # window staff and community admins of the request's community
LIAISON = "liaison"  # a liaison of the department the request is dispatched to
DESK_OR_HANDLER = "handler"  # the department if it was dispatched, else the desk


class TransitionNotAllowed(PermissionDenied):
    pass


@dataclass(frozen=True)
class Transition:
    label: object
    sources: frozenset
    target: Status
    actor: str
    needs: tuple = ()  # form fields this action requires


TRANSITIONS = {
    "dispatch": Transition(
        _("Dispatch"), frozenset({Status.RECEIVED, Status.RETURNED}), Status.DISPATCHED, DESK, ("department",)
    ),
    "start": Transition(
        _("Handle in the community"), frozenset({Status.RECEIVED, Status.RETURNED}), Status.IN_PROGRESS, DESK
    ),
    "accept": Transition(_("Accept"), frozenset({Status.DISPATCHED}), Status.IN_PROGRESS, LIAISON),
    "return": Transition(
        _("Return to the community"),
        frozenset({Status.DISPATCHED, Status.IN_PROGRESS}),
        Status.RETURNED,
        LIAISON,
        ("note",),
    ),
    "resolve": Transition(
        _("Mark resolved"), frozenset({Status.IN_PROGRESS}), Status.RESOLVED, DESK_OR_HANDLER, ("resolution",)
    ),
    "callback": Transition(
        _("Record the callback"), frozenset({Status.RESOLVED}), Status.CLOSED, DESK, ("satisfaction",)
    ),
    "reject": Transition(
        _("Do not accept"), frozenset({Status.RECEIVED, Status.RETURNED}), Status.REJECTED, DESK, ("note",)
    ),
    "cancel": Transition(_("Cancel"), frozenset(OPEN_STATUSES), Status.CANCELLED, DESK, ("note",)),
}


def _is_desk(user, service_request) -> bool:
    if user.is_superuser:
        return True
    if not user.has_perm("services.change_servicerequest"):
        return False
    return Community.objects.desk_of(user).filter(pk=service_request.community_id).exists()


def _is_liaison(user, service_request) -> bool:
    return service_request.department_id is not None and service_request.department.liaisons.filter(pk=user.pk).exists()


def may_act(user, service_request, action: str) -> bool:
    transition = TRANSITIONS[action]
    if service_request.status not in transition.sources:
        return False
    if transition.actor == DESK:
        return _is_desk(user, service_request)
    if transition.actor == LIAISON:
        return _is_liaison(user, service_request)
    if service_request.department_id:
        return _is_liaison(user, service_request)
    return _is_desk(user, service_request)


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
    service_request.due_date, service_request.due_date_provisional = due_date_for(service_request.item, received)
    service_request.number = _next_number(service_request.community, received)
    service_request.status = Status.RECEIVED
    # Field values are checked here; the rows the foreign keys name and the uniqueness of the number
    # (from its counter) and of the submission key (see request_create) are the database's to enforce.
    service_request.full_clean(exclude=[field.name for field in ServiceRequest._meta.concrete_fields
                                        if field.is_relation], validate_unique=False)
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
    """Apply `action` to the request for `user`, or raise and change nothing."""
    if action not in TRANSITIONS:
        raise TransitionNotAllowed(action)
    transition = TRANSITIONS[action]
    locked = (
        ServiceRequest.objects.select_for_update(of=("self",))
        .select_related("item", "department")
        .get(pk=service_request.pk)
    )
    if not may_act(user, locked, action):
        raise TransitionNotAllowed(action)
    values = {"note": note, **fields}
    missing = {name: _("This field is required.") for name in transition.needs if not values.get(name)}
    if action == "resolve" and locked.item.is_dispute and not fields.get("dispute_outcome"):
        missing["dispute_outcome"] = _("Record whether the mediation succeeded.")
    if missing:
        raise ValidationError(missing)

    now = timezone.now()
    if action == "dispatch":
        department = fields["department"]
        if not department.active or not (
            department.community_id == locked.community_id or department.street_id == locked.community.street_id
        ):
            raise ValidationError({"department": _("This department does not serve the request's community.")})
        locked.department = department
        locked.dispatched_at = now
    elif action in ("accept", "return"):
        locked.responded_at = locked.responded_at or now
        if action == "return":
            locked.department = None
    elif action == "resolve":
        locked.resolution = fields["resolution"]
        locked.dispute_outcome = fields.get("dispute_outcome", "")
        locked.resolved_at = now
    elif action == "callback":
        locked.satisfaction = fields["satisfaction"]
        locked.callback_notes = fields.get("callback_notes", "") or note
        locked.closed_at = now
    elif action in ("reject", "cancel"):
        locked.closed_at = now

    from_status = locked.status
    locked.status = transition.target
    locked.version += 1
    locked.save()
    RequestEvent.objects.create(
        request=locked,
        action=action,
        from_status=from_status,
        to_status=locked.status,
        actor=user,
        at=now,
        note=note
        or fields.get("resolution", "")
        or fields.get("callback_notes", "")
        or (str(fields["department"]) if "department" in fields else ""),
    )
    return locked
