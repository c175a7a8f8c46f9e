import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Community, Grid, Street, area_scope


def _streets(request):
    return area_scope(request.user).streets if request else Street.objects.none()


def _communities(request):
    return area_scope(request.user).communities if request else Community.objects.none()


class GridFilter(django_filters.FilterSet):
    street = django_filters.ModelChoiceFilter(
        field_name="community__street", queryset=_streets, label=_("Street"), empty_label=_("All streets")
    )
    community = django_filters.ModelChoiceFilter(
        queryset=_communities, label=_("Community"), empty_label=_("All communities")
    )
    name = django_filters.CharFilter(lookup_expr="startswith", label=_("Grid name"))

    class Meta:
        model = Grid
        fields = ["street", "community", "name"]
