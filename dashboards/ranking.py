"""接诉即办 ranking: the communities of an area ranked on their hotline requests, and the departments on
the requests dispatched to them, by the three rates (三率) and the days their open requests are overdue.

score = 100 × Σ weight × rate − overdue-day points (capped), with the weights of
settings.HOTLINE_RANKING. A rate with nothing to count (no request dispatched, none called back) is left
out and the other weights carry its share, so that a community is not ranked down for what did not happen.
"""

from django.conf import settings
from django.db.models import Count, F, Sum
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from services.choices import Channel
from services.models import Department, Supervision

from .indicators import request_figures
from .models import REQUEST_FIELDS, Dimension, RequestMonthStat

RATES = {
    "response_rate": _("Response rate"),
    "resolution_rate": _("Resolution rate"),
    "satisfaction_rate": _("Satisfaction rate"),
}


def _days_overdue(today):
    """Days an overdue request is past its due day (the day of its due moment, in Beijing time)."""
    return RawSQL(
        "(%s::date - ((services_supervision.due_at - interval '1 microsecond') AT TIME ZONE 'Asia/Shanghai')::date)",
        [today],
    )


def weights() -> dict:
    return settings.HOTLINE_RANKING["weights"]


def score(figures: dict, overdue_days: int) -> float | None:
    present = {name: weight for name, weight in weights().items() if figures.get(name) is not None}
    if not present:
        return None
    total = sum(present.values())
    rated = sum(figures[name] * weight for name, weight in present.items()) / total
    penalty = min(overdue_days * settings.HOTLINE_RANKING["overdue_day_points"], settings.HOTLINE_RANKING["cap"])
    return round(100 * rated - penalty, 1)


def _overdue_days(area, group: str) -> dict:
    today = timezone.localdate()
    rows = (
        Supervision.objects.filter(community__in=area.communities, level=Supervision.Level.OVERDUE)
        .filter(**({"channel": Channel.HOTLINE} if group == "community" else {}))
        .values(key=F(group))
        .annotate(days=Sum(_days_overdue(today)), requests=Count("*"))
        .order_by()
    )
    return {row["key"]: (row["days"] or 0, row["requests"]) for row in rows}


def _ranked(rows):
    rows.sort(key=lambda row: (row["score"] is None, -(row["score"] or 0), row["label"]))
    for rank, row in enumerate(rows, 1):
        row["rank"] = rank if row["score"] is not None else None
    return rows


def _row(label, figures, overdue):
    days, requests = overdue
    return {
        "label": label,
        **{name: figures[name] for name in ("received", "response_rate", "resolution_rate", "satisfaction_rate")},
        "first_satisfaction_rate": figures["first_satisfaction_rate"],
        "rehandled": figures["rehandled"],
        "overdue_requests": requests,
        "overdue_days": days,
        "score": score(figures, days),
    }


def communities(area, period) -> list[dict]:
    """The area's communities on their 12345 hotline requests of the period."""
    aggregates = {field: Sum(field) for field in REQUEST_FIELDS}
    stats = {
        row["community"]: row
        for row in RequestMonthStat.objects.filter(
            month__in=period.months,
            dimension=Dimension.CHANNEL,
            key=Channel.HOTLINE,
            community__in=area.communities,
        )
        .values("community")
        .annotate(**aggregates)
        .order_by()
    }
    overdue = _overdue_days(area, "community")
    rows = []
    for community in area.communities.order_by("code"):
        found = stats.get(community.pk)
        figures = request_figures([{k: v or 0 for k, v in found.items()}] if found else [])
        rows.append({"area": community, **_row(community.name, figures, overdue.get(community.pk, (0, 0)))})
    return _ranked(rows)


def departments(area, period) -> list[dict]:
    """The departments that requests of the area's communities were dispatched to, on those requests."""
    aggregates = {field: Sum(field) for field in REQUEST_FIELDS}
    stats = (
        RequestMonthStat.objects.filter(
            month__in=period.months, dimension=Dimension.DEPARTMENT, community__in=area.communities
        )
        .exclude(key="")
        .values("key")
        .annotate(**aggregates)
        .order_by()
    )
    by_department = {int(row["key"]): row for row in stats}
    names = dict(Department.objects.filter(pk__in=by_department).values_list("pk", "name"))
    overdue = _overdue_days(area, "department")
    rows = [
        _row(names.get(pk, str(pk)), request_figures([{k: v or 0 for k, v in row.items()}]), overdue.get(pk, (0, 0)))
        for pk, row in by_department.items()
    ]
    return _ranked(rows)
