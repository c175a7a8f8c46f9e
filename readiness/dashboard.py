"""The area dashboard's panel (dashboards read it from `dashboard_panel` on the AppConfig): counts over
indexed columns of the area's communities, for the roles that read this app."""

from .models import Drill, Member, Plan, Supply, Team


def panel(request, area, period):
    if not request.user.has_perm("readiness.view_supply"):
        return None
    communities = area.communities
    supplies = Supply.objects.filter(community__in=communities)
    return {
        "template": "readiness/_dashboard_panel.html",
        "supplies": supplies.count(),
        "expiring": supplies.expiring().count(),
        "expired": supplies.expired().count(),
        "plans": Plan.objects.filter(community__in=communities).active().count(),
        "drills": Drill.objects.filter(
            community__in=communities, date__gte=period.start_date, date__lte=period.end_date
        ).count(),
        "teams": Team.objects.filter(community__in=communities).count(),
        "members": Member.objects.filter(team__community__in=communities).count(),
    }
