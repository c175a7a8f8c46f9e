"""Issuing and calling tickets. Two clerks pressing 叫号 at the same moment never get the same
ticket: each locks the oldest waiting ticket that no one else holds (FOR UPDATE SKIP LOCKED)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.actions import StaleEdit

from .models import QueueLine, Ticket


@transaction.atomic
def ticket_issue(*, line: QueueLine) -> Ticket:
    """The line's next number of the day (the line's row is locked, so numbers never repeat)."""
    line = QueueLine.objects.select_for_update().get(pk=line.pk)
    if not line.active:
        raise ValidationError(_("This line takes no tickets now."))
    today = timezone.localdate()
    last = Ticket.objects.filter(line=line, day=today).aggregate(last=Max("number"))["last"] or 0
    return Ticket.objects.create(line=line, community_id=line.community_id, day=today, number=last + 1)


@transaction.atomic
def ticket_call_next(*, user, community, window: str, lines=None) -> Ticket | None:
    """Finish what the clerk was serving and call the oldest waiting ticket of the hall (of `lines`,
    if given); None when no one waits."""
    now = timezone.now()
    Ticket.objects.filter(
        community=community, called_by=user, status=Ticket.Status.CALLED, day=timezone.localdate()
    ).update(status=Ticket.Status.DONE, finished_at=now)
    waiting = Ticket.objects.filter(community=community, day=timezone.localdate(), status=Ticket.Status.WAITING)
    if lines:
        waiting = waiting.filter(line__in=lines)
    ticket = waiting.select_for_update(skip_locked=True).order_by("issued_at", "pk").first()
    if ticket is None:
        return None
    ticket.status, ticket.called_at, ticket.called_by, ticket.window = Ticket.Status.CALLED, now, user, window
    ticket.version += 1
    ticket.save()
    return ticket


@transaction.atomic
def ticket_close(*, ticket: Ticket, missed: bool = False, version: int | None = None, request=None) -> Ticket:
    """Served (and the request it became) or missed (过号)."""
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if version is not None and locked.version != version:
        raise StaleEdit(locked)
    if locked.status != Ticket.Status.CALLED:
        raise ValidationError(_("This ticket is not being served."))
    locked.status = Ticket.Status.MISSED if missed else Ticket.Status.DONE
    locked.finished_at = timezone.now()
    if request is not None:
        locked.request = request
    locked.version += 1
    locked.save()
    return locked
