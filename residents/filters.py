import re

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Right
from django.utils.translation import gettext_lazy as _

from grids.filters import long_area_lists, narrow_area_choices
from grids.models import Building, Community, Dwelling, Grid, Street
from grids.roles import Audience

from .choices import EmploymentStatus, Gender, PoliticalStatus, ResidenceType, ResidentStatus, TagKind, VisitKind
from .identity import LANDLINE, MOBILE, normalize_id_number, normalize_phone
from .models import (
    SENSITIVE_VISIT_KINDS,
    Household,
    Resident,
    ResidentTag,
    Visit,
    sees_sensitive_tags,
    tag_kinds_shown_to,
    years_ago,
)

ID_TAIL = re.compile(r"^\d{5}[\dX]$")
TAIL4 = re.compile(r"^\d{3}[\dX]$")
FULL_ID = re.compile(r"^\d{17}[\dX]$")
LATIN = re.compile(r"^[a-z]+$")
SEEKING_WORK = "seeking"


def is_personal_number(text: str) -> bool:
    """A full ID number or a phone number: searched for by POST only (the live search's request body,
    the number-search form), never in an address, which browsers, proxies and logs keep."""
    if FULL_ID.match(normalize_id_number(text or "")):
        return True
    phone = normalize_phone(text or "")
    return bool(MOBILE.match(phone) or LANDLINE.match(phone))


def search(queryset, text: str):
    """One box for everything a window clerk may type: a name or its start, pinyin initials or full
    pinyin, a phone number, the last six characters of an ID number, or the last four of an ID number or a
    phone. Every branch is an index lookup."""
    text = text.strip()
    if not text:
        return queryset
    id_like = normalize_id_number(text)
    if ID_TAIL.match(id_like):
        return queryset.alias(id_tail=Right("id_number", 6)).filter(id_tail=id_like)
    if TAIL4.match(id_like):  # the last 4 of an ID number or of a phone: a short list to choose from
        return queryset.alias(id_tail4=Right("id_number", 4), phone_tail4=Right("phone", 4)).filter(
            Q(id_tail4=id_like) | Q(phone_tail4=id_like)
        )
    phone = normalize_phone(text)
    if MOBILE.match(phone) or LANDLINE.match(phone):
        return queryset.filter(phone=phone)
    letters = "".join(text.lower().split())  # zhang san, as some type it
    if LATIN.match(letters):  # initials (zs) or full pinyin (zhangsan, zhangs)
        return queryset.filter(Q(name_initials__startswith=letters) | Q(name_pinyin__startswith=letters))
    return queryset.filter(name__startswith=text)


# Whole years: the digits keypad, not the one with a decimal point and a minus sign.
AGE_INPUT = {"inputmode": "numeric", "step": "1"}


class ResidentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_search",
        label=_("Search"),
        widget=forms.TextInput(
            attrs={
                "placeholder": _("Name, pinyin or its initials, phone, or the last 4 of a phone or ID number"),
                "autofocus": True,
            }
        ),
    )
    street = django_filters.ModelChoiceFilter(
        field_name="community__street", queryset=Street.objects.none(), label=_("Street")
    )
    community = django_filters.ModelChoiceFilter(
        field_name="community", queryset=Community.objects.none(), label=_("Community")
    )
    grid = django_filters.ModelChoiceFilter(field_name="grid", queryset=None, label=_("Grid"))
    building = django_filters.ModelChoiceFilter(
        field_name="dwelling__building", queryset=Building.objects.none(), label=_("Building")
    )
    tag = django_filters.ChoiceFilter(choices=TagKind.choices, method="filter_tag", label=_("Special group"))
    residence_type = django_filters.ChoiceFilter(choices=ResidenceType.choices, label=_("Residence type"))
    age_min = django_filters.NumberFilter(
        method="filter_age_min", label=_("Age from"), min_value=0, max_value=150, widget=forms.NumberInput(AGE_INPUT)
    )
    age_max = django_filters.NumberFilter(
        method="filter_age_max", label=_("Age to"), min_value=0, max_value=150, widget=forms.NumberInput(AGE_INPUT)
    )
    gender = django_filters.ChoiceFilter(choices=Gender.choices, label=_("Gender"))
    political_status = django_filters.ChoiceFilter(choices=PoliticalStatus.choices, label=_("Political status"))
    employment = django_filters.ChoiceFilter(
        choices=[(SEEKING_WORK, _("Seeking work (by status or tag)")), *EmploymentStatus.choices],
        method="filter_employment",
        label=_("Employment"),
    )
    # 数据完整度: the records that lack an item, from the completeness figures (hidden: linked to).
    missing = django_filters.ChoiceFilter(
        choices=[(item, item) for item in ("phone", "household", "employment", "registered_address")],
        method="filter_missing",
        widget=forms.HiddenInput,
    )
    # The grid worker's reminder: stays (暂住登记) past their expected end.
    stay = django_filters.ChoiceFilter(
        choices=[("over", _("Stay over"))], method="filter_stay", label=_("Stay"), widget=forms.HiddenInput
    )
    status = django_filters.ChoiceFilter(
        choices=ResidentStatus.choices,
        label=_("Status"),
        empty_label=_("On the register"),
        method="filter_status",
    )

    class Meta:
        model = Resident
        fields = []

    def __init__(self, data=None, *args, request=None, **kwargs):
        super().__init__(data, *args, request=request, **kwargs)
        # Literal id lists (of communities when the scope is whole communities), as Building.visible_to
        # takes them: cheaper to build and to run than the scope's subquery over staff posts.
        user, readers = request.user, Audience.REGISTER_READERS
        self.filters["grid"].queryset = Grid.objects.choices_for(user, readers).select_related("community")
        self.filters["community"].queryset = Community.objects.choices_for(user, readers)
        self.filters["street"].queryset = Street.objects.choices_for(user, readers)
        self.filters["building"].queryset = Building.objects.visible_to(user).select_related("compound")
        self.filters["tag"].extra["choices"] = [(kind.value, kind.label) for kind in tag_kinds_shown_to(user)]

    @property
    def form(self):
        form = super().form
        if not getattr(self, "_narrowed", False):
            self._narrowed = True
            # Grids and buildings of more than one community make lists too long to choose from, and so do
            # the buildings of a whole community: a building is chosen within its grid.
            wide = long_area_lists(self.request.user, Audience.REGISTER_READERS)
            narrow_area_choices(form, self.data, wide=wide)
        return form

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.filter(status=ResidentStatus.ACTIVE)
        return queryset

    def filter_search(self, queryset, name, value):
        if FULL_ID.match(normalize_id_number(value)):
            # A full ID number must not travel in a URL; the page searches it by POST instead.
            return queryset.none()
        return search(queryset, value)

    def filter_tag(self, queryset, name, value):
        current = ResidentTag.objects.current().filter(resident=OuterRef("pk"), kind=value)
        return queryset.filter(Exists(current))

    def filter_missing(self, queryset, name, value):
        return queryset.lacking(value)

    def filter_stay(self, queryset, name, value):
        return queryset.stay_over()

    def filter_employment(self, queryset, name, value):
        if value == SEEKING_WORK:
            return queryset.seeking_work()
        return queryset.filter(employment_status=value)

    def filter_age_min(self, queryset, name, value):
        return queryset.filter(birth_date__lte=years_ago(int(value)))

    def filter_age_max(self, queryset, name, value):
        # Younger than age_max + 1: born after the day age_max + 1 years ago.
        return queryset.filter(birth_date__gt=years_ago(int(value) + 1))

    def filter_status(self, queryset, name, value):
        return queryset.filter(status=value)


