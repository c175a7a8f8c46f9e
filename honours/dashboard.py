"""The area dashboard's panel: counts over indexed columns of the area's communities."""

from django.db.models import Count
from django.utils import timezone

from .models import Nomination


def panel(request, area, period):
    if not request.user.has_perm("honours.view_nomination"):
        return None
    nominations = Nomination.objects.filter(community__in=area.communities)
    year = period.end_date.year
    by_status = dict(nominations.filter(year=year).values_list("status").annotate(n=Count("pk")))
    today = timezone.localdate()
    return {
        "template": "honours/_dashboard_panel.html",
        "year": year,
        "by_status": [(label, by_status.get(value, 0)) for value, label in Nomination.Status.choices],
        "awarded": nominations.filter(
            status=Nomination.Status.AWARDED, awarded_on__range=(period.start_date, period.end_date)
        ).count(),
        "on_notice": nominations.filter(
            status=Nomination.Status.NOTICE, notice_starts_on__lte=today, notice_ends_on__gte=today
        ).count(),
    }
