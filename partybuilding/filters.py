"""The filters of the member and activity lists."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from common.filters import LocalDayFilter
from grids.filters import communities_of, streets_of
from grids.models import Community

from .models import Activity, CheckIn, Member, Organisation, PointsEntry, PointsSource, Unit


def _date(label, field_name, lookup_expr):
    return django_filters.DateFilter(
        field_name=field_name, lookup_expr=lookup_expr, label=label, widget=forms.DateInput(attrs={"type": "date"})
    )


def _street(path):
    return django_filters.ModelChoiceFilter(
        field_name=f"{path}__community__street", queryset=streets_of, label=_("Street"), empty_label=_("All")
    )


def _community(path):
    return django_filters.ModelChoiceFilter(
        field_name=f"{path}__community", queryset=communities_of, label=_("Community"), empty_label=_("All")
    )


def organisations_of(request):
    """The organisations the user sees, in the order of the organisation tree."""
    return Organisation.objects.visible_to(request.user).order_by("community__code", "kind", "name")


class MemberFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="contains", label=_("Name"))
    organisation = django_filters.ModelChoiceFilter(
        queryset=organisations_of, method="filter_organisation", label=_("Organisation"), empty_label=_("All")
    )
    category = django_filters.ChoiceFilter(choices=Member.Category.choices, label=_("Category"), empty_label=_("All"))
    standing = django_filters.ChoiceFilter(choices=Member.Standing.choices, label=_("Standing"), empty_label=_("All"))
    status = django_filters.ChoiceFilter(
        choices=[("all", _("All")), *Member.Status.choices], method="filter_status", label=_("Status"), empty_label=None
    )
    street = _street("organisation")
    community = _community("organisation")

    class Meta:
        model = Member
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        # The roll lists active members unless another status (or all) is asked for.
        if data is not None and "status" not in data:
            data = data.copy()
            data["status"] = Member.Status.ACTIVE
        super().__init__(data, *args, **kwargs)

    def filter_organisation(self, queryset, name, value):
        """The members of the organisation and of those below it."""
        return queryset.filter(organisation__in=value.subtree())

    def filter_status(self, queryset, name, value):
        return queryset if value == "all" else queryset.filter(status=value)


class ActivityFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Activity.Kind.choices, label=_("Type"), empty_label=_("All"))
    organisation = django_filters.ModelChoiceFilter(
        queryset=organisations_of, label=_("Organisation"), empty_label=_("All")
    )
    starts_from = LocalDayFilter(field_name="starts_at", bound="from", label=_("Held from"))
    starts_to = LocalDayFilter(field_name="starts_at", bound="to", label=_("Held to"))
    street = _street("organisation")
    community = _community("organisation")

    class Meta:
        model = Activity
        fields = []


class CheckInFilter(django_filters.FilterSet):
    """The attendance records (考勤) of the activities the user sees."""

    organisation = django_filters.ModelChoiceFilter(
        field_name="activity__organisation", queryset=organisations_of, label=_("Organisation"), empty_label=_("All")
    )
    kind = django_filters.ChoiceFilter(
        field_name="activity__kind", choices=Activity.Kind.choices, label=_("Type"), empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(choices=CheckIn.Status.choices, label=_("Attendance"), empty_label=_("All"))
    member = django_filters.CharFilter(field_name="member__name", lookup_expr="startswith", label=_("Member"))
    held_from = LocalDayFilter(field_name="activity__starts_at", bound="from", label=_("Held from"))
    held_to = LocalDayFilter(field_name="activity__starts_at", bound="to", label=_("Held to"))
    street = _street("activity__organisation")
    community = _community("activity__organisation")

    class Meta:
        model = CheckIn
        fields = []


class PointsFilter(django_filters.FilterSet):
    """The points ledger (积分明细) of the members the user sees."""

    organisation = django_filters.ModelChoiceFilter(
        queryset=organisations_of, method="filter_organisation", label=_("Organisation"), empty_label=_("All")
    )
    member = django_filters.CharFilter(field_name="member__name", lookup_expr="startswith", label=_("Member"))
    source = django_filters.ChoiceFilter(choices=PointsSource.choices, label=_("Source"), empty_label=_("All"))
    on_from = _date(_("From"), "on", "gte")
    on_to = _date(_("To"), "on", "lte")

    class Meta:
        model = PointsEntry
        fields = []

    def filter_organisation(self, queryset, name, value):
        return queryset.filter(member__organisation__in=value.subtree())


def _communities_of_units(request):
    return Community.objects.filter(pk__in=Unit.objects.visible_to(request.user).values("community")).order_by("code")


class UnitFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="contains", label=_("Name"))
    community = django_filters.ModelChoiceFilter(
        queryset=_communities_of_units, label=_("Community"), empty_label=_("All")
    )
    co_building = django_filters.BooleanFilter(method="filter_co_building", label=_("Co-building now"))

    class Meta:
        model = Unit
        fields = []

    def filter_co_building(self, queryset, name, value):
        current = Unit.objects.co_building()
        return queryset.filter(pk__in=current) if value else queryset.exclude(pk__in=current)
