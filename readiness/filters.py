"""The filters of the supply, plan and team lists."""

import django_filters
from django.utils.translation import gettext_lazy as _

from grids.filters import communities_of

from .models import Plan, Supply, Team


def _community():
    return django_filters.ModelChoiceFilter(
        field_name="community", queryset=communities_of, label=_("Community"), empty_label=_("All")
    )


class SupplyFilter(django_filters.FilterSet):
    EXPIRY = [("expiring", _("Expiring within 30 days")), ("expired", _("Expired"))]

    q = django_filters.CharFilter(field_name="name", lookup_expr="contains", label=_("Item"))
    expiry = django_filters.ChoiceFilter(
        choices=EXPIRY, method="filter_expiry", label=_("Expiry"), empty_label=_("All")
    )
    community = _community()

    class Meta:
        model = Supply
        fields = []

    def filter_expiry(self, queryset, name, value):
        return getattr(queryset, value)() if value in {"expiring", "expired"} else queryset


class PlanFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Plan.Kind.choices, label=_("Type"), empty_label=_("All"))
    status = django_filters.ChoiceFilter(choices=Plan.Status.choices, label=_("Status"), empty_label=_("All"))
    community = _community()

    class Meta:
        model = Plan
        fields = []


class TeamFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="contains", label=_("Name"))
    community = _community()

    class Meta:
        model = Team
        fields = []
