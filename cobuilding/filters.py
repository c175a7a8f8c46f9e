"""The filters of the three lists, the pairings and the households in need without a pair."""

import django_filters
from django.utils.translation import gettext_lazy as _

from grids.filters import communities_of
from residents.models import Household

from .models import Kind, Need, Pairing, Project, Resource


def _community(field_name="community"):
    return django_filters.ModelChoiceFilter(
        field_name=field_name, queryset=communities_of, label=_("Community"), empty_label=_("All")
    )


def _kind():
    return django_filters.ChoiceFilter(choices=Kind.choices, label=_("Kind"), empty_label=_("All"))


def _status(choices):
    return django_filters.ChoiceFilter(choices=choices, label=_("Status"), empty_label=_("All"))


class ResourceFilter(django_filters.FilterSet):
    community = _community()
    kind = _kind()
    status = _status(Resource.Status.choices)

    class Meta:
        model = Resource
        fields = []


class UnmatchedNeedFilter(django_filters.FilterSet):
    """The unmatched needs are all open: no status to choose."""

    community = _community()
    kind = _kind()
    urgency = django_filters.ChoiceFilter(choices=Need.Urgency.choices, label=_("Urgency"), empty_label=_("All"))

    class Meta:
        model = Need
        fields = []


class NeedFilter(UnmatchedNeedFilter):
    status = _status(Need.Status.choices)


class ProjectFilter(django_filters.FilterSet):
    community = _community()
    status = _status(Project.Status.choices)

    class Meta:
        model = Project
        fields = []


class PairingFilter(django_filters.FilterSet):
    community = _community()
    status = _status(Pairing.Status.choices)

    class Meta:
        model = Pairing
        fields = []


class UnpairedFilter(django_filters.FilterSet):
    community = _community("dwelling__grid__community")

    class Meta:
        model = Household
        fields = []
