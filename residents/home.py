"""The residents panel of the home page: the lookup box, and a grid worker's grids with the households
nobody has visited for 90 days and the registered stays that are over (暂住到期)."""

from django.db.models import Count

from grids.models import Grid

from .models import UNVISITED_DAYS, Household, Resident


def panel(request):
    user = request.user
    if not user.has_perm("residents.view_resident"):
        return None
    grids = []
    # Only the grids the user walks (a grid worker's posts), not every grid of a community admin.
    if user.has_perm("residents.add_visit"):
        walked = list(Grid.objects.walked_by(user).select_related("community").order_by("community__code", "number"))
        if walked:
            unvisited = dict(
                Household.objects.filter(dwelling__grid_id__any=[grid.pk for grid in walked])
                .unvisited_since(UNVISITED_DAYS)
                .values_list("dwelling__grid_id")
                .annotate(n=Count("pk"))
                .order_by()
            )
            stays_over = dict(
                Resident.objects.filter(grid_id__any=[grid.pk for grid in walked])
                .stay_over()
                .values_list("grid_id")
                .annotate(n=Count("pk"))
                .order_by()
            )
            grids = [
                {"grid": grid, "unvisited": unvisited.get(grid.pk, 0), "stays_over": stays_over.get(grid.pk, 0)}
                for grid in walked
            ]
    return {
        "template": "residents/_home_panel.html",
        "grids": grids,
        "unvisited_days": UNVISITED_DAYS,
    }
