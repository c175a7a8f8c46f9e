"""共建: the three lists of a community and 结对帮扶.

- A **resource** (资源清单) is what a resident unit, a party organisation, a resident, the community
  itself or another organisation offers: a room, a doctor's hours, teachers, funds.
- A **need** (需求清单) is what a household, a resident or a group of residents lacks, found on a
  visit, in a survey or in a service request. A need no project takes up stays with the community's
  party organisation (兜底): the "unmatched needs" page lists them.
- A **project** (项目清单) matches needs with resources. Taking a need into a project marks it
  matched; the project done marks its needs met.
- A **pairing** (结对帮扶) ties a party organisation or a resident unit to a household (usually one
  with a member on 低保 or 特困 support), and each help visit of the pair is recorded.

Resources and projects are kept by the community's admins, read at its desk and by the overseers
(officials); needs are kept at the desk too (window staff record those of service requests), and grid
workers record and keep the needs of their grids. Pairings are read with their household (the
register's readers) or their party organisation, and kept by the organisation's secretary or the
community's admin.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from grids.models import Community, Grid, scope_community_ids, scope_grid_ids
from grids.roles import Audience
from partybuilding.models import Member, Organisation, Unit
from residents.choices import TagKind
from residents.identity import mask_phone, validate_phone
from residents.models import Household, PhoneField, Resident, ResidentTag, Visit, track_changes
from services.models import ServiceRequest

# The special groups a pairing is for (低保, 特困): "households in need without a pair".
IN_NEED_TAGS = [TagKind.LOW_INCOME, TagKind.EXTREME_POVERTY]


class Kind(models.TextChoices):
    """What a resource offers and a need asks for: the same kinds, so that they can be matched."""

    VENUE = "venue", pgettext_lazy("co-building kind", "Venue")
    MEDICAL = "medical", pgettext_lazy("co-building kind", "Medical care")
    EDUCATION = "education", pgettext_lazy("co-building kind", "Education")
    LEGAL = "legal", pgettext_lazy("co-building kind", "Legal aid")
    FUNDS = "funds", pgettext_lazy("co-building kind", "Funds")
    VOLUNTEERS = "volunteers", pgettext_lazy("co-building kind", "Volunteers and skills")
    GOODS = "goods", pgettext_lazy("co-building kind", "Goods")
    OTHER = "other", pgettext_lazy("co-building kind", "Other")


def _signed_in(user) -> bool:
    return user.is_authenticated and user.is_active


class CommunityListQuerySet(models.QuerySet):
    """Rows of a community's lists: read at its desk and by its overseers, kept by its admins."""

    def visible_to(self, user):
        if not _signed_in(user):
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(community_id__any=scope_community_ids(user, Audience.DESK, Audience.OVERSEERS))

    def editable_by(self, user):
        if not _signed_in(user):
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(community_id__any=scope_community_ids(user, Audience.ADMINS))


