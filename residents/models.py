import datetime

import pghistory
from django import forms
from django.conf import settings
from django.db import models
from django.db.models import Case, Exists, F, Func, OuterRef, Q, Value, When
from django.db.models.functions import Cast, Right, Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pypinyin import lazy_pinyin

from grids.models import Community, Dwelling, Grid, scope_filter
from grids.roles import Audience

from .choices import (
    NON_LOCAL,
    SENSITIVE_TAGS,
    Education,
    EmploymentStatus,
    Ethnicity,
    Gender,
    HouseholdKind,
    MaritalStatus,
    PoliticalStatus,
    Relationship,
    ResidenceType,
    ResidentStatus,
    StayPurpose,
    TagKind,
    VisitKind,
)
from .identity import (
    mask_id_number,
    mask_phone,
    normalize_id_number,
    normalize_phone,
    validate_id_number,
    validate_phone,
)


def track_changes(exclude=None):
    """Record every insert, update and delete of the model, by trigger (bulk updates and raw SQL too)."""
    # Trackers are bound to the model they decorate, so every model gets its own.
    return pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent(), exclude=exclude)


class NormalisedFormField(forms.CharField):
    """A form field whose value is normalised before anything is checked: an ID number typed with
    spaces, or a phone number with +86 and dashes, is judged by what is stored, not by what was typed
    (the stored length is checked by the model's validation, on the normalised value)."""

    TYPED_MAX_LENGTH = 40

    def __init__(self, *, normalize, max_length=None, **kwargs):
        self.normalize = normalize
        super().__init__(max_length=self.TYPED_MAX_LENGTH, **kwargs)

    def to_python(self, value):
        return self.normalize(super().to_python(value))


class IDNumberInput(forms.TextInput):
    """An ID number's box: text, for the final X (capitalised as typed on a phone), neither spell-checked
    nor filled in by the browser (the number is a resident's, not the user's)."""

    def __init__(self, attrs=None):
        attrs = {"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters", **(attrs or {})}
        super().__init__(attrs)


class PhoneInput(forms.TelInput):
    """A phone number's box: the phone's keypad, and no autofill (the number is a resident's, not the user's)."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "tel", "autocomplete": "off", **(attrs or {})})


class IDNumberField(models.CharField):
    """An ID number, normalised (full-width digits, spaces, lower-case x) whenever a model is cleaned."""

    def to_python(self, value):
        return normalize_id_number(super().to_python(value))

    def formfield(self, **kwargs):
        return super().formfield(
            **{"form_class": NormalisedFormField, "normalize": normalize_id_number, "widget": IDNumberInput, **kwargs}
        )


class PhoneField(models.CharField):
    def to_python(self, value):
        return normalize_phone(super().to_python(value))

    def formfield(self, **kwargs):
        return super().formfield(
            **{"form_class": NormalisedFormField, "normalize": normalize_phone, "widget": PhoneInput, **kwargs}
        )


# Surnames read otherwise than the same character in a word (曾经 ceng, but 曾 as a surname zeng).
SURNAME_READINGS = {
    "曾": "zeng", "单": "shan", "解": "xie", "仇": "qiu", "区": "ou", "查": "zha", "朴": "piao", "翟": "zhai",
    "覃": "qin", "缪": "miao", "乐": "yue", "盖": "ge", "种": "chong", "秘": "bi", "召": "shao", "繁": "po",
}  # fmt: skip


def name_spellings(name: str, *, person: bool = True) -> dict[str, str]:
    """The fields a name is found by at the window: its pinyin initials (张三 zs) and full pinyin (zhangsan),
    toneless as typed (吕 lv); a person's surname read as a surname. Letters of names in other scripts
    are kept, the middle dot and the like dropped."""
    syllables = lazy_pinyin(name, errors=lambda chars: list(chars))
    if person and syllables and name[:1] in SURNAME_READINGS:
        syllables[0] = SURNAME_READINGS[name[0]]
    cleaned = ["".join(ch for ch in syllable.lower() if "a" <= ch <= "z") for syllable in syllables]
    return {"name_initials": "".join(s[:1] for s in cleaned), "name_pinyin": "".join(cleaned)}


def pinyin_initials(name: str) -> str:
    return name_spellings(name)["name_initials"]


def _id_digits(start, length):
    return Cast(Substr("id_number", start, length), models.IntegerField())


class ResidentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Residents whose current dwelling lies in a grid the user reads the register of."""
        return self.filter(scope_filter(user, Audience.REGISTER_READERS))

    def editable_by(self, user):
        return self.filter(scope_filter(user, Audience.REGISTER_KEEPERS))

    def active(self):
        return self.filter(status=ResidentStatus.ACTIVE)

    def lacking(self, item: str):
        """Active residents who lack `item` of the register's completeness (resident_completeness_items)."""
        return self.active().filter(resident_completeness_items()[item][1])

    def stay_over(self, on=None):
        """Residents on the register whose registered stay ended before `on` (today): to be checked."""
        return self.active().filter(stay_until__lt=on or timezone.localdate())

    def seeking_work(self):
        """待就业: seeking a first job or unemployed by their employment status, or tagged as job seekers."""
        tagged = ResidentTag.objects.current().filter(resident=OuterRef("pk"), kind=TagKind.JOB_SEEKER)
        return self.filter(
            Q(employment_status__in=[EmploymentStatus.JOB_SEEKING, EmploymentStatus.UNEMPLOYED]) | Exists(tagged)
        )

    def party_candidates(self, communities):
        """Residents who may be put on a party branch's roll: party members and probationary members
        (GB/T 4762) on the register, living in `communities` (a queryset of communities or their ids)."""
        return self.filter(
            dwelling__grid__community__in=communities,
            political_status__in=[PoliticalStatus.CPC_MEMBER, PoliticalStatus.CPC_PROBATIONARY],
            status=ResidentStatus.ACTIVE,
        )


