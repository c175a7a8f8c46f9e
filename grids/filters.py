import django_filters
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _

from .models import Community, Grid, Street
from .roles import Audience
from .scope import area_scope


def streets_of(request):
    """The streets the user sees, for a filter's choices."""
    return Street.objects.visible_to(request.user) if request else Street.objects.none()


def communities_of(request):
    """The communities the user sees, for a filter's choices."""
    return Community.objects.visible_to(request.user) if request else Community.objects.none()


class GridFilter(django_filters.FilterSet):
    street = django_filters.ModelChoiceFilter(
        field_name="community__street", queryset=streets_of, label=_("Street"), empty_label=_("All streets")
    )
    community = django_filters.ModelChoiceFilter(
        queryset=communities_of, label=_("Community"), empty_label=_("All communities")
    )
    name = django_filters.CharFilter(lookup_expr="startswith", label=_("Grid name"))

    class Meta:
        model = Grid
        fields = ["street", "community", "name"]


# A dropdown longer than this is not rendered whole: pick the area above first.
LONG_LIST = 60


def long_area_lists(user, audience: Audience = Audience.ANYONE) -> set[str]:
    """The area dropdowns too long to render whole for the scope of `audience`, when no area above
    is chosen: grids of more than one community, buildings of a whole community (a building is
    chosen within its grid), departments of more than one street."""
    areas = area_scope(user, audience)
    long = set()
    if len(areas.community_ids()) > 1:
        long |= {"grid", "building"}
    elif areas.whole_communities():
        long.add("building")
    if areas.district_ids or len(areas.street_ids) > 1:
        long.add("department")
    return long


def narrow_area_choices(form, data, names=("grid", "building"), *, wide=()) -> None:
    """Render the grid, building or department dropdowns of a filter form with only the options
    under the street, community or grid chosen in `data` (plus the current choice), never hundreds.

    The options are read when the dropdown is rendered, not before: a request that only filters
    (the live search's results, an export) makes no query for them. Validation still runs against
    the field's whole queryset, so a link that names any grid in scope (from a dashboard, say)
    keeps working. `wide`: the names of the dropdowns known to be long for the user's scope (of an
    official over several communities, say) when no area above is chosen; they are not read then.
    """
    for name in names:
        if name in form.fields:
            field = form.fields[name]
            field.widget.choices = NarrowedChoices(field, name, data, wide=name in wide)


class NarrowedChoices(BaseChoiceIterator):
    """The options of one area dropdown, as narrow_area_choices describes them, read on first use."""

    PARENTS = {
        "grid": [("community_id", "community"), ("community__street_id", "street")],
        "building": [
            ("dwellings__grid_id", "grid"),
            ("compound__community_id", "community"),
            ("compound__community__street_id", "street"),
        ],
        # Anything that belongs to a community or a street, such as the departments requests go to.
        "department": [("community_id", "community"), ("street_id", "street")],
    }

    def __init__(self, field, name, data, wide=False):
        self.field, self.name, self.data, self.wide = field, name, data, wide
        self._choices = None

    def __iter__(self):
        if self._choices is None:
            self._choices = self._read()
        return iter(self._choices)

    def _read(self):
        queryset, data = self.field.queryset, self.data
        chosen = next(
            ((lookup, data.get(key)) for lookup, key in self.PARENTS[self.name] if (data.get(key) or "").isdigit()),
            None,
        )
        if chosen:
            options = list(queryset.filter(**{chosen[0]: chosen[1]}).distinct()[: LONG_LIST + 1])
        elif self.wide:
            options = None  # known to be more than a dropdown holds: not read
        else:
            options = list(queryset[: LONG_LIST + 1])
        current = data.get(self.name) or ""
        if options is None or len(options) > LONG_LIST:
            options = list(queryset.filter(pk=current)) if current.isdigit() else []
            empty = _("— choose the area above first —")
        else:
            empty = self.field.empty_label or "---------"
        return [("", empty), *((option.pk, str(option)) for option in options)]
