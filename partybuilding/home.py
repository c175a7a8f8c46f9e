"""The party panel of the home page: the branch's activities of the next two weeks."""

import datetime

from django.utils import timezone

from .models import Activity

AHEAD_DAYS = 14
SHOWN = 6


def panel(request):
    user = request.user
    if not user.has_perm("partybuilding.add_activity"):
        return None
    now = timezone.now()
    activities = list(
        Activity.objects.editable_by(user)
        .filter(ends_at__gte=now, starts_at__lte=now + datetime.timedelta(days=AHEAD_DAYS))
        .select_related("organisation")
        .order_by("starts_at", "pk")[: SHOWN + 1]
    )
    return {
        "template": "partybuilding/_home_panel.html",
        "activities": activities[:SHOWN],
        "more": len(activities) > SHOWN,
        "days": AHEAD_DAYS,
    }
