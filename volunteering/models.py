"""志愿服务 and 社会组织.

A community's volunteer teams (志愿服务队: 党员先锋队, 青年志愿服务队, 巾帼志愿服务队, 平安巡逻队 …),
their volunteers (residents of the register or not), and the service they give: a service record
of a team on a day, with each volunteer's hours, confirmed by the community (the team leader's word,
recorded by a community admin). Party members' 双报到 hours stay in partybuilding (CheckIn) and are
read from there (volunteering/hours.py), never copied here.

The community's social organisations (社会组织), their 备案, a short log of their activities and
the district's yearly star rating (星级评定).
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from grids.models import Community, CommunityRowsQuerySet
from residents.identity import mask_phone, validate_phone
from residents.models import PhoneField, Resident, track_changes


class TeamQuerySet(CommunityRowsQuerySet):
    def active(self):
        return self.filter(status=Team.Status.ACTIVE)


@track_changes()
class Team(models.Model):
    """志愿服务队."""

    class Kind(models.TextChoices):
        PARTY = "party", _("Party members")
        YOUTH = "youth", _("Youth")
        WOMEN = "women", _("Women")
        ELDERLY = "elderly", _("Elderly care")
        ENVIRONMENT = "environment", _("Environment")
        PATROL = "patrol", _("Safety patrol")
        CULTURE = "culture", _("Culture and sports")
        EMERGENCY = "emergency", _("Emergency")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("volunteering status", "Active")
        DISBANDED = "disbanded", _("Disbanded")

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+", verbose_name=_("community"))
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("type"), max_length=16, choices=Kind)
    leader = models.ForeignKey(
        "Volunteer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="teams_led",
        verbose_name=_("leader"),
    )
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.ACTIVE)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = TeamQuerySet.as_manager()

    class Meta:
        ordering = ["community", "name"]
        verbose_name = _("volunteer team")
        verbose_name_plural = _("volunteer teams")
        indexes = [models.Index(fields=["community", "status"], name="vol_team_community_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "name"],
                name="vol_team_name_unique",
                violation_error_message=_("The community has a team of this name already."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("volunteering:team-detail", args=[self.pk])

    def clean(self):
        if self.leader_id and self.community_id and self.leader.community_id != self.community_id:
            raise ValidationError({"leader": _("The leader must be a volunteer of the team's community.")})


@track_changes()
class Volunteer(models.Model):
    """A volunteer of a community: a resident of the register, or someone who is not (who works or
    studies there), with their own name and phone."""

    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("volunteering status", "Active")
        INACTIVE = "inactive", _("Inactive")
        LEFT = "left", _("Left")

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+", verbose_name=_("community"))
    resident = models.ForeignKey(
        Resident,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="volunteers",
        verbose_name=_("resident"),
        help_text=_("When the volunteer is on the register: name and phone come from it."),
    )
    name = models.CharField(_("name"), max_length=50, blank=True)
    phone = PhoneField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    joined_on = models.DateField(_("joined on"))
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.ACTIVE)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = CommunityRowsQuerySet.as_manager()

    class Meta:
        ordering = ["community", "name", "pk"]
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        indexes = [
            models.Index(fields=["community", "status"], name="vol_volunteer_community_status"),
            models.Index(fields=["name"], name="vol_volunteer_name"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["resident"],
                name="vol_volunteer_one_per_resident",
                violation_error_message=_("This resident is a volunteer already."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.resident_id is not None:
            # The register keeps the name and phone: never two copies that drift apart.
            self.name = self.resident.name
            self.phone = ""
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("volunteering:volunteer-detail", args=[self.pk])

    def clean(self):
        if self.resident_id is None and not self.name:
            raise ValidationError({"name": _("Give the volunteer's name, or link them to a resident.")})
        if self.resident_id and self.community_id and self.resident.community_id != self.community_id:
            raise ValidationError({"resident": _("The resident must live in the volunteer's community.")})

    @property
    def masked_phone(self):
        return mask_phone(self.resident.phone if self.resident_id else self.phone)

    @property
    def is_active(self):
        return self.status == self.Status.ACTIVE


class MembershipQuerySet(CommunityRowsQuerySet):
    community_path = "team__community"

    def current(self):
        return self.filter(until__isnull=True)


@track_changes()
class Membership(models.Model):
    """A volunteer in a team, since a day, until they leave it (kept, not deleted)."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("team"))
    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("volunteer")
    )
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["team", "volunteer__name", "pk"]
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        indexes = [models.Index(fields=["volunteer", "team"], name="vol_membership_volunteer")]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "volunteer"],
                condition=Q(until__isnull=True),
                name="vol_membership_current_unique",
                violation_error_message=_("This volunteer is in the team already."),
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")),
                name="vol_membership_until_after_since",
                violation_error_message=_("A membership cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.volunteer} · {self.team}"

    def clean(self):
        if self.team_id and self.volunteer_id and self.team.community_id != self.volunteer.community_id:
            raise ValidationError({"volunteer": _("The volunteer must be of the team's community.")})


@track_changes()
class ServiceRecord(models.Model):
    """A team's service on a day: what, where, and (ServiceHours) who served how long. Confirmed
    hours count; a confirmed record is changed only after it is reopened."""

    class Status(models.TextChoices):
        OPEN = "open", _("Not confirmed")
        CONFIRMED = "confirmed", _("Confirmed")

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="records", verbose_name=_("team"))
    # The team's community, kept on the row: the scope and the dashboards' figures read it by index.
    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+", db_index=False)
    date = models.DateField(_("date"))
    title = models.CharField(_("service"), max_length=200, help_text=_("What was done, e.g. a patrol of 3 compounds."))
    place = models.CharField(_("place"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.OPEN)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = CommunityRowsQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("service record")
        verbose_name_plural = _("service records")
        indexes = [
            models.Index(fields=["community", "status", "date"], name="vol_record_community_date"),
            models.Index(fields=["team", "date"], name="vol_record_team_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", confirmed_at__isnull=True)
                | Q(status="confirmed", confirmed_at__isnull=False),
                name="vol_record_confirmation_dated",
                violation_error_message=_("A confirmed record needs who confirmed it and when."),
            )
        ]
        permissions = [("confirm_servicerecord", "Can confirm service hours")]

    def __str__(self):
        return f"{self.date} {self.title}"

    def save(self, *args, **kwargs):
        if self.team_id:
            self.community_id = self.team.community_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("volunteering:record-detail", args=[self.pk])

    @property
    def is_confirmed(self):
        return self.status == self.Status.CONFIRMED


