"""评选表彰: the district's honour kinds (星级文明家庭, 民族团结进步示范户, 文明楼栋 …) and a community's
nominations for them, through the democratic appraisal (民主评议) and the public notice (公示) to the
award, with the objections raised during the notice.

Honours are public by nature (the 公示 is posted in the community): a nomination is read by every post
in its community and those above it; it is kept by the community's admins.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from grids.models import Building, Community, CommunityRowsQuerySet
from residents.models import Household, Resident, track_changes

# The 公示 lasts at least five days.
NOTICE_MIN_DAYS = 5


class HonourKind(models.Model):
    """表彰类别, shared district-wide (kept in the back office)."""

    class Target(models.TextChoices):
        HOUSEHOLD = "household", _("Household")
        RESIDENT = "resident", _("Resident")
        BUILDING = "building", _("Building")

    name = models.CharField(_("name"), max_length=100, unique=True)
    target = models.CharField(_("given to"), max_length=16, choices=Target)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("honour kind")
        verbose_name_plural = _("honour kinds")

    def __str__(self):
        return self.name


class CommunityQuerySet(CommunityRowsQuerySet):
    # Every post in the community (a grid worker's too) reads its nominations: they are posted publicly.
    readers = "choices_for"


class NominationQuerySet(CommunityQuerySet):
    def awarded(self):
        return self.filter(status=Nomination.Status.AWARDED)


class ObjectionQuerySet(CommunityQuerySet):
    community_path = "nomination__community"


@track_changes()
class Nomination(models.Model):
    """推荐: a household, a resident or a building nominated for an honour of a year."""

    class Status(models.TextChoices):
        NOMINATED = "nominated", _("Nominated")
        APPRAISED = "appraised", _("Appraised")
        NOTICE = "notice", _("On public notice")
        AWARDED = "awarded", _("Awarded")
        REJECTED = "rejected", _("Rejected")

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+", verbose_name=_("community"))
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    kind = models.ForeignKey(HonourKind, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("honour"))
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("household")
    )
    resident = models.ForeignKey(
        Resident, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("resident")
    )
    building = models.ForeignKey(
        Building, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("building")
    )
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.NOMINATED)
    # 民主评议
    votes_for = models.PositiveIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("votes against"), null=True, blank=True)
    votes_abstain = models.PositiveIntegerField(_("abstentions"), null=True, blank=True)
    appraised_on = models.DateField(_("appraised on"), null=True, blank=True)
    appraisal_passed = models.BooleanField(_("appraisal passed"), null=True, blank=True)
    # 公示
    notice_starts_on = models.DateField(_("notice starts on"), null=True, blank=True)
    notice_ends_on = models.DateField(_("notice ends on"), null=True, blank=True)
    awarded_on = models.DateField(_("awarded on"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = NominationQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-pk"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        indexes = [
            models.Index(fields=["community", "year", "status"], name="honours_nom_community_year"),
            models.Index(fields=["kind", "year"], name="honours_nom_kind_year"),
            models.Index(fields=["status", "awarded_on"], name="honours_nom_status_awarded"),
            models.Index(fields=["household", "status"], name="honours_nom_household"),
            models.Index(fields=["resident", "status"], name="honours_nom_resident"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(household__isnull=False, resident__isnull=True, building__isnull=True)
                | Q(household__isnull=True, resident__isnull=False, building__isnull=True)
                | Q(household__isnull=True, resident__isnull=True, building__isnull=False),
                name="honours_nom_one_nominee",
                violation_error_message=_("Choose one nominee: a household, a resident or a building."),
            ),
            *[
                models.UniqueConstraint(
                    fields=[nominee, "kind", "year"],
                    condition=Q(**{f"{nominee}__isnull": False}),
                    name=f"honours_nom_{nominee}_once",
                    violation_error_message=_("This nominee is nominated for this honour in this year already."),
                )
                for nominee in ("household", "resident", "building")
            ],
            models.CheckConstraint(
                condition=Q(notice_ends_on__isnull=True)
                | Q(notice_ends_on__gte=models.F("notice_starts_on") + datetime.timedelta(days=NOTICE_MIN_DAYS - 1)),
                name="honours_nom_notice_length",
                violation_error_message=_("The public notice lasts at least 5 days."),
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.kind} · {self.nominee}"

    def get_absolute_url(self):
        return reverse("honours:nomination-detail", args=[self.pk])

    @property
    def nominee(self):
        return self.household or self.resident or self.building

    @property
    def name(self):
        return str(self)

    def nominee_community_id(self):
        if self.household_id:
            return self.household.dwelling.grid.community_id
        if self.resident_id:
            return self.resident.community_id
        if self.building_id:
            return self.building.compound.community_id
        return None

    def clean(self):
        if self.kind_id:
            target = self.kind.target
            given = {"household": self.household_id, "resident": self.resident_id, "building": self.building_id}
            if not given[target] or any(value for field, value in given.items() if field != target):
                raise ValidationError(
                    {target: _("This honour is given to a %(target)s.") % {"target": self.kind.get_target_display()}}
                )


@track_changes()
class Objection(models.Model):
    """An objection raised during the 公示, and whether it was upheld after checking."""

    nomination = models.ForeignKey(
        Nomination, on_delete=models.PROTECT, related_name="objections", verbose_name=_("nomination")
    )
    text = models.TextField(_("objection"))
    raised_on = models.DateField(_("raised on"))
    upheld = models.BooleanField(_("upheld"), default=False)

    objects = ObjectionQuerySet.as_manager()

    class Meta:
        ordering = ["raised_on", "pk"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")

    def __str__(self):
        return self.text[:40]
