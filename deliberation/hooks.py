"""What deliberation shows on a service request's page (`request_panels`, common/templatetags/app_panels.py):
the topics raised from the request, and "Raise as a deliberation topic"."""

from grids.models import Community, Grid

from .models import Topic


def request_panel(request, service_request):
    user = request.user
    if not user.has_perm("deliberation.view_topic"):
        return None
    topics = list(Topic.objects.visible_to(user).filter(request=service_request).order_by("raised_at", "pk"))
    # As topic_raise decides: the community's desk, or the grid worker of the request's grid.
    may_raise = user.has_perm("deliberation.add_topic") and (
        user.is_superuser
        or Community.objects.desk_of(user).filter(pk=service_request.community_id).exists()
        or Grid.objects.walked_by(user).filter(pk=service_request.grid_id).exists()
    )
    if not topics and not may_raise:
        return None
    return {
        "template": "deliberation/_request_panel.html",
        "topics": topics,
        "may_raise": may_raise,
        "service_request": service_request,
    }