class ServiceHoursQuerySet(CommunityRowsQuerySet):
    community_path = "record__community"

    def confirmed(self):
        return self.filter(record__status=ServiceRecord.Status.CONFIRMED)


@track_changes()
class ServiceHours(models.Model):
    """One volunteer's hours on a service record."""

    record = models.ForeignKey(
        ServiceRecord, on_delete=models.CASCADE, related_name="hours", verbose_name=_("service record")
    )
    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.PROTECT, related_name="service_hours", verbose_name=_("volunteer")
    )
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("24"))],
    )

    objects = ServiceHoursQuerySet.as_manager()

    class Meta:
        ordering = ["volunteer__name", "pk"]
        verbose_name = _("service hours")
        verbose_name_plural = _("service hours")
        indexes = [models.Index(fields=["volunteer", "record"], name="vol_hours_volunteer")]
        constraints = [
            models.UniqueConstraint(
                fields=["record", "volunteer"],
                name="vol_hours_once_per_record",
                violation_error_message=_("This volunteer's hours on this record are entered already."),
            ),
            models.CheckConstraint(
                condition=Q(hours__gte=Decimal("0.5"), hours__lte=24),
                name="vol_hours_range",
                violation_error_message=_("Hours are between 0.5 and 24."),
            ),
        ]

    def __str__(self):
        return f"{self.volunteer} · {self.hours}"

    def clean(self):
        if self.record_id and self.volunteer_id and self.record.team.community_id != self.volunteer.community_id:
            raise ValidationError({"volunteer": _("The volunteer must be of the team's community.")})