class HouseholdFilter(django_filters.FilterSet):
    number = django_filters.CharFilter(field_name="number", lookup_expr="startswith", label=_("Household number"))
    street = django_filters.ModelChoiceFilter(
        field_name="dwelling__grid__community__street", queryset=Street.objects.none(), label=_("Street")
    )
    community = django_filters.ModelChoiceFilter(
        field_name="dwelling__grid__community", queryset=Community.objects.none(), label=_("Community")
    )
    grid = django_filters.ModelChoiceFilter(field_name="dwelling__grid", queryset=None, label=_("Grid"))
    missing = django_filters.ChoiceFilter(
        choices=[("head", "head"), ("visit", "visit")],
        method="filter_missing",
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Household
        fields = []

    def __init__(self, data=None, *args, request=None, **kwargs):
        super().__init__(data, *args, request=request, **kwargs)
        user, readers = request.user, Audience.REGISTER_READERS
        self.filters["grid"].queryset = Grid.objects.choices_for(user, readers).select_related("community")
        self.filters["community"].queryset = Community.objects.choices_for(user, readers)
        self.filters["street"].queryset = Street.objects.choices_for(user, readers)

    def filter_missing(self, queryset, name, value):
        return queryset.lacking(value)


class AreaChoicesMixin:
    """The grid and community filters of a register list, narrowed to the areas the user reads."""

    def __init__(self, data=None, *args, request=None, **kwargs):
        super().__init__(data, *args, request=request, **kwargs)
        user, readers = request.user, Audience.REGISTER_READERS
        self.filters["grid"].queryset = Grid.objects.choices_for(user, readers).select_related("community")
        self.filters["community"].queryset = Community.objects.choices_for(user, readers)
        self.filters["street"].queryset = Street.objects.choices_for(user, readers)

    @property
    def form(self):
        form = super().form
        if not getattr(self, "_narrowed", False):
            self._narrowed = True
            wide = long_area_lists(self.request.user, Audience.REGISTER_READERS)
            narrow_area_choices(form, self.data, names=("grid",), wide=wide)
        return form


TAG_STATES = [("current", _("Current")), ("ended", _("Ended")), ("all", _("Current and ended"))]


class TagFilter(AreaChoicesMixin, django_filters.FilterSet):
    """The special-group list (特殊人群): current tags by default."""

    kind = django_filters.MultipleChoiceFilter(choices=TagKind.choices, label=_("Special group"))
    street = django_filters.ModelChoiceFilter(
        field_name="resident__community__street", queryset=Street.objects.none(), label=_("Street")
    )
    community = django_filters.ModelChoiceFilter(
        field_name="resident__community", queryset=Community.objects.none(), label=_("Community")
    )
    grid = django_filters.ModelChoiceFilter(field_name="resident__grid", queryset=None, label=_("Grid"))
    state = django_filters.ChoiceFilter(
        choices=TAG_STATES, method="filter_state", empty_label=None, label=_("Tags"), initial="current"
    )

    class Meta:
        model = ResidentTag
        fields = []

    def __init__(self, data=None, *args, request=None, **kwargs):
        super().__init__(data, *args, request=request, **kwargs)
        self.filters["kind"].extra["choices"] = [(kind.value, kind.label) for kind in tag_kinds_shown_to(request.user)]

    def filter_queryset(self, queryset):
        # The tags of residents on the register (在册), as the dashboards count them.
        queryset = super().filter_queryset(queryset).filter(resident__status=ResidentStatus.ACTIVE)
        if not self.form.cleaned_data.get("state"):
            queryset = queryset.current()
        return queryset

    def filter_state(self, queryset, name, value):
        if value == "ended":
            return queryset.filter(until__isnull=False)
        return queryset if value == "all" else queryset.current()


class VisitFilter(AreaChoicesMixin, django_filters.FilterSet):
    """The visit records (走访记录) of the grids the user reads."""

    street = django_filters.ModelChoiceFilter(
        field_name="grid__community__street", queryset=Street.objects.none(), label=_("Street")
    )
    community = django_filters.ModelChoiceFilter(
        field_name="grid__community", queryset=Community.objects.none(), label=_("Community")
    )
    grid = django_filters.ModelChoiceFilter(queryset=None, label=_("Grid"))
    kind = django_filters.ChoiceFilter(choices=VisitKind.choices, label=_("Kind"))
    visited_from = django_filters.DateFilter(
        field_name="visited_on",
        lookup_expr="gte",
        label=_("Visited from"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    visited_to = django_filters.DateFilter(
        field_name="visited_on",
        lookup_expr="lte",
        label=_("Visited to"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    follow_up_needed = django_filters.BooleanFilter(label=_("Follow-up needed"))

    class Meta:
        model = Visit
        fields = []

    def __init__(self, data=None, *args, request=None, **kwargs):
        super().__init__(data, *args, request=request, **kwargs)
        if not sees_sensitive_tags(request.user):
            self.filters["kind"].extra["choices"] = [
                (kind.value, kind.label) for kind in VisitKind if kind not in SENSITIVE_VISIT_KINDS
            ]


class BuildingFilter(django_filters.FilterSet):
    """The places of the register: buildings by their compound's or their own name, and by community."""

    q = django_filters.CharFilter(method="filter_name", label=_("Compound or building"))
    community = django_filters.ModelChoiceFilter(
        field_name="compound__community", queryset=Community.objects.none(), label=_("Community")
    )

    class Meta:
        model = Building
        fields = []

    def __init__(self, data=None, *args, request=None, **kwargs):
        super().__init__(data, *args, request=request, **kwargs)
        self.filters["community"].queryset = Community.objects.choices_for(request.user, Audience.REGISTER_READERS)

    def filter_name(self, queryset, name, value):
        return queryset.filter(Q(compound__name__startswith=value) | Q(name__startswith=value))


class RentalFilter(django_filters.FilterSet):
    """The 出租房屋 register: rented dwellings by grid."""

    grid = django_filters.ModelChoiceFilter(queryset=Grid.objects.none(), label=_("Grid"))

    class Meta:
        model = Dwelling
        fields = []

    def __init__(self, data=None, *args, request=None, **kwargs):
        super().__init__(data, *args, request=request, **kwargs)
        grids = Grid.objects.choices_for(request.user, Audience.REGISTER_READERS).select_related("community")
        self.filters["grid"].queryset = grids
