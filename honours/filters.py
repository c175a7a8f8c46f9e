"""The filters of the nomination list."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from grids.models import Community

from .models import HonourKind, Nomination


def communities_of(request):
    """The communities whose nominations the user reads (a grid worker's too)."""
    return Community.objects.choices_for(request.user) if request else Community.objects.none()


class NominationFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(
        label=_("Year"), widget=forms.NumberInput(attrs={"inputmode": "numeric"}), min_value=2000, max_value=2100
    )
    kind = django_filters.ModelChoiceFilter(queryset=HonourKind.objects.all(), label=_("Honour"), empty_label=_("All"))
    status = django_filters.ChoiceFilter(choices=Nomination.Status.choices, label=_("Status"), empty_label=_("All"))
    community = django_filters.ModelChoiceFilter(
        field_name="community", queryset=communities_of, label=_("Community"), empty_label=_("All")
    )

    class Meta:
        model = Nomination
        fields = []
