"""The filters of the volunteer, team, service record and social organisation lists."""

import django_filters
from django.utils.translation import gettext_lazy as _

from grids.filters import communities_of

from .models import ServiceRecord, SocialOrganisation, Team, Volunteer


def teams_of(request):
    return Team.objects.visible_to(request.user).select_related("community") if request else Team.objects.none()


def _community():
    return django_filters.ModelChoiceFilter(
        field_name="community", queryset=communities_of, label=_("Community"), empty_label=_("All")
    )


class VolunteerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="contains", label=_("Name"))
    team = django_filters.ModelChoiceFilter(
        queryset=teams_of, method="filter_team", label=_("Team"), empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(choices=Volunteer.Status.choices, label=_("Status"), empty_label=_("All"))
    community = _community()

    class Meta:
        model = Volunteer
        fields = []

    def filter_team(self, queryset, name, value):
        # Current members of the team.
        return queryset.filter(memberships__team=value, memberships__until__isnull=True) if value else queryset


class TeamFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Team.Kind.choices, label=_("Type"), empty_label=_("All"))
    status = django_filters.ChoiceFilter(choices=Team.Status.choices, label=_("Status"), empty_label=_("All"))
    community = _community()

    class Meta:
        model = Team
        fields = []


class ServiceRecordFilter(django_filters.FilterSet):
    team = django_filters.ModelChoiceFilter(queryset=teams_of, label=_("Team"), empty_label=_("All"))
    status = django_filters.ChoiceFilter(choices=ServiceRecord.Status.choices, label=_("Status"), empty_label=_("All"))
    community = _community()

    class Meta:
        model = ServiceRecord
        fields = []


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="contains", label=_("Name"))
    kind = django_filters.ChoiceFilter(choices=SocialOrganisation.Kind.choices, label=_("Type"), empty_label=_("All"))
    stars = django_filters.ChoiceFilter(
        choices=[(n, "★" * n) for n in range(5, 0, -1)], label=_("Stars"), empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        choices=SocialOrganisation.Status.choices, label=_("Status"), empty_label=_("All")
    )
    community = _community()

    class Meta:
        model = SocialOrganisation
        fields = []
