import datetime
from decimal import Decimal

import pgtrigger
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc

from grids.models import Community
from residents.identity import mask_id_number, mask_phone, validate_id_number, validate_phone
from residents.models import IDNumberField, PhoneField, Resident, track_changes

# Organisations sit at most four levels deep (党委 → 党总支 → 党支部 → 党小组), so "this
# organisation and everything below it" is a fixed number of joins, with no tree table to keep.
MAX_DEPTH = 4
CHECK_IN_MARGIN = datetime.timedelta(minutes=30)


def validate_uscc(value: str) -> None:
    """A unified social credit code (GB 32100-2015): 18 characters, check character verified."""
    code = (value or "").strip().upper()
    if len(code) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(count)d."),
            code="length",
            params={"count": len(code)},
        )
    if not uscc.is_valid(code):
        raise ValidationError(
            _("This unified social credit code is not valid; please check it for a typing error."), code="checksum"
        )


def _below(prefix: str, organisations) -> Q:
    """Organisations (reached through `prefix`) that are among `organisations` or below one of them."""
    q = Q()
    for depth in range(MAX_DEPTH):
        path = prefix + "parent__" * depth
        q |= Q(**{f"{path}in" if path else "pk__in": organisations})
    return q


def managed_organisations(user):
    """The organisations a user answers for as secretary or committee member (not those below)."""
    return Organisation.objects.filter(Q(secretary=user) | Q(committee_members=user)).values("pk")


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Organisations the user manages (and those below), of their community (admins) or area (officials)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(self._managed(user) | Q(community__in=Community.objects.overseen_by(user)))

    def editable_by(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(self._managed(user) | Q(community__in=Community.objects.administered_by(user)))

    @staticmethod
    def _managed(user) -> Q:
        return _below("", managed_organisations(user))


@track_changes()
class Organisation(models.Model):
    """A party organisation: 党委, 党总支, 党支部 or 党小组, tied to a community (and to a unit for unit branches)."""

    class Kind(models.TextChoices):
        COMMITTEE = "committee", _("Party committee")
        GENERAL_BRANCH = "general_branch", _("General party branch")
        BRANCH = "branch", _("Party branch")
        GROUP = "group", _("Party group")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("higher organisation"),
    )
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="party_organisations", verbose_name=_("community")
    )
    unit = models.ForeignKey(
        "Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("unit"),
        help_text=_("For the branch of a resident unit."),
    )
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="party_organisations",
        verbose_name=_("secretary"),
    )
    committee_members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="party_committees", verbose_name=_("committee members")
    )
    founded_on = models.DateField(_("founded on"), null=True, blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["community__code", "name"]
        verbose_name = _("party organisation")
        verbose_name_plural = _("party organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["community", "name"],
                name="party_organisation_name_unique_in_community",
                violation_error_message=_("This community already has a party organisation of this name."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("pk")),
                name="party_organisation_not_own_parent",
                violation_error_message=_("An organisation cannot be its own higher organisation."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partybuilding:organisation-detail", args=[self.pk])

    def clean(self):
        if self.parent_id is None:
            return
        order = list(self.Kind.values)
        if order.index(self.parent.kind) >= order.index(self.kind):
            raise ValidationError(
                {
                    "parent": _("A %(kind)s sits below a higher kind of organisation.")
                    % {"kind": self.get_kind_display()}
                }
            )
        if self.parent.community_id != self.community_id:
            raise ValidationError({"parent": _("The higher organisation must be of the same community.")})

    def subtree(self):
        """This organisation and all below it, as a queryset."""
        return Organisation.objects.filter(_below("", [self.pk]))


class UnitQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Units of the communities whose party organisations the user sees."""
        if user.is_authenticated and user.is_superuser:
            return self
        return self.filter(community__in=Organisation.objects.visible_to(user).values("community"))

    def editable_by(self, user):
        if user.is_authenticated and user.is_superuser:
            return self
        return self.filter(community__in=Community.objects.administered_by(user))

    def co_building(self, on=None):
        """Units whose co-building agreement (共驻共建) holds on `on` (today)."""
        on = on or timezone.localdate()
        return self.filter(agreement_starts_on__lte=on).filter(
            Q(agreement_ends_on__isnull=True) | Q(agreement_ends_on__gte=on)
        )


@track_changes()
class Unit(models.Model):
    """A resident unit (驻区单位) of a community, possibly co-building with it (共驻共建)."""

    name = models.CharField(_("name"), max_length=100)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_uscc],
        error_messages={"unique": _("A unit with this unified social credit code is registered already.")},
    )
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="party_units", verbose_name=_("community")
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = PhoneField(_("contact phone"), max_length=20, blank=True, validators=[validate_phone])
    agreement_starts_on = models.DateField(_("co-building agreement from"), null=True, blank=True)
    agreement_ends_on = models.DateField(_("co-building agreement until"), null=True, blank=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.CheckConstraint(
                condition=Q(credit_code__regex=r"^[0-9A-HJ-NPQRTUWXY]{18}$"),
                name="party_unit_credit_code_format",
                violation_error_message=_("A unified social credit code is 18 digits and capital letters."),
            ),
            models.CheckConstraint(
                condition=Q(agreement_ends_on__isnull=True)
                | Q(agreement_starts_on__isnull=True)
                | Q(agreement_ends_on__gte=F("agreement_starts_on")),
                name="party_unit_agreement_ends_after_start",
                violation_error_message=_("A co-building agreement cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partybuilding:unit-detail", args=[self.pk])

    def clean(self):
        self.credit_code = (self.credit_code or "").strip().upper()

    @property
    def is_co_building(self):
        today = timezone.localdate()
        return bool(
            self.agreement_starts_on
            and self.agreement_starts_on <= today
            and (self.agreement_ends_on is None or self.agreement_ends_on >= today)
        )


class MemberQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(organisation__in=Organisation.objects.visible_to(user))

    def editable_by(self, user):
        return self.filter(organisation__in=Organisation.objects.editable_by(user))

    def active(self):
        return self.filter(status=Member.Status.ACTIVE)

    def candidate_residents(self, user, *, member=None):
        """Residents the user may link to a member record (`member`, or a new one): party and
        probationary members living in the communities of the organisations the user keeps, not
        linked to another member record."""
        communities = Organisation.objects.editable_by(user).values("community")
        others = Member.objects.exclude(pk=member.pk if member else None)
        return Resident.objects.party_candidates(communities).exclude(party_members__in=others)

    def identified_by(self, *, phone: str, id_tail: str):
        """Members whose phone is `phone` and whose ID number ends in `id_tail` (their own or their resident's)."""
        return self.filter(
            Q(resident__isnull=True, phone=phone, id_number__endswith=id_tail)
            | Q(resident__isnull=False, resident__phone=phone, resident__id_number__endswith=id_tail)
        )


@track_changes()
class Member(models.Model):
    """A party member on a branch roll. Members are never deleted: they transfer out or die (status)."""

    class Standing(models.TextChoices):
        FULL = "full", _("Full member")
        PROBATIONARY = "probationary", _("Probationary member")

    class Category(models.TextChoices):
        COMMUNITY = "community", _("Community member")
        IN_SERVICE = "in_service", _("In-service member (reporting to the community)")
        MOBILE = "mobile", _("Mobile member")
        RETIRED = "retired", _("Retired member")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        TRANSFERRED_OUT = "transferred_out", _("Transferred out")
        DECEASED = "deceased", _("Deceased")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="members", verbose_name=_("organisation")
    )
    resident = models.ForeignKey(
        Resident,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="party_members",
        verbose_name=_("resident"),
        help_text=_("When the member lives in the community: name, ID number and phone come from the register."),
    )
    name = models.CharField(_("name"), max_length=50)
    id_number = IDNumberField(_("ID number"), max_length=18, blank=True, validators=[validate_id_number])
    phone = PhoneField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    standing = models.CharField(_("standing"), max_length=16, choices=Standing, default=Standing.FULL)
    joined_on = models.DateField(_("joined the party on"))
    probation_ends_on = models.DateField(_("probation ends on"), null=True, blank=True)
    confirmed_on = models.DateField(_("made a full member on"), null=True, blank=True)
    category = models.CharField(_("category"), max_length=16, choices=Category, default=Category.COMMUNITY)
    work_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reporting_members",
        verbose_name=_("workplace unit"),
    )
    work_branch = models.CharField(_("workplace party branch"), max_length=100, blank=True)
    reported_on = models.DateField(
        _("reported to the community on"), null=True, blank=True, help_text=_("Dual reporting: for in-service members.")
    )
    post = models.CharField(
        _("post held"), max_length=50, blank=True, help_text=_("Post and duty, e.g. building leader.")
    )
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.ACTIVE)
    status_changed_on = models.DateField(_("status changed on"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "name", "pk"]
        verbose_name = _("party member")
        verbose_name_plural = _("party members")
        indexes = [
            models.Index(fields=["phone"], name="party_member_phone"),
            models.Index(fields=["organisation", "status"], name="party_member_org_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["resident"],
                name="party_member_one_per_resident",
                violation_error_message=_("This resident is on a party roll already."),
            ),
            models.UniqueConstraint(
                fields=["id_number"],
                condition=~Q(id_number=""),
                name="party_member_unique_id_number",
                violation_error_message=_("A member with this ID number is on a party roll already."),
            ),
            models.CheckConstraint(
                condition=Q(resident__isnull=False, id_number="", phone="")
                | Q(resident__isnull=True) & ~Q(id_number="") & ~Q(phone=""),
                name="party_member_resident_or_own_identity",
                violation_error_message=_(
                    "A member is either linked to a resident, or has their own ID number and phone."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(standing="probationary") | Q(probation_ends_on__isnull=False),
                name="party_member_probation_end_known",
                violation_error_message=_("A probationary member needs the date their probation ends."),
            ),
            models.CheckConstraint(
                condition=Q(status="active") | Q(status_changed_on__isnull=False),
                name="party_member_status_change_dated",
                violation_error_message=_("A transfer out or death needs its date."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.resident_id is not None:
            self.name = self.resident.name
            self.id_number = self.phone = ""
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("partybuilding:member-detail", args=[self.pk])

    def clean(self):
        if self.resident_id is None and not (self.id_number and self.phone):
            raise ValidationError(
                _("Link the member to a resident, or give their own ID number and phone."), code="identity"
            )
        if self.category == self.Category.IN_SERVICE:
            if self.work_unit_id is None and not self.work_branch:
                raise ValidationError({"work_unit": _("An in-service member needs their workplace unit or branch.")})
            if self.reported_on is None:
                raise ValidationError(
                    {"reported_on": _("Give the date the in-service member reported to the community.")}
                )

    @property
    def identity_number(self):
        return self.resident.id_number if self.resident_id else self.id_number

    @property
    def identity_phone(self):
        return self.resident.phone if self.resident_id else self.phone

    @property
    def masked_id_number(self):
        return mask_id_number(self.identity_number)

    @property
    def masked_phone(self):
        return mask_phone(self.identity_phone)

    @property
    def is_active(self):
        return self.status == self.Status.ACTIVE


class TransferQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(member__in=Member.objects.visible_to(user))


@track_changes()
class Transfer(models.Model):
    """A transfer of a member's organisational relationship (组织关系转接), in or out, kept as history."""

    class Direction(models.TextChoices):
        IN = "in", _("Transferred in")
        OUT = "out", _("Transferred out")
        WITHIN = "within", _("Moved between our organisations")

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="transfers", verbose_name=_("member"))
    direction = models.CharField(_("direction"), max_length=8, choices=Direction)
    on = models.DateField(_("date"))
    from_organisation = models.CharField(_("from"), max_length=100, blank=True)
    to_organisation = models.CharField(_("to"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = TransferQuerySet.as_manager()

    class Meta:
        ordering = ["-on", "-pk"]
        verbose_name = _("organisation transfer")
        verbose_name_plural = _("organisation transfers")

    def __str__(self):
        return f"{self.member} · {self.get_direction_display()} · {self.on}"


class ActivityQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(organisation__in=Organisation.objects.visible_to(user))

    def editable_by(self, user):
        return self.filter(organisation__in=Organisation.objects.editable_by(user))


@track_changes()
class Activity(models.Model):
    """A meeting or activity: one of 三会一课, a 主题党日, volunteer service …"""

    class Kind(models.TextChoices):
        GENERAL_MEETING = "general_meeting", _("General meeting of branch members")
        COMMITTEE_MEETING = "committee_meeting", _("Branch committee meeting")
        GROUP_MEETING = "group_meeting", _("Party group meeting")
        LECTURE = "lecture", _("Party lecture")
        THEME_DAY = "theme_day", _("Theme party day")
        LIFE_MEETING = "life_meeting", _("Organisational life meeting")
        APPRAISAL = "appraisal", _("Democratic appraisal of members")
        VOLUNTEER = "volunteer", _("Volunteer service")
        OTHER = "other", _("Other")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="activities", verbose_name=_("organisation")
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True, help_text=_("Minutes, written after the activity."))
    check_in_opens_at = models.DateTimeField(_("check-in opens at"))
    check_in_closes_at = models.DateTimeField(_("check-in closes at"))
    points = models.PositiveSmallIntegerField(_("points per attendance"), default=0)
    volunteer_hours = models.DecimalField(
        _("volunteer hours"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.5"))],
        help_text=_("For volunteer service: the hours each attendee is credited with once confirmed."),
    )
    expected_members = models.ManyToManyField(
        Member, blank=True, related_name="expected_at", verbose_name=_("expected attendees")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [models.Index(fields=["organisation", "kind", "starts_at"], name="party_activity_org_kind_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="party_activity_ends_after_start",
                violation_error_message=_("An activity must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(check_in_closes_at__gt=F("check_in_opens_at"))
                & Q(check_in_opens_at__lte=F("ends_at"))
                & Q(check_in_closes_at__gte=F("starts_at")),
                name="party_activity_check_in_window",
                violation_error_message=_("The check-in window must overlap the activity."),
            ),
            models.CheckConstraint(
                condition=Q(kind="volunteer") | Q(volunteer_hours__isnull=True),
                name="party_activity_hours_only_for_volunteering",
                violation_error_message=_("Only volunteer service carries volunteer hours."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("partybuilding:activity-detail", args=[self.pk])

    def check_in_is_open(self, at=None) -> bool:
        at = at or timezone.now()
        return self.check_in_opens_at <= at <= self.check_in_closes_at


class CheckInQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(activity__in=Activity.objects.visible_to(user))

    def editable_by(self, user):
        return self.filter(activity__in=Activity.objects.editable_by(user))


@track_changes()
class CheckIn(models.Model):
    """A member's attendance at an activity: present (by QR or marked by the secretary), on leave, or absent."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        LEAVE = "leave", _("On leave")
        ABSENT = "absent", _("Absent")

    class Method(models.TextChoices):
        QR = "qr", _("QR code")
        MANUAL = "manual", _("By the secretary")

    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="check_ins", verbose_name=_("activity")
    )
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="check_ins", verbose_name=_("member"))
    status = models.CharField(_("attendance"), max_length=8, choices=Status)
    method = models.CharField(_("recorded by way of"), max_length=8, choices=Method, default=Method.MANUAL)
    at = models.DateTimeField(_("recorded at"), default=timezone.now)
    reason = models.CharField(_("reason"), max_length=200, blank=True, help_text=_("Why the member asked for leave."))
    hours = models.DecimalField(_("volunteer hours"), max_digits=5, decimal_places=1, null=True, blank=True)
    hours_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hours confirmed by"),
    )
    hours_confirmed_at = models.DateTimeField(_("hours confirmed at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    objects = CheckInQuerySet.as_manager()

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        indexes = [models.Index(fields=["member", "status"], name="party_checkin_member_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "member"],
                name="party_one_check_in_per_member_and_activity",
                violation_error_message=_("This member's attendance at this activity is recorded already."),
            ),
            models.CheckConstraint(
                condition=~Q(status="leave") | ~Q(reason=""),
                name="party_checkin_leave_has_reason",
                violation_error_message=_("Leave needs a reason."),
            ),
            models.CheckConstraint(
                condition=Q(hours_confirmed_at__isnull=True) | Q(status="present", hours__gt=0),
                name="party_checkin_hours_only_when_present",
                violation_error_message=_("Only the hours of members who were present can be confirmed."),
            ),
        ]

    def __str__(self):
        return f"{self.activity} · {self.member} · {self.get_status_display()}"


class PointsSource(models.TextChoices):
    ATTENDANCE = "attendance", _("Attendance")
    VOLUNTEER = "volunteer", _("Volunteer hours")
    REPORTING = "reporting", _("Dual-reporting community service")
    MANUAL = "manual", _("Manual entry")


class PointsRule(models.Model):
    """How many points an hour of service earns and how many points a source gives a member in a year at most.

    A source without a rule uses the defaults in `partybuilding.points`.
    """

    source = models.CharField(_("source"), max_length=16, choices=PointsSource, unique=True)
    points_per_hour = models.PositiveSmallIntegerField(
        _("points per hour"), default=0, help_text=_("For volunteer hours and dual-reporting service.")
    )
    yearly_cap = models.PositiveIntegerField(
        _("yearly cap"), null=True, blank=True, help_text=_("Leave empty for no cap.")
    )

    class Meta:
        ordering = ["source"]
        verbose_name = _("points rule")
        verbose_name_plural = _("points rules")

    def __str__(self):
        return self.get_source_display()


class PointsEntryQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(member__in=Member.objects.visible_to(user))

    def editable_by(self, user):
        """Entries the user may correct: those of members they keep the roll of."""
        return self.filter(member__in=Member.objects.editable_by(user))

    def in_year(self, year: int):
        return self.filter(on__year=year)


@pgtrigger.register(
    # The ledger is append-only: a correction is a new entry, never an edit or a deletion.
    pgtrigger.Protect(name="points_entry_append_only_update", operation=pgtrigger.Update),
    pgtrigger.Protect(name="points_entry_append_only_delete", operation=pgtrigger.Delete),
)
class PointsEntry(models.Model):
    """One entry of the points ledger (党员积分). Entries are never changed or deleted."""

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="points_entries", verbose_name=_("member")
    )
    on = models.DateField(_("date"))
    points = models.IntegerField(_("points"))
    reason = models.CharField(_("reason"), max_length=200)
    source = models.CharField(_("source"), max_length=16, choices=PointsSource)
    check_in = models.ForeignKey(
        CheckIn,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="points_entries",
        verbose_name=_("check-in"),
    )
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects entry"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = PointsEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-on", "-pk"]
        verbose_name = _("points entry")
        verbose_name_plural = _("points entries")
        indexes = [models.Index(fields=["member", "on"], name="party_points_member_on")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(points=0),
                name="party_points_not_zero",
                violation_error_message=_("An entry of zero points records nothing."),
            ),
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="party_points_have_reason",
                violation_error_message=_("Every entry needs its reason."),
            ),
        ]

    def __str__(self):
        return f"{self.member} {self.points:+d} {self.reason}"
