"""The dashboard panel of the home page: the user's area, one click from its dashboard."""

from . import rollups
from .areas import home_area


def panel(request):
    if not request.user.has_perm("dashboards.view_dashboard"):
        return None
    area = home_area(request.user)
    if area is None:
        return None
    return {"template": "dashboards/_home_panel.html", "area": area, "refreshed_at": rollups.refreshed_at()}
