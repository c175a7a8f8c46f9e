"""The area dashboard's panel (dashboards read it from `dashboard_panel` on the AppConfig): counts over
indexed columns of the area's communities, for the roles that read this app."""

from django.db.models import Avg, Count, Max

from .hours import area_hours
from .models import SocialOrganisation, StarRating, Team, Volunteer

# Dongcheng's rule: every community fosters at least six social organisations.
ORGANISATIONS_TARGET = 6


def panel(request, area, period):
    if not request.user.has_perm("volunteering.view_team"):
        return None
    user, communities = request.user, area.communities  # the user's rows of the area, as the lists show them
    organisations = (
        SocialOrganisation.objects.visible_to(user)
        .filter(community__in=communities)
        .exclude(status=SocialOrganisation.Status.DEREGISTERED)
    )
    counts = list(organisations.values("community").annotate(n=Count("pk")).values_list("n", flat=True))
    ratings = StarRating.objects.filter(organisation__in=organisations)
    latest_year = ratings.aggregate(year=Max("year"))["year"]
    average_stars = ratings.filter(year=latest_year).aggregate(a=Avg("stars"))["a"] if latest_year else None
    return {
        "template": "volunteering/_dashboard_panel.html",
        "level": area.level,
        "teams": Team.objects.visible_to(user).filter(community__in=communities, status=Team.Status.ACTIVE).count(),
        "volunteers": Volunteer.objects.visible_to(user)
        .filter(community__in=communities, status=Volunteer.Status.ACTIVE)
        .count(),
        "hours": area_hours(request.user, communities, period.start_date, period.end_date),
        "organisations": sum(counts),
        "target": ORGANISATIONS_TARGET,
        # At a community, whether it meets the target; above it, how many of its communities do.
        "target_met": sum(counts) >= ORGANISATIONS_TARGET,
        "communities_meeting": sum(1 for n in counts if n >= ORGANISATIONS_TARGET),
        "communities_count": communities.count(),
        "latest_year": latest_year,
        "average_stars": average_stars,
    }