@track_changes(exclude=["grid", "community", "name_pinyin"])  # derived from the dwelling and the name
class Resident(models.Model):
    name = models.CharField(_("name"), max_length=50)
    name_initials = models.CharField(
        _("pinyin initials"), max_length=50, editable=False, help_text=_("Kept up to date from the name.")
    )
    name_pinyin = models.CharField(
        _("pinyin"), max_length=200, editable=False, db_default="", help_text=_("Kept up to date from the name.")
    )
    id_number = IDNumberField(
        _("ID number"),
        max_length=18,
        unique=True,
        validators=[validate_id_number],
        error_messages={"unique": _("A resident with this ID number is registered already.")},
    )
    # Birth date and gender are computed by the database from the ID number, so they can never disagree.
    birth_date = models.GeneratedField(
        expression=Func(_id_digits(7, 4), _id_digits(11, 2), _id_digits(13, 2), function="make_date"),
        output_field=models.DateField(verbose_name=_("birth date")),
        db_persist=True,
        verbose_name=_("birth date"),
    )
    gender = models.GeneratedField(
        expression=Case(
            When(Q(id_number__regex=r"^.{16}[13579]"), then=Value(Gender.MALE)), default=Value(Gender.FEMALE)
        ),
        output_field=models.CharField(max_length=1, choices=Gender),
        db_persist=True,
        verbose_name=_("gender"),
    )
    ethnicity = models.CharField(_("ethnicity"), max_length=2, choices=Ethnicity, default=Ethnicity.HAN)
    political_status = models.CharField(
        _("political status"), max_length=2, choices=PoliticalStatus, default=PoliticalStatus.MASSES
    )
    education = models.CharField(_("education"), max_length=2, choices=Education, blank=True)
    marital_status = models.CharField(_("marital status"), max_length=2, choices=MaritalStatus, blank=True)
    employment_status = models.CharField(_("employment status"), max_length=16, choices=EmploymentStatus, blank=True)
    skills = models.CharField(_("skills"), max_length=200, blank=True)
    wanted_job = models.CharField(_("job wanted"), max_length=100, blank=True)
    phone = PhoneField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    residence_type = models.CharField(
        _("residence type"), max_length=16, choices=ResidenceType, default=ResidenceType.REGISTERED
    )
    registered_address = models.CharField(_("registered address"), max_length=200, blank=True)
    dwelling = models.ForeignKey(
        Dwelling, on_delete=models.PROTECT, related_name="residents", verbose_name=_("dwelling lived in")
    )
    # The dwelling's grid and community, set by the database (trigger residents_resident_area, migration
    # 0002) whenever the dwelling changes, or the dwelling's grid: a grid's or community's register is
    # then one index range, which is how every list is scoped. Read them from the database.
    grid = models.ForeignKey(
        Grid,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        blank=True,
        db_index=False,
        verbose_name=_("grid"),
    )
    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        blank=True,
        db_index=False,
        verbose_name=_("community"),
    )
    moved_in_on = models.DateField(_("moved in on"), null=True, blank=True)
    # 暂住登记 of a non-local resident (floating population, registered elsewhere, lodger): arrival is
    # moved_in_on, the 户籍地 registered_address; the grid worker is reminded when the stay is over.
    stay_until = models.DateField(_("expected to stay until"), null=True, blank=True)
    stay_purpose = models.CharField(
        _("purpose of the stay"), max_length=16, choices=StayPurpose, blank=True, default="", db_default=""
    )
    status = models.CharField(_("status"), max_length=16, choices=ResidentStatus, default=ResidentStatus.ACTIVE)
    status_changed_on = models.DateField(_("status changed on"), null=True, blank=True)
    status_note = models.CharField(_("status note"), max_length=200, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ResidentQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        permissions = [
            ("view_full_personal_data", _("Can show full ID numbers and phone numbers")),
        ]
        indexes = [
            # Prefix searches (LIKE 'abc%') use these whatever the database's collation.
            models.Index(fields=["name"], name="resident_name_prefix", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["name_initials"], name="resident_initials_prefix", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["name_pinyin"], name="resident_pinyin_prefix", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["phone"], name="resident_phone"),
            models.Index(Right("id_number", 6), name="resident_id_tail"),
            # The last 4 characters of an ID number or of a phone, as a resident gives them at the window.
            models.Index(Right("id_number", 4), name="resident_id_tail4"),
            models.Index(Right("phone", 4), name="resident_phone_tail4"),
            models.Index(fields=["birth_date"], name="resident_birth_date"),
            models.Index(fields=["residence_type"], name="resident_residence_type"),
            models.Index(fields=["political_status"], name="resident_political_status"),
            models.Index(fields=["status"], name="resident_status"),
            # Scopes and keyset pages (newest first) of a community's or a grid's register.
            models.Index(fields=["community", "id"], name="resident_active_community", condition=Q(status="active")),
            models.Index(fields=["grid", "id"], name="resident_active_grid", condition=Q(status="active")),
            # Stays past their expected end, per grid (the grid worker's reminders).
            models.Index(
                fields=["grid", "stay_until"],
                name="resident_active_stay",
                condition=Q(status="active", stay_until__isnull=False),
            ),
            # The window's lookups by name or initials within a community: one short index range each,
            # instead of every resident of the district whose name starts so.
            models.Index(
                fields=["community", "name"],
                name="resident_community_name",
                opclasses=["int8_ops", "varchar_pattern_ops"],
                condition=Q(status="active"),
            ),
            models.Index(
                fields=["community", "name_initials"],
                name="resident_community_initials",
                opclasses=["int8_ops", "varchar_pattern_ops"],
                condition=Q(status="active"),
            ),
            models.Index(
                fields=["community", "name_pinyin"],
                name="resident_community_pinyin",
                opclasses=["int8_ops", "varchar_pattern_ops"],
                condition=Q(status="active"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(id_number__regex=r"^[0-9]{17}[0-9X]$"),
                name="resident_id_number_format",
                violation_error_message=_("An ID number is 17 digits followed by a digit or X."),
            ),
            models.CheckConstraint(
                condition=Q(status=ResidentStatus.ACTIVE) | Q(status_changed_on__isnull=False),
                name="resident_status_change_dated",
                violation_error_message=_("A move-out or death needs its date."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_initials, self.name_pinyin = name_spellings(self.name).values()
        if self.dwelling_id is not None:
            # The trigger sets them in the database; this keeps the object in step with it.
            self.grid_id, self.community_id = (
                Dwelling.objects.filter(pk=self.dwelling_id).values_list("grid_id", "grid__community_id").get()
            )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            area = {"grid", "community"}
            derived = {"name": {"name_initials", "name_pinyin"}, "dwelling": area, "dwelling_id": area}
            kwargs["update_fields"] = {*update_fields, *(f for name in update_fields for f in derived.get(name, ()))}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("residents:resident-detail", args=[self.pk])

    @property
    def masked_id_number(self):
        return mask_id_number(self.id_number)

    @property
    def masked_phone(self):
        return mask_phone(self.phone)

    @property
    def is_active(self):
        return self.status == ResidentStatus.ACTIVE

    def get_gender_display(self):
        # Django adds get_FOO_display only for fields with choices; a generated field keeps them on its
        # output field.
        return Gender(self.gender).label if self.gender else ""


AT_DWELLING = {"grid": "dwelling__grid", "community": "dwelling__grid__community"}


# A household nobody has visited for this long is shown as unvisited (home page, "my grids").
UNVISITED_DAYS = 90


def _visited_since(days: int) -> Exists:
    since = timezone.localdate() - datetime.timedelta(days=days)
    return Exists(Visit.objects.filter(household=OuterRef("pk"), visited_on__gte=since))


def years_ago(years: int) -> datetime.date:
    today = timezone.localdate()
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


# 数据完整度: what a community is asked to know of each resident and household. Each item is the rows
# it applies to and, of those, the rows that lack it; the dashboards count both per grid (rollups) and
# link to the lacking ones (the lists' `missing` filter), so a figure and its list agree.
WORKING_AGE = (16, 60)
VISITED_WITHIN_DAYS = 365


def resident_completeness_items() -> dict[str, tuple[Q, Q]]:
    """{item: (applies to, lacks it)} for active residents."""
    current_household = Exists(HouseholdMembership.objects.filter(resident=OuterRef("pk"), ended_on__isnull=True))
    working_age = Q(birth_date__lte=years_ago(WORKING_AGE[0]), birth_date__gt=years_ago(WORKING_AGE[1]))
    non_local = Q(residence_type__in=NON_LOCAL)
    return {
        "phone": (Q(), Q(phone="")),
        "household": (Q(), ~current_household),
        "employment": (working_age, working_age & Q(employment_status="")),
        "registered_address": (non_local, non_local & Q(registered_address="")),
    }


def household_completeness_items() -> dict[str, tuple[Q, Q]]:
    """{item: (applies to, lacks it)} for households with current members."""
    current = HouseholdMembership.objects.filter(household=OuterRef("pk"), ended_on__isnull=True)
    occupied = Exists(current)
    return {
        "head": (occupied, occupied & ~Exists(current.filter(relationship=Relationship.HEAD))),
        "visit": (occupied, occupied & ~_visited_since(VISITED_WITHIN_DAYS)),
    }


class HouseholdQuerySet(models.QuerySet):
    def lacking(self, item: str):
        return self.filter(household_completeness_items()[item][1])

    def visible_to(self, user):
        return self.filter(scope_filter(user, Audience.REGISTER_READERS, **AT_DWELLING))

    def editable_by(self, user):
        return self.filter(scope_filter(user, Audience.REGISTER_KEEPERS, **AT_DWELLING))

    def unvisited_since(self, days: int = UNVISITED_DAYS):
        """Households with no visit in the last `days` days."""
        return self.exclude(_visited_since(days))

    def with_visited_recently(self, days: int = UNVISITED_DAYS):
        """Each household with `visited_recently`: whether it had a visit in the last `days` days."""
        return self.annotate(visited_recently=_visited_since(days))


@track_changes()
class Household(models.Model):
    """A household (户) as registered, living in one dwelling."""

    dwelling = models.ForeignKey(
        Dwelling, on_delete=models.PROTECT, related_name="households", verbose_name=_("dwelling")
    )
    number = models.CharField(
        _("household number"),
        max_length=20,
        unique=True,
        error_messages={"unique": _("A household with this number is registered already.")},
    )
    kind = models.CharField(_("kind"), max_length=16, choices=HouseholdKind, default=HouseholdKind.FAMILY)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("residents:household-detail", args=[self.pk])


class MembershipQuerySet(models.QuerySet):
    def current(self):
        return self.filter(ended_on__isnull=True)


@track_changes()
class HouseholdMembership(models.Model):
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("household")
    )
    resident = models.ForeignKey(
        Resident, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("resident")
    )
    relationship = models.CharField(_("relationship to the head"), max_length=2, choices=Relationship)
    started_on = models.DateField(_("since"))
    ended_on = models.DateField(_("until"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["household", "relationship", "started_on"]
        verbose_name = _("household membership")
        verbose_name_plural = _("household memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(relationship=Relationship.HEAD, ended_on__isnull=True),
                name="household_one_current_head",
                violation_error_message=_("This household has a head already."),
            ),
            models.UniqueConstraint(
                fields=["resident"],
                condition=Q(ended_on__isnull=True),
                name="resident_one_current_household",
                violation_error_message=_("This resident belongs to another household already."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="membership_ends_after_start",
                violation_error_message=_("A membership cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.household} · {self.resident} · {self.get_relationship_display()}"


class TagQuerySet(models.QuerySet):
    def current(self):
        return self.filter(until__isnull=True)

    def shown_to(self, user):
        """Tags of the kinds the user may see (tag_kinds_shown_to)."""
        if sees_sensitive_tags(user):
            return self
        return self.exclude(kind__in=SENSITIVE_TAGS)

    def visible_to(self, user):
        """Tags the user may see, of residents they may see."""
        return self.filter(resident__in=Resident.objects.visible_to(user)).shown_to(user)


# Visits that reveal a sensitive tag (SENSITIVE_TAGS): shown only with the same permission.
SENSITIVE_VISIT_KINDS = frozenset({VisitKind.EX_OFFENDER})


def sees_sensitive_tags(user) -> bool:
    return user.has_perm("residents.view_sensitive_tags")


def tag_kinds_shown_to(user) -> list[TagKind]:
    """The special groups the user may see: the sensitive ones (released prisoners, community
    corrections, at-risk youth) only with their permission."""
    if sees_sensitive_tags(user):
        return list(TagKind)
    return [kind for kind in TagKind if kind not in SENSITIVE_TAGS]


@track_changes()
class ResidentTag(models.Model):
    """A special-group tag (低保, 独居老人 …) with the time it applied."""

    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="tags", verbose_name=_("resident"))
    kind = models.CharField(_("special group"), max_length=32, choices=TagKind)
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-since"]
        verbose_name = _("special-group tag")
        verbose_name_plural = _("special-group tags")
        permissions = [("view_sensitive_tags", _("Can see sensitive special-group tags"))]
        indexes = [models.Index(fields=["kind", "resident"], name="tag_kind_resident", condition=Q(until__isnull=True))]
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "kind"],
                condition=Q(until__isnull=True),
                name="tag_one_current_per_kind",
                violation_error_message=_("This resident has this tag already."),
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=F("since")),
                name="tag_ends_after_start",
                violation_error_message=_("A tag cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.get_kind_display()

    @property
    def is_sensitive(self):
        return self.kind in SENSITIVE_TAGS


class VisitQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(grid__in=Grid.objects.visible_to(user, Audience.REGISTER_READERS))

    def shown_to(self, user):
        """Visits of the kinds the user may see: a visit to released prisoners or people under
        correction tells what their hidden tags hide, so it follows the sensitive-tag permission."""
        if sees_sensitive_tags(user):
            return self
        return self.exclude(kind__in=SENSITIVE_VISIT_KINDS)


@track_changes()
class Visit(models.Model):
    """A grid worker's visit (走访) to a household and/or one resident."""

    grid = models.ForeignKey(
        Grid, on_delete=models.PROTECT, related_name="visits", verbose_name=_("grid"), editable=False
    )
    household = models.ForeignKey(
        Household,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name=_("household"),
    )
    resident = models.ForeignKey(
        Resident, on_delete=models.PROTECT, null=True, blank=True, related_name="visits", verbose_name=_("resident")
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="visits", verbose_name=_("visited by")
    )
    visited_on = models.DateField(_("visited on"))
    kind = models.CharField(_("kind"), max_length=16, choices=VisitKind, default=VisitKind.ROUTINE)
    notes = models.TextField(_("notes"), blank=True)
    follow_up_needed = models.BooleanField(_("follow-up needed"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = VisitQuerySet.as_manager()

    class Meta:
        ordering = ["-visited_on", "-pk"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        indexes = [
            models.Index(fields=["grid", "visited_on"], name="visit_grid_date"),
            models.Index(fields=["household", "visited_on"], name="visit_household_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(household__isnull=False) | Q(resident__isnull=False),
                name="visit_has_household_or_resident",
                violation_error_message=_("A visit is to a household or a resident."),
            ),
        ]

    def __str__(self):
        return f"{self.visited_on} {self.get_kind_display()}"


class PersonalDataAccessQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(resident__in=Resident.objects.visible_to(user))


class PersonalDataAccess(models.Model):
    """One showing of a full ID number or phone number, or a refused attempt (docs/architecture.md, "Personal data")."""

    class Field(models.TextChoices):
        ID_NUMBER = "id_number", _("ID number")
        PHONE = "phone", _("phone")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("user")
    )
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="+", verbose_name=_("resident"))
    field = models.CharField(_("field"), max_length=16, choices=Field)
    granted = models.BooleanField(_("shown"))
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    objects = PersonalDataAccessQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.resident} {self.field}"
