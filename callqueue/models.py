"""排队叫号: a street or community hall's take-a-number queue.

A line (号段) is one kind of service with its letter (A 社会保障, B 民政 …). A ticket is a number of a
line on one day, issued at the desk or the hall's kiosk page, called by a clerk at a window, served,
and linked to the request it became. Waiting time is from issue to call; service time from call to done.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grids.models import Community


class HallQuerySet(models.QuerySet):
    """Lines and tickets belong to the hall of a community: its desk (window staff, community admins)."""

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(community__in=Community.objects.desk_of(user))

    def editable_by(self, user):
        return self.visible_to(user)


class QueueLine(models.Model):
    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+", verbose_name=_("community"))
    name = models.CharField(_("name"), max_length=50)
    letter = models.CharField(_("letter"), max_length=1, help_text=_("The letter before its numbers, e.g. A."))
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = HallQuerySet.as_manager()

    class Meta:
        ordering = ["community", "order", "letter"]
        verbose_name = _("queue line")
        verbose_name_plural = _("queue lines")
        constraints = [
            models.UniqueConstraint(
                fields=["community", "letter"],
                name="queueline_letter_unique",
                violation_error_message=_("This letter is taken by another line of the hall."),
            )
        ]

    def __str__(self):
        return f"{self.letter} {self.name}"


class TicketQuerySet(HallQuerySet):
    def today(self):
        return self.filter(day=timezone.localdate())


class Ticket(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        CALLED = "called", _("Called")
        DONE = "done", _("Served")
        MISSED = "missed", _("Missed")

    line = models.ForeignKey(QueueLine, on_delete=models.PROTECT, related_name="tickets", verbose_name=_("line"))
    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+", db_index=False)
    day = models.DateField(_("day"), default=timezone.localdate)
    number = models.PositiveIntegerField(_("number"))
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.WAITING)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    called_at = models.DateTimeField(_("called at"), null=True, blank=True)
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    window = models.CharField(_("window"), max_length=20, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    request = models.ForeignKey(
        "services.ServiceRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("request"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = TicketQuerySet.as_manager()

    class Meta:
        ordering = ["day", "issued_at", "pk"]
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        constraints = [models.UniqueConstraint(fields=["line", "day", "number"], name="ticket_number_per_line_day")]
        indexes = [
            models.Index(
                fields=["community", "day", "issued_at"],
                name="ticket_waiting",
                condition=Q(status="waiting"),
            ),
            models.Index(fields=["community", "day"], name="ticket_community_day"),
        ]

    def __str__(self):
        return self.code

    @property
    def code(self) -> str:
        return f"{self.line.letter}{self.number:03d}"
