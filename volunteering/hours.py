"""Confirmed volunteer hours: this app's service records, and the 双报到 hours of in-service party
members, read from partybuilding's check-ins (never copied here, so never entered twice).

A party member's confirmed hours at a volunteer activity of the party organisation count once on
the community's figures (by the organisation's community) and, when the member is the resident a
volunteer is linked to, once in that volunteer's total.
"""

from decimal import Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from partybuilding.models import Activity, CheckIn, Member

from .models import ServiceHours, ServiceRecord

ZERO = Decimal("0")
HOURS = DecimalField(max_digits=9, decimal_places=1)


def party_check_ins(user):
    """Confirmed hours of in-service members at volunteer activities (双报到 service), of the activities
    `user` may see: the party's rows follow the party's scope."""
    return CheckIn.objects.visible_to(user).filter(
        hours_confirmed_at__isnull=False,
        member__category=Member.Category.IN_SERVICE,
        activity__kind=Activity.Kind.VOLUNTEER,
    )


def confirmed_hours():
    return ServiceHours.objects.filter(record__status=ServiceRecord.Status.CONFIRMED)


def area_hours(user, communities, start, end) -> dict:
    """The confirmed hours of the communities' service in [start, end]: own, 双报到 and in total."""
    own = (
        confirmed_hours()
        .filter(record__community__in=communities, record__date__gte=start, record__date__lte=end)
        .aggregate(s=Sum("hours"))["s"]
    )
    party = (
        party_check_ins(user)
        .filter(
            activity__organisation__community__in=communities,
            activity__starts_at__date__gte=start,
            activity__starts_at__date__lte=end,
        )
        .aggregate(s=Sum("hours"))["s"]
    )
    own, party = own or ZERO, party or ZERO
    return {"own": own, "party": party, "total": own + party}


def _sum(queryset):
    return Coalesce(Subquery(queryset.values("h")[:1], output_field=HOURS), Value(ZERO), output_field=HOURS)


def with_hours(user, volunteers, year: int):
    """`volunteers` annotated with their confirmed hours, in `year` and overall: `hours_year`,
    `hours_total` (this app's), `party_hours_year`, `party_hours_total` (双报到, through the
    volunteer's resident) and `all_hours_year`, `all_hours_total` (both), as subqueries of the
    list's single query."""
    own = confirmed_hours().filter(volunteer=OuterRef("pk")).order_by().values("volunteer")
    party = (
        party_check_ins(user)
        .filter(member__resident=OuterRef("resident"), member__resident__isnull=False)
        .order_by()
        .values("member__resident")
    )
    in_year = Q(record__date__year=year)
    party_in_year = Q(activity__starts_at__year=year)
    return volunteers.annotate(
        hours_total=_sum(own.annotate(h=Sum("hours"))),
        hours_year=_sum(own.annotate(h=Sum("hours", filter=in_year))),
        party_hours_total=_sum(party.annotate(h=Sum("hours"))),
        party_hours_year=_sum(party.annotate(h=Sum("hours", filter=party_in_year))),
    ).annotate(
        all_hours_total=ExpressionWrapper(F("hours_total") + F("party_hours_total"), output_field=HOURS),
        all_hours_year=ExpressionWrapper(F("hours_year") + F("party_hours_year"), output_field=HOURS),
    )


def volunteer_hours(user, volunteer, year: int) -> dict:
    """One volunteer's confirmed hours (the volunteer page)."""
    own = (
        confirmed_hours()
        .filter(volunteer=volunteer)
        .aggregate(total=Sum("hours"), year=Sum("hours", filter=Q(record__date__year=year)))
    )
    party = {"total": None, "year": None}
    if volunteer.resident_id:
        party = (
            party_check_ins(user)
            .filter(member__resident_id=volunteer.resident_id)
            .aggregate(total=Sum("hours"), year=Sum("hours", filter=Q(activity__starts_at__year=year)))
        )
    figures = {
        "own_total": own["total"] or ZERO,
        "own_year": own["year"] or ZERO,
        "party_total": party["total"] or ZERO,
        "party_year": party["year"] or ZERO,
    }
    figures["total"] = figures["own_total"] + figures["party_total"]
    figures["year"] = figures["own_year"] + figures["party_year"]
    return figures
