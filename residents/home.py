"""The residents panel of the home page: the lookup box, and a grid worker's grids with the households
nobody has visited for 90 days."""

import datetime

from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from grids.models import REGISTER_EDITORS, Grid, area_scope

from .models import Household, Visit

UNVISITED_DAYS = 90


def panel(request):
    user = request.user
    if not user.has_perm("residents.view_resident"):
        return None
    grids = []
    # Only the grids the user walks (a grid worker's posts), not every grid of a community admin.
    own = area_scope(user, REGISTER_EDITORS).post_grid_ids
    if own and user.has_perm("residents.add_visit"):
        since = timezone.localdate() - datetime.timedelta(days=UNVISITED_DAYS)
        unvisited = dict(
            Household.objects.filter(dwelling__grid_id__any=own)
            .exclude(Exists(Visit.objects.filter(household=OuterRef("pk"), visited_on__gte=since)))
            .values_list("dwelling__grid_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        walked = Grid.objects.filter(pk__any=own).select_related("community").order_by("community__code", "number")
        grids = [{"grid": grid, "unvisited": unvisited.get(grid.pk, 0)} for grid in walked]
    return {
        "template": "residents/_home_panel.html",
        "grids": grids,
        "unvisited_days": UNVISITED_DAYS,
    }
