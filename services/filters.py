import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.filters import LocalDayFilter
from grids.filters import long_area_lists, narrow_area_choices
from grids.models import Community, Grid, Street

from .choices import Channel, Status
from .models import Department, ServiceCategory, ServiceItem, ServiceRequest

DUE_CHOICES = [
    ("overdue", _("Overdue")),
    ("today", _("Due today")),
    ("soon", _("Due today or tomorrow")),
]
STATUS_CHOICES = [("open", _("All open")), *Status.choices]


class RequestFilter(django_filters.FilterSet):
    number = django_filters.CharFilter(lookup_expr="startswith", label=_("Number"))
    street = django_filters.ModelChoiceFilter(
        field_name="community__street", queryset=Street.objects.none(), label=_("Street")
    )
    community = django_filters.ModelChoiceFilter(queryset=Community.objects.none(), label=_("Community"))
    grid = django_filters.ModelChoiceFilter(queryset=Grid.objects.none(), label=_("Grid"))
    # Requests of no grid (a window request without a resident): the dashboards' "not linked to a grid"
    # row leads here. Not a field of the form anyone fills in.
    no_grid = django_filters.BooleanFilter(field_name="grid", lookup_expr="isnull", widget=forms.HiddenInput)
    # The desk's home page figures lead here: requests with a 督办 note, and requests sent back for 重办.
    supervised = django_filters.BooleanFilter(
        field_name="supervised_at", lookup_expr="isnull", exclude=True, widget=forms.HiddenInput
    )
    rehandled = django_filters.BooleanFilter(method="filter_rehandled", widget=forms.HiddenInput)
    status = django_filters.ChoiceFilter(
        choices=STATUS_CHOICES, method="filter_status", label=_("Status"), empty_label=_("Any status")
    )
    channel = django_filters.ChoiceFilter(choices=Channel.choices, label=_("Channel"))
    category = django_filters.ModelChoiceFilter(
        field_name="item__category", queryset=ServiceCategory.objects.all(), label=_("Category")
    )
    # Only the name the option shows: the catalogue rows carry long descriptions and material lists.
    item = django_filters.ModelChoiceFilter(queryset=ServiceItem.objects.only("name"), label=_("Service item"))
    department = django_filters.ModelChoiceFilter(queryset=Department.objects.none(), label=_("Department"))
    due = django_filters.ChoiceFilter(choices=DUE_CHOICES, method="filter_due", label=_("Deadline"))
    received_from = LocalDayFilter(field_name="received_at", bound="from", label=_("Received from"))
    received_to = LocalDayFilter(field_name="received_at", bound="to", label=_("Received to"))

    resolved_from = LocalDayFilter(field_name="resolved_at", bound="from", label=_("Resolved from"))
    resolved_to = LocalDayFilter(field_name="resolved_at", bound="to", label=_("Resolved to"))

    class Meta:
        model = ServiceRequest
        fields = []

    def __init__(self, data=None, *args, request=None, **kwargs):
        super().__init__(data, *args, request=request, **kwargs)
        self.filters["department"].queryset = Department.objects.visible_to(request.user)
        user = request.user
        # Literal id lists (of communities when the scope is whole communities): cheaper to build and
        # to run than the scope's subquery over staff posts in each dropdown's query.
        self.filters["street"].queryset = Street.objects.visible_to(user)
        self.filters["community"].queryset = Community.objects.choices_for(user)
        self.filters["grid"].queryset = Grid.objects.choices_for(user).select_related("community")

    @property
    def form(self):
        form = super().form
        if not getattr(self, "_narrowed", False):
            self._narrowed = True
            # Grids of more than one community, departments of more than one street: too many to choose from.
            wide = long_area_lists(self.request.user)
            narrow_area_choices(form, self.data, names=("grid", "department"), wide=wide)
        return form

    def filter_rehandled(self, queryset, name, value):
        return queryset.filter(rehandled__gt=0) if value else queryset.filter(rehandled=0)

    def filter_status(self, queryset, name, value):
        if value == "open":
            return queryset.open()
        return queryset.filter(status=value)

    def filter_due(self, queryset, name, value):
        if value == "overdue":
            return queryset.overdue()
        if value == "today":
            return queryset.due_on(timezone.localdate())
        return queryset.due_soon()
