"""The co-building panel of a household's page (the register's `household_panels` hook): its pairings with their
latest help visits, its needs, and a link to record one."""

import datetime

from django.utils import timezone

from residents.models import Visit

from .models import HelpVisit, Need, Pairing

SHOWN_VISITS = 10
# A need recorded this soon after the user's own visit to the household is taken as found on that visit.
VISIT_RECENT = datetime.timedelta(days=7)


def household_panel(request, household):
    user = request.user
    can_record = user.has_perm("cobuilding.add_need")
    if not (user.has_perm("cobuilding.view_pairing") or can_record):
        return None
    pairings = list(
        Pairing.objects.visible_to(user).filter(household=household).select_related("organisation", "unit")
        if user.has_perm("cobuilding.view_pairing")
        else []
    )
    visits = (
        HelpVisit.objects.filter(pairing__in=[p.pk for p in pairings])
        .select_related("pairing__organisation", "pairing__unit")
        .order_by("-visited_on", "-pk")[:SHOWN_VISITS]
        if pairings
        else []
    )
    needs = (
        Need.objects.visible_to(user).filter(household=household).exclude(status=Need.Status.CLOSED)[:10]
        if user.has_perm("cobuilding.view_need")
        else []
    )
    own_visit = (
        Visit.objects.filter(household=household, worker=user, visited_on__gte=timezone.localdate() - VISIT_RECENT)
        .order_by("-visited_on", "-pk")
        .values_list("pk", flat=True)
        .first()
        if can_record
        else None
    )
    return {
        "template": "cobuilding/_household_panel.html",
        "own_visit": own_visit,
        "pairings": pairings,
        "visits": visits,
        "needs": needs,
        "can_record": can_record,
    }
