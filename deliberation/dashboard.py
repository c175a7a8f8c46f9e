"""The deliberation panel of an area's dashboard (dashboards.views.app_panels): topics raised, decided
and done in the period, those open now, and the disputes handled and settled. One aggregate query over
the area's communities, on the indexed community and time columns."""

from .figures import dispute_counts, rate, topic_counts
from .models import Topic


def panel(request, area, period):
    user = request.user
    if not user.has_perm("deliberation.view_topic"):
        return None
    topics = Topic.objects.visible_to(user).filter(community__in=area.communities)
    if area.level == "grid":
        topics = topics.filter(grid=area.obj)
    figures = topics.aggregate(
        **topic_counts(period.start_date, period.end_date), **dispute_counts(period.start_date, period.end_date)
    )
    return {
        "template": "deliberation/_dashboard_panel.html",
        "figures": figures,
        "rate": rate(figures["disputes_settled"], figures["disputes_handled"]),
        "community": area.obj.pk if area.level == "community" else None,
        "start": period.start_date,
        "end": period.end_date,
    }
