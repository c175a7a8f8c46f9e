"""The dashboard panel of the home page: the user's area, one click from its dashboard; for a grid
worker, the data completeness of each grid they walk, with the records each gap leaves to fix."""

from grids.models import Grid

from . import completeness, rollups
from .areas import home_area
from .models import GridSnapshot


def panel(request):
    user = request.user
    if user.has_perm("dashboards.view_dashboard"):
        area = home_area(user)
        if area is None:
            return None
        return {"template": "dashboards/_home_panel.html", "area": area, "refreshed_at": rollups.refreshed_at()}
    if not user.has_perm("residents.add_visit"):
        return None
    walked = list(Grid.objects.walked_by(user).select_related("community").order_by("community__code", "number"))
    if not walked:
        return None
    kept = dict(GridSnapshot.objects.filter(grid__in=walked).values_list("grid_id", "completeness"))
    grids = [
        {"grid": grid, "completeness": completeness.figures(kept.get(grid.pk) or {}, {"grid": grid.pk})}
        for grid in walked
    ]
    return {"template": "dashboards/_home_completeness.html", "grids": grids, "refreshed_at": rollups.refreshed_at()}
