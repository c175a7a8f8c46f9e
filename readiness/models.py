"""应急准备.

A community's emergency supplies (应急物资: 救生衣, 沙袋, 应急照明灯 …) and their movements in and
out of the store, whose sum is the quantity on hand (never typed in); its emergency plans
(应急预案) by kind, with their versions and the drills (演练) held on them; and its emergency teams
(应急队伍) with their members in call order.
"""

import datetime

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from grids.models import Community, CommunityRowsQuerySet
from residents.identity import mask_phone, validate_phone
from residents.models import PhoneField, track_changes

# Supplies this close to their expiry date are flagged (list filter, dashboard).
EXPIRY_WARNING_DAYS = 30


class SupplyQuerySet(CommunityRowsQuerySet):
    def expired(self, today=None):
        return self.filter(expires_on__lt=today or timezone.localdate())

    def expiring(self, today=None):
        """Not expired yet, but within the warning days."""
        today = today or timezone.localdate()
        return self.filter(expires_on__gte=today, expires_on__lte=today + datetime.timedelta(EXPIRY_WARNING_DAYS))


@track_changes()
class Supply(models.Model):
    """应急物资: an item kept in a place of the community; `quantity` moves only by Movement rows."""

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+", verbose_name=_("community"))
    name = models.CharField(_("item"), max_length=100)
    unit = models.CharField(_("unit"), max_length=10, help_text=_("e.g. piece, box, bag."))
    place = models.CharField(_("kept at"), max_length=200)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    quantity = models.PositiveIntegerField(_("on hand"), default=0, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = SupplyQuerySet.as_manager()

    class Meta:
        ordering = ["community", "name", "pk"]
        verbose_name = _("emergency supply")
        verbose_name_plural = _("emergency supplies")
        indexes = [
            models.Index(fields=["community", "name"], name="rdy_supply_community_name"),
            models.Index(fields=["community", "expires_on"], name="rdy_supply_community_expiry"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "name", "place"],
                name="rdy_supply_unique",
                violation_error_message=_("This item is kept at this place already."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("readiness:supply-detail", args=[self.pk])

    @property
    def is_expired(self):
        return self.expires_on is not None and self.expires_on < timezone.localdate()

    @property
    def is_expiring(self):
        today = timezone.localdate()
        return self.expires_on is not None and today <= self.expires_on <= today + datetime.timedelta(
            EXPIRY_WARNING_DAYS
        )


class MovementQuerySet(CommunityRowsQuerySet):
    community_path = "supply__community"


@track_changes()
class Movement(models.Model):
    """Supplies put into or taken out of the store (入库 / 出库), on a day, for a reason."""

    class Direction(models.TextChoices):
        IN = "in", pgettext_lazy("supply movement", "In")
        OUT = "out", pgettext_lazy("supply movement", "Out")

    supply = models.ForeignKey(Supply, on_delete=models.PROTECT, related_name="movements", verbose_name=_("supply"))
    direction = models.CharField(_("direction"), max_length=3, choices=Direction)
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = MovementQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("supply movement")
        verbose_name_plural = _("supply movements")
        indexes = [models.Index(fields=["supply", "date"], name="rdy_movement_supply_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1),
                name="rdy_movement_quantity_positive",
                violation_error_message=_("The quantity must be at least 1."),
            )
        ]

    def __str__(self):
        return f"{self.date} {self.get_direction_display()} {self.quantity}"


class PlanQuerySet(CommunityRowsQuerySet):
    def active(self):
        return self.filter(status=Plan.Status.ACTIVE)


@track_changes()
class Plan(models.Model):
    """应急预案: the community's plan for a kind of emergency, in a version approved on a day; a new
    version supersedes the old one, which is kept."""

    class Kind(models.TextChoices):
        FLOOD = "flood", _("Flood")
        FIRE = "fire", _("Fire")
        EARTHQUAKE = "earthquake", _("Earthquake")
        PUBLIC_HEALTH = "public_health", _("Public health")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("readiness plan", "Active")
        SUPERSEDED = "superseded", _("Superseded")

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+", verbose_name=_("community"))
    kind = models.CharField(_("type"), max_length=16, choices=Kind)
    title = models.CharField(_("title"), max_length=200)
    version_label = models.CharField(_("version"), max_length=30, help_text=_("e.g. 2026 edition."))
    approved_on = models.DateField(_("approved on"))
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.ACTIVE)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["community", "kind", "-approved_on", "pk"]
        verbose_name = _("emergency plan")
        verbose_name_plural = _("emergency plans")
        indexes = [models.Index(fields=["community", "status", "kind"], name="rdy_plan_community_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "title", "version_label"],
                name="rdy_plan_version_unique",
                violation_error_message=_("This plan has a version of this name already."),
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.version_label})"

    def get_absolute_url(self):
        return reverse("readiness:plan-detail", args=[self.pk])


class DrillQuerySet(CommunityRowsQuerySet):
    community_path = "plan__community"


@track_changes()
class Drill(models.Model):
    """演练: a drill held on a plan."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="drills", verbose_name=_("plan"))
    # The plan's community, kept on the row: the dashboard counts drills by it and the date.
    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+", db_index=False, editable=False)
    date = models.DateField(_("date"))
    participants = models.PositiveIntegerField(_("participants"), validators=[MinValueValidator(1)])
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = CommunityRowsQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("drill")
        verbose_name_plural = _("drills")
        indexes = [
            models.Index(fields=["community", "date"], name="rdy_drill_community_date"),
            models.Index(fields=["plan", "date"], name="rdy_drill_plan_date"),
        ]

    def __str__(self):
        return f"{self.date} {self.plan.title}"

    def save(self, *args, **kwargs):
        if self.plan_id:
            self.community_id = self.plan.community_id
        super().save(*args, **kwargs)


@track_changes()
class Team(models.Model):
    """应急队伍: a community's (or street's) emergency squad, called in order."""

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+", verbose_name=_("community"))
    name = models.CharField(_("name"), max_length=100)
    duty = models.TextField(_("duty"), help_text=_("What the team does in an emergency."))
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = CommunityRowsQuerySet.as_manager()

    class Meta:
        ordering = ["community", "name"]
        verbose_name = _("emergency team")
        verbose_name_plural = _("emergency teams")
        indexes = [models.Index(fields=["community", "name"], name="rdy_team_community_name")]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "name"],
                name="rdy_team_name_unique",
                violation_error_message=_("The community has a team of this name already."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("readiness:team-detail", args=[self.pk])


class MemberQuerySet(CommunityRowsQuerySet):
    community_path = "team__community"


@track_changes()
class Member(models.Model):
    """A member of an emergency team, with the place in which they are called (1 first)."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="members", verbose_name=_("team"))
    name = models.CharField(_("name"), max_length=50)
    phone = PhoneField(_("phone"), max_length=20, validators=[validate_phone])
    role = models.CharField(_("role"), max_length=50, help_text=_("e.g. leader, rescue, first aid."))
    call_order = models.PositiveSmallIntegerField(_("call order"), validators=[MinValueValidator(1)])
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["team", "call_order"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(
                fields=["team", "call_order"],
                name="rdy_member_call_order_unique",
                violation_error_message=_("Another member of the team has this place in the call order."),
            )
        ]

    def __str__(self):
        return f"{self.call_order}. {self.name}"

    @property
    def masked_phone(self):
        return mask_phone(self.phone)