@track_changes()
class Resource(models.Model):
    class OfferedBy(models.TextChoices):
        UNIT = "unit", _("Resident unit")
        ORGANISATION = "organisation", _("Party organisation")
        RESIDENT = "resident", _("Resident")
        COMMUNITY = "community", _("The community")
        OTHER = "other", _("Another organisation")

    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("resource status", "Offered")
        WITHDRAWN = "withdrawn", pgettext_lazy("resource status", "Withdrawn")

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+", verbose_name=_("community"))
    title = models.CharField(_("title"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    offered_by = models.CharField(_("offered by"), max_length=16, choices=OfferedBy)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("resident unit")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("party organisation"),
    )
    resident = models.ForeignKey(
        Resident, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("resident")
    )
    offerer_name = models.CharField(
        _("organisation name"), max_length=100, blank=True, help_text=_("For another organisation.")
    )
    description = models.TextField(_("description"), blank=True)
    availability = models.CharField(_("availability"), max_length=100, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = PhoneField(_("contact phone"), max_length=20, blank=True, validators=[validate_phone])
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.ACTIVE)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = CommunityListQuerySet.as_manager()

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        indexes = [
            models.Index(fields=["community", "status", "kind"], name="resource_community_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(offered_by="unit", unit__isnull=False)
                | Q(offered_by="organisation", organisation__isnull=False)
                | Q(offered_by="resident", resident__isnull=False)
                | Q(offered_by__in=["community", "other"]),
                name="resource_offerer_named",
                violation_error_message=_("Name who offers the resource."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("cobuilding:resource-list") + f"?community={self.community_id}"

    @property
    def offerer(self) -> str:
        """Who offers it, as the lists name them."""
        named = {
            self.OfferedBy.UNIT: self.unit,
            self.OfferedBy.ORGANISATION: self.organisation,
            self.OfferedBy.RESIDENT: self.resident and self.resident.name,
            self.OfferedBy.OTHER: self.offerer_name,
        }.get(self.offered_by)
        return str(named or self.get_offered_by_display())

    @property
    def masked_contact_phone(self) -> str:
        return mask_phone(self.contact_phone)

    def clean(self):
        required = {
            self.OfferedBy.UNIT: "unit_id",
            self.OfferedBy.ORGANISATION: "organisation_id",
            self.OfferedBy.RESIDENT: "resident_id",
            self.OfferedBy.OTHER: "offerer_name",
        }.get(self.offered_by)
        if required and not getattr(self, required):
            raise ValidationError({required.removesuffix("_id"): _("Name who offers the resource.")})


class NeedQuerySet(CommunityListQuerySet):
    """Needs are kept at the community's desk (found in a request too), and seen and kept by the grid workers of
    the grid they were found in."""

    def visible_to(self, user):
        if not _signed_in(user) or user.is_superuser:
            return super().visible_to(user)
        return self.filter(
            Q(community_id__any=scope_community_ids(user, Audience.DESK, Audience.OVERSEERS))
            | Q(grid_id__any=scope_grid_ids(user, Audience.WALKERS))
        )

    def editable_by(self, user):
        if not _signed_in(user) or user.is_superuser:
            return super().editable_by(user)
        return self.filter(
            Q(community_id__any=scope_community_ids(user, Audience.DESK))
            | Q(grid_id__any=scope_grid_ids(user, Audience.WALKERS))
        )

    def unmatched(self):
        """Open needs no project has taken up: the community's party organisation answers for them (兜底)."""
        return self.filter(status=Need.Status.OPEN)


@track_changes()
class Need(models.Model):
    class Source(models.TextChoices):
        VISIT = "visit", _("Visit")
        SURVEY = "survey", _("Survey")
        REQUEST = "request", _("Service request")
        OTHER = "other", _("Other")

    class Urgency(models.TextChoices):
        NORMAL = "normal", _("Normal")
        URGENT = "urgent", _("Urgent")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("need status", "Open")
        MATCHED = "matched", pgettext_lazy("need status", "Matched")
        MET = "met", pgettext_lazy("need status", "Met")
        CLOSED = "closed", pgettext_lazy("need status", "Closed")

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+", verbose_name=_("community"))
    # The grid it was found in (of the household, the resident or the visit): its grid worker keeps it.
    grid = models.ForeignKey(
        Grid, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("grid"), editable=False
    )
    source = models.CharField(_("found through"), max_length=16, choices=Source, default=Source.OTHER)
    visit = models.ForeignKey(
        Visit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("visit")
    )
    request = models.ForeignKey(
        ServiceRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service request"),
    )
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("household")
    )
    resident = models.ForeignKey(
        Resident, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("resident")
    )
    group = models.CharField(
        _("who has it"),
        max_length=100,
        blank=True,
        help_text=_("A group or a building, e.g. the elderly of building 3."),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    description = models.TextField(_("description"))
    urgency = models.CharField(_("urgency"), max_length=8, choices=Urgency, default=Urgency.NORMAL)
    status = models.CharField(_("status"), max_length=8, choices=Status, default=Status.OPEN)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = NeedQuerySet.as_manager()

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        indexes = [
            models.Index(fields=["community", "status", "kind"], name="need_community_status"),
            models.Index(fields=["grid", "status"], name="need_grid_status"),
            models.Index(fields=["household"], name="need_household", condition=Q(household__isnull=False)),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(household__isnull=False) | Q(resident__isnull=False) | ~Q(group=""),
                name="need_has_someone",
                violation_error_message=_("Say who has the need: a household, a resident or a group."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.description[:40]}"

    def get_absolute_url(self):
        return reverse("cobuilding:need-update", args=[self.pk])


@track_changes()
class Project(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("project status", "Planned")
        RUNNING = "running", pgettext_lazy("project status", "Running")
        DONE = "done", pgettext_lazy("project status", "Done")
        CANCELLED = "cancelled", pgettext_lazy("project status", "Cancelled")

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+", verbose_name=_("community"))
    title = models.CharField(_("title"), max_length=100)
    needs = models.ManyToManyField(Need, blank=True, related_name="projects", verbose_name=_("needs met"))
    resources = models.ManyToManyField(Resource, blank=True, related_name="projects", verbose_name=_("resources used"))
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lead"),
    )
    lead_name = models.CharField(
        _("leading organisation"), max_length=100, blank=True, help_text=_("When an organisation leads it.")
    )
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.PLANNED)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = CommunityListQuerySet.as_manager()

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        indexes = [models.Index(fields=["community", "status"], name="project_community_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="project_ends_after_start",
                violation_error_message=_("A project cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("cobuilding:project-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.PLANNED, self.Status.RUNNING)


class PairingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Pairings of households the user reads the register of, or of party organisations they see."""
        if not _signed_in(user):
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(
            Q(household__in=Household.objects.visible_to(user))
            | Q(organisation__in=Organisation.objects.visible_to(user).values("pk"))
        )

    def editable_by(self, user):
        """Kept by the paired organisation's secretaries and the community's admins."""
        if not _signed_in(user):
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(
            Q(community_id__any=scope_community_ids(user, Audience.ADMINS))
            | Q(organisation__in=Organisation.objects.editable_by(user).values("pk"))
        )

    def active(self):
        return self.filter(status=Pairing.Status.ACTIVE)


@track_changes()
class Pairing(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("pairing status", "Active")
        ENDED = "ended", pgettext_lazy("pairing status", "Ended")

    # The household's community when paired: whose admins keep the pairing.
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="+", verbose_name=_("community"), editable=False
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("party organisation"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("resident unit")
    )
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+", verbose_name=_("household"))
    starts_on = models.DateField(_("paired from"), default=timezone.localdate)
    ends_on = models.DateField(_("paired until"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status, default=Status.ACTIVE)
    note = models.CharField(_("note"), max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = PairingQuerySet.as_manager()

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("pairing")
        verbose_name_plural = _("pairings")
        indexes = [
            models.Index(fields=["community", "status"], name="pairing_community_status"),
            models.Index(fields=["household", "status"], name="pairing_household_status"),
            models.Index(fields=["organisation", "status"], name="pairing_organisation_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False, unit__isnull=True)
                | Q(organisation__isnull=True, unit__isnull=False),
                name="pairing_one_partner",
                violation_error_message=_("A household is paired with a party organisation or a unit."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="pairing_ends_after_start",
                violation_error_message=_("A pairing cannot end before it starts."),
            ),
            models.UniqueConstraint(
                fields=["organisation", "household"],
                condition=Q(status="active"),
                name="pairing_one_active_per_organisation",
                violation_error_message=_("This organisation is paired with this household already."),
            ),
            models.UniqueConstraint(
                fields=["unit", "household"],
                condition=Q(status="active"),
                name="pairing_one_active_per_unit",
                violation_error_message=_("This unit is paired with this household already."),
            ),
        ]

    def __str__(self):
        return f"{self.partner} · {self.household}"

    def get_absolute_url(self):
        return reverse("cobuilding:pairing-detail", args=[self.pk])

    @property
    def partner(self):
        return self.organisation or self.unit


class HelpVisitQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(pairing__in=Pairing.objects.visible_to(user))

    def editable_by(self, user):
        return self.filter(pairing__in=Pairing.objects.editable_by(user))


@track_changes()
class HelpVisit(models.Model):
    """One visit of a pair to its household (帮扶走访): who went and what they did."""

    pairing = models.ForeignKey(Pairing, on_delete=models.PROTECT, related_name="visits", verbose_name=_("pairing"))
    visited_on = models.DateField(_("visited on"), default=timezone.localdate)
    visitors = models.CharField(_("who went"), max_length=200)
    members = models.ManyToManyField(Member, blank=True, related_name="+", verbose_name=_("party members"))
    done = models.TextField(_("what was done"))
    hours = models.DecimalField(
        _("hours"), max_digits=5, decimal_places=1, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    objects = HelpVisitQuerySet.as_manager()

    class Meta:
        ordering = ["-visited_on", "-pk"]
        verbose_name = _("help visit")
        verbose_name_plural = _("help visits")
        indexes = [models.Index(fields=["pairing", "visited_on"], name="helpvisit_pairing_date")]

    def __str__(self):
        return f"{self.visited_on} {self.visitors}"


def households_in_need(households):
    """Of `households`, those with a current member holding a current 低保 or 特困 tag."""
    tagged = ResidentTag.objects.current().filter(
        kind__in=IN_NEED_TAGS,
        resident__memberships__household=OuterRef("pk"),
        resident__memberships__ended_on__isnull=True,
    )
    return households.filter(Exists(tagged))


def unpaired(households):
    """Of `households`, those in need with no active pairing."""
    return households_in_need(households).exclude(Exists(Pairing.objects.active().filter(household=OuterRef("pk"))))
