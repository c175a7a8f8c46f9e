"""The co-building card of an area's dashboard (the dashboards' `dashboard_panel` hook): counts over indexed
columns of the area's communities, for the users who read the lists."""

from django.db.models import Count, Q

from residents.models import Household

from .models import HelpVisit, Need, Pairing, Project, Resource, unpaired


def panel(request, area, period):
    user = request.user
    if not user.has_perm("cobuilding.view_need") or not user.has_perm("cobuilding.view_pairing"):
        return None
    communities = area.communities
    needs = Need.objects.filter(community__in=communities).aggregate(
        open=Count("pk", filter=Q(status=Need.Status.OPEN)),
        matched=Count("pk", filter=Q(status=Need.Status.MATCHED)),
        met=Count("pk", filter=Q(status=Need.Status.MET)),
    )
    projects = Project.objects.filter(community__in=communities).aggregate(
        running=Count("pk", filter=Q(status=Project.Status.RUNNING)),
        done=Count("pk", filter=Q(status=Project.Status.DONE)),
    )
    pairings = Pairing.objects.active().filter(community__in=communities)
    households = Household.objects.filter(dwelling__grid__community__in=communities)
    return {
        "template": "cobuilding/_dashboard_panel.html",
        "resources": Resource.objects.filter(community__in=communities, status=Resource.Status.ACTIVE).count(),
        "needs": needs,
        "projects": projects,
        "pairings": pairings.count(),
        "help_visits": HelpVisit.objects.filter(
            pairing__community__in=communities, visited_on__range=(period.start_date, period.end_date)
        ).count(),
        "unpaired": unpaired(households).count(),
    }
