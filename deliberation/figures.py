"""The figures of deliberation: topics raised, decided and done in a period, and the settlement rate
of disputes (调处成功率): disputes done as settled over the disputes decided or closed in the period."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from .models import Topic


def day_range(start: datetime.date, end: datetime.date):
    """[start's midnight, the midnight after end), as aware times: the columns' indexes serve it."""
    begin = timezone.make_aware(datetime.datetime.combine(start, datetime.time()))
    return begin, timezone.make_aware(datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time()))


def rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def dispute_counts(start, end) -> dict:
    """Conditional counts of disputes handled and settled in the period, for aggregate() or annotate()."""
    begin, until = day_range(start, end)
    decided = Q(decided_at__gte=begin, decided_at__lt=until)
    closed = Q(closed_at__gte=begin, closed_at__lt=until)
    settled = closed & Q(status=Topic.Status.DONE, outcome=Topic.Outcome.SETTLED)
    return {
        "disputes_handled": Count("pk", filter=Q(is_dispute=True) & (decided | closed)),
        "disputes_settled": Count("pk", filter=Q(is_dispute=True) & settled),
    }


def topic_counts(start, end) -> dict:
    begin, until = day_range(start, end)
    return {
        "raised": Count("pk", filter=Q(raised_at__gte=begin, raised_at__lt=until)),
        "decided": Count("pk", filter=Q(decided_at__gte=begin, decided_at__lt=until)),
        "done": Count("pk", filter=Q(closed_at__gte=begin, closed_at__lt=until, status=Topic.Status.DONE)),
        "open": Count("pk", filter=~Q(status__in=Topic.CLOSED)),
    }


def disputes_by_community(topics, start, end) -> list[dict]:
    """Per community of `topics`: disputes handled, settled and the rate, with the total last."""
    rows = list(
        topics.filter(is_dispute=True)
        .values("community_id", "community__name", "community__code")
        .annotate(**dispute_counts(start, end))
        .filter(disputes_handled__gt=0)
        .order_by("community__code")
    )
    for row in rows:
        row["rate"] = rate(row["disputes_settled"], row["disputes_handled"])
    return rows
