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
    # The user's rows of the area (the lists' own scope); a grid's dashboard counts its grid's needs and
    # households, the community's resources and projects.
    needs = Need.objects.visible_to(user).filter(community__in=communities)
    pairings = Pairing.objects.visible_to(user).active().filter(community__in=communities)
    households = Household.objects.visible_to(user).filter(dwelling__grid__community__in=communities)
    visits = HelpVisit.objects.visible_to(user).filter(pairing__community__in=communities)
    if area.level == "grid":
        needs = needs.filter(grid=area.obj)
        pairings = pairings.filter(household__dwelling__grid=area.obj)
        households = households.filter(dwelling__grid=area.obj)
        visits = visits.filter(pairing__household__dwelling__grid=area.obj)
    projects = Project.objects.visible_to(user).filter(community__in=communities)
    return {
        "template": "cobuilding/_dashboard_panel.html",
        "resources": Resource.objects.visible_to(user)
        .filter(community__in=communities, status=Resource.Status.ACTIVE)
        .count(),
        "needs": needs.aggregate(
            open=Count("pk", filter=Q(status=Need.Status.OPEN)),
            matched=Count("pk", filter=Q(status=Need.Status.MATCHED)),
            met=Count("pk", filter=Q(status=Need.Status.MET)),
        ),
        "projects": projects.aggregate(
            running=Count("pk", filter=Q(status=Project.Status.RUNNING)),
            done=Count("pk", filter=Q(status=Project.Status.DONE)),
        ),
        "pairings": pairings.count(),
        "help_visits": visits.filter(visited_on__range=(period.start_date, period.end_date)).count(),
        "unpaired": unpaired(households).count(),
    }