@track_changes()
class SocialOrganisation(models.Model):
    """社会组织 fostered by the community, with its 备案 (registration) by the street."""

    class Kind(models.TextChoices):
        SERVICE = "service", _("Community service")
        CHARITY = "charity", _("Charity")
        CULTURE = "culture", _("Culture and sports")
        ELDERLY = "elderly", _("Elderly care")
        YOUTH = "youth", _("Youth")
        MEDIATION = "mediation", _("Mediation")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("volunteering status", "Active")
        DORMANT = "dormant", _("Dormant")
        DEREGISTERED = "deregistered", _("Deregistered")

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+", verbose_name=_("community"))
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("type"), max_length=16, choices=Kind)
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    registration_number = models.CharField(_("registration number"), max_length=50, blank=True)
    leader_name = models.CharField(_("leader"), max_length=50)
    leader_phone = PhoneField(_("leader's phone"), max_length=20, blank=True, validators=[validate_phone])
    members_count = models.PositiveIntegerField(_("members"), default=0)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.ACTIVE)
    # The stars of the latest rating, kept by rating_save: the list filters on it by index.
    stars = models.PositiveSmallIntegerField(_("stars"), null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = CommunityRowsQuerySet.as_manager()

    class Meta:
        ordering = ["community", "name"]
        verbose_name = _("social organisation")
        verbose_name_plural = _("social organisations")
        indexes = [
            models.Index(fields=["community", "status", "kind"], name="vol_org_community_kind"),
            models.Index(fields=["community", "stars"], name="vol_org_community_stars"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "name"],
                name="vol_org_name_unique",
                violation_error_message=_("The community has an organisation of this name already."),
            ),
            models.UniqueConstraint(
                fields=["registration_number"],
                condition=~Q(registration_number=""),
                name="vol_org_registration_unique",
                violation_error_message=_("Another organisation has this registration number."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("volunteering:organisation-detail", args=[self.pk])

    @property
    def masked_leader_phone(self):
        return mask_phone(self.leader_phone)

    @property
    def star_marks(self):
        return "★" * (self.stars or 0)


class OrganisationActivityQuerySet(CommunityRowsQuerySet):
    community_path = "organisation__community"


@track_changes()
class OrganisationActivity(models.Model):
    """A line of an organisation's activity log."""

    organisation = models.ForeignKey(
        SocialOrganisation, on_delete=models.PROTECT, related_name="activities", verbose_name=_("organisation")
    )
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    participants = models.PositiveIntegerField(_("participants"), default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = OrganisationActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("organisation activity")
        verbose_name_plural = _("organisation activities")
        indexes = [models.Index(fields=["organisation", "date"], name="vol_org_activity_date")]

    def __str__(self):
        return f"{self.date} {self.title}"


# 星级评定: the criteria and their maximum points (100 in all), and the lowest total for each number of
# stars; below the lowest threshold an organisation is rated one star.
CRITERIA = [
    ("governance", _("Governance"), 20),
    ("activities", _("Activities"), 25),
    ("services", _("Services"), 25),
    ("finances", _("Finances"), 15),
    ("reputation", _("Reputation"), 15),
]
STAR_THRESHOLDS = [(90, 5), (80, 4), (70, 3), (60, 2)]


def stars_for(total: int) -> int:
    return next((stars for lowest, stars in STAR_THRESHOLDS if total >= lowest), 1)


def _score(name, label, most):
    return models.PositiveSmallIntegerField(label, validators=[MaxValueValidator(most)])


class RatingQuerySet(CommunityRowsQuerySet):
    community_path = "organisation__community"


@track_changes()
class StarRating(models.Model):
    """An organisation's 星级评定 of a year."""

    organisation = models.ForeignKey(
        SocialOrganisation, on_delete=models.PROTECT, related_name="ratings", verbose_name=_("organisation")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    governance = _score(*CRITERIA[0])
    activities = _score(*CRITERIA[1])
    services = _score(*CRITERIA[2])
    finances = _score(*CRITERIA[3])
    reputation = _score(*CRITERIA[4])
    total = models.PositiveSmallIntegerField(_("total score"), editable=False)
    stars = models.PositiveSmallIntegerField(_("stars"), editable=False)
    rated_on = models.DateField(_("rated on"))
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rated by"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = RatingQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "-year"]
        verbose_name = _("star rating")
        verbose_name_plural = _("star ratings")
        indexes = [models.Index(fields=["year", "organisation"], name="vol_rating_year")]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"],
                name="vol_rating_once_a_year",
                violation_error_message=_("This organisation is rated for this year already."),
            ),
            models.CheckConstraint(condition=Q(stars__gte=1, stars__lte=5), name="vol_rating_stars_range"),
        ]

    def __str__(self):
        return f"{self.organisation} · {self.year}"

    def get_absolute_url(self):
        return self.organisation.get_absolute_url()

    def compute(self):
        self.total = sum(getattr(self, name) or 0 for name, _label, _most in CRITERIA)
        self.stars = stars_for(self.total)

    @property
    def star_marks(self):
        return "★" * (self.stars or 0)

    def scores(self):
        return [(label, getattr(self, name), most) for name, label, most in CRITERIA]
