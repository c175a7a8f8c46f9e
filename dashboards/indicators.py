"""The figures of a dashboard, read from the rollups with a fixed number of small queries.

Every indicator is defined in DEFINITIONS (shown as tooltips and on the definitions page).
"""

from collections import defaultdict

from django.db.models import Avg, Count, F, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from residents.choices import ResidenceType
from residents.models import sees_sensitive_tags, tag_kinds_shown_to
from services.choices import Channel
from services.models import Department, ServiceCategory, ServiceRequest

from . import completeness
from .models import (
    REQUEST_FIELDS,
    AreaMonthStat,
    CommunityMonthStat,
    CommunitySnapshot,
    Dimension,
    GridMonthStat,
    GridSnapshot,
    MemberYearPoints,
    PartyMonthStat,
    PartySnapshot,
    RequestMonthStat,
)

DEFINITIONS = {
    "residents": _("Residents on the register whose dwelling lies in the area, now."),
    "households": _("Households registered at a dwelling of the area, now."),
    "moved_in": _("Residents of the area whose move-in date falls in the period."),
    "moved_out": _("Residents of the area recorded as moved out with a date in the period."),
    "visits": _("Visits logged in the area with a date in the period."),
    "visited_share": _("Share of the area's households visited at least once in the last 90 days."),
    "records_updated": _("Residents of the area whose record was changed in the period (each counted once a month)."),
    "received": _("Requests received in the period, by date of receipt."),
    "resolved": _("Requests resolved in the period, by date of resolution."),
    "on_time_rate": _("Among requests resolved in the period that had a time limit: share resolved by their due date."),
    "overdue_now": _("Open requests whose due date has passed, today."),
    "avg_days": _("Average number of working days from receipt to resolution, for requests resolved in the period."),
    "response_rate": _(
        "Among requests dispatched to a department in the period: share the department has accepted or returned."
    ),
    "resolution_rate": _("Requests resolved in the period divided by requests received in the period."),
    "satisfaction_rate": _(
        "Among requests closed after a callback in the period: share rated satisfied or fairly satisfied."
    ),
    "first_satisfaction_rate": _(
        "Among requests called back for the first time in the period: share rated satisfied or fairly satisfied "
        "at that first callback, before any re-handling."
    ),
    "rehandle_rate": _(
        "Among requests called back for the first time in the period: share sent back for re-handling "
        "because the caller was dissatisfied."
    ),
    "mediation_rate": _("Among disputes resolved in the period: share mediated successfully."),
    "party_members": _("Active party members of the area's party organisations, by category, now."),
    "activities": _("Party activities held in the period, by type."),
    "attendances": _("Check-ins marked present, at activities of the period."),
    "attendance_rate": _("Check-ins marked present divided by expected attendances, for activities of the period."),
    "compliance": _(
        "Branches that held every required meeting of the Three Meetings and One Lesson so far this quarter "
        "(a month or quarter still running is not counted as missed)."
    ),
    "volunteer_hours": _("Volunteer hours confirmed by the community for activities of the period."),
    "top_points": _("Members with the most points in the year of the period's last month."),
}


# How the dashboards name each indicator (the definitions page lists them by these names).
NAMES = {
    "residents": _("Residents"),
    "households": _("Households"),
    "moved_in": _("Moved in"),
    "moved_out": _("Moved out"),
    "visits": _("Visits"),
    "visited_share": _("Households visited in 90 days"),
    "records_updated": _("Records updated"),
    "received": _("Received"),
    "resolved": _("Resolved"),
    "on_time_rate": _("On-time rate"),
    "overdue_now": _("Overdue now"),
    "avg_days": _("Working days to resolve"),
    "response_rate": _("Response rate"),
    "resolution_rate": _("Resolution rate"),
    "satisfaction_rate": _("Satisfaction rate"),
    "first_satisfaction_rate": _("First-time satisfaction"),
    "rehandle_rate": _("Re-handling rate"),
    "mediation_rate": _("Mediation success"),
    "party_members": _("Party members"),
    "activities": _("Activities by type"),
    "attendances": _("Attendances"),
    "attendance_rate": _("Attendance rate"),
    "compliance": _("Meetings held as required"),
    "volunteer_hours": _("Volunteer hours"),
    "top_points": _("Top members by points"),
}


def _ratio(part, whole):
    return None if not whole else part / whole


def request_figures(rows) -> dict:
    totals = {field: sum(row[field] for row in rows) for field in REQUEST_FIELDS}
    return {
        **totals,
        "on_time_rate": _ratio(totals["resolved_on_time"], totals["resolved_with_limit"]),
        "avg_days": _ratio(totals["resolve_working_days"], totals["resolved"]),
        "response_rate": _ratio(totals["responded"], totals["dispatched"]),
        "resolution_rate": _ratio(totals["resolved"], totals["received"]),
        "satisfaction_rate": _ratio(totals["satisfied"], totals["rated"]),
        "first_satisfaction_rate": _ratio(totals["first_satisfied"], totals["first_rated"]),
        "rehandle_rate": _ratio(totals["rehandled"], totals["first_rated"]),
        "mediation_rate": _ratio(totals["disputes_mediated"], totals["disputes_resolved"]),
    }


def _request_rows(area, months, dimension=Dimension.TOTAL):
    """Monthly request figures of the area: a street's and the district's own rollups, a community's,
    or a grid's row of its community."""
    if area.level in AreaMonthStat.Level.values:
        dimensions = dimension if isinstance(dimension, list) else [dimension]
        return AreaMonthStat.objects.filter(
            level=area.level, area_id=area.obj.pk, dimension__in=dimensions, month__in=months
        )
    rows = RequestMonthStat.objects.filter(month__in=months)
    if area.level == "grid":
        return rows.filter(dimension=Dimension.GRID, key=str(area.obj.pk), community_id=area.obj.community_id)
    if isinstance(dimension, list):
        return rows.filter(dimension__in=dimension, community=area.obj)
    return rows.filter(dimension=dimension, community=area.obj)


def requests(area, period) -> dict:
    """Request indicators of the period and of the previous one, the monthly trend and breakdowns."""
    aggregates = {field: Sum(field) for field in REQUEST_FIELDS}
    current = [
        {**row, **{k: v or 0 for k, v in row.items() if k in REQUEST_FIELDS}}
        for row in _request_rows(area, period.months).values("month").annotate(**aggregates).order_by("month")
    ]
    previous = list(_request_rows(area, period.previous().months).values("month").annotate(**aggregates))
    figures = request_figures(current)
    figures["previous"] = request_figures([{k: v or 0 for k, v in row.items()} for row in previous])
    this_month = timezone.localdate().replace(day=1)
    figures["trend"] = [
        {
            "month": f"{row['month']:%Y-%m}",
            # The month under way is marked: its figures are those so far, not a fall.
            "partial": row["month"] >= this_month,
            "received": row["received"],
            "resolved": row["resolved"],
        }
        for row in current
    ]
    overdue = ServiceRequest.objects.overdue()
    overdue = overdue.filter(grid=area.obj) if area.level == "grid" else overdue.filter(community__in=area.communities)
    figures["overdue_now"] = overdue.count()
    if area.level != "grid":
        breakdowns = _breakdowns(area, period)
        figures["by_channel"] = _labelled(breakdowns[Dimension.CHANNEL], dict(Channel.choices))
        figures["by_category"] = _labelled(
            breakdowns[Dimension.CATEGORY], dict(ServiceCategory.objects.values_list("pk", "name")), key=int
        )
        departments = breakdowns[Dimension.DEPARTMENT]
        names = dict(
            Department.objects.filter(pk__in=[int(row["key"]) for row in departments]).values_list("pk", "name")
        )
        figures["by_department"] = _labelled(departments, names, key=int)
        figures["by_department"].sort(key=lambda row: (-row["dispatched"], row["label"]))
    return figures


def _breakdowns(area, period) -> dict:
    """The period's figures by channel, category and department, read in one query."""
    dimensions = [Dimension.CHANNEL, Dimension.CATEGORY, Dimension.DEPARTMENT]
    rows = (
        _request_rows(area, period.months, dimensions)
        .values("dimension", "key")
        .annotate(**{field: Sum(field) for field in REQUEST_FIELDS})
        .order_by()
    )
    found = {dimension: [] for dimension in dimensions}
    for row in rows:
        if row["key"]:  # requests without a department: they were handled in the community
            found[row["dimension"]].append(row)
    return found


def _labelled(rows, labels, key=str) -> list[dict]:
    result = []
    for row in rows:
        figures = request_figures([row])
        figures["key"] = key(row["key"])
        figures["label"] = labels.get(figures["key"], row["key"])
        result.append(figures)
    result.sort(key=lambda row: -row["received"])
    return result


def register(area, period, user) -> dict:
    """Register indicators: the snapshots now, and moves and visits in the period (a grid's own rollups,
    or those of the area's communities)."""
    if area.level == "grid":
        snapshots = GridSnapshot.objects.filter(grid=area.obj)
        work = GridMonthStat.objects.filter(grid=area.obj)
    else:
        snapshots = CommunitySnapshot.objects.filter(community__in=area.communities)
        work = CommunityMonthStat.objects.filter(community__in=area.communities)
    snapshots = list(
        snapshots.values(
            "residents", "households", "households_visited_90d", "by_residence_type", "by_tag", "completeness"
        )
    )
    by_type, by_tag = defaultdict(int), defaultdict(int)
    for snapshot in snapshots:
        for value, count in snapshot["by_residence_type"].items():
            by_type[value] += count
        for value, count in snapshot["by_tag"].items():
            by_tag[value] += count
    shown_tags = tag_kinds_shown_to(user)
    households = sum(s["households"] for s in snapshots)
    visited = sum(s["households_visited_90d"] for s in snapshots)
    sums = {
        "moved_in": Sum("moved_in"),
        "moved_out": Sum("moved_out"),
        "visits": Sum("visits"),
        "sensitive_visits": Sum("sensitive_visits"),
        "records_updated": Sum("records_updated"),
    }
    now = {k: v or 0 for k, v in work.filter(month__in=period.months).aggregate(**sums).items()}
    before = {k: v or 0 for k, v in work.filter(month__in=period.previous().months).aggregate(**sums).items()}
    for figures in (now, before):  # counted as the visit list counts them for this user
        sensitive = figures.pop("sensitive_visits")
        if sees_sensitive_tags(user):
            figures["visits"] += sensitive
    return {
        "residents": sum(s["residents"] for s in snapshots),
        "households": households,
        "visited_share": _ratio(visited, households),
        "by_residence_type": [(value, label, by_type.get(value, 0)) for value, label in ResidenceType.choices],
        "by_tag": [(kind.value, kind.label, by_tag.get(kind.value, 0)) for kind in shown_tags],
        "completeness": completeness.figures(
            completeness.summed(s["completeness"] for s in snapshots), area.filter_params()
        ),
        **now,
        "previous": before,
    }


def children(area, period) -> list[dict]:
    """One row per child area: the comparison table, coloured by value."""
    kids = area.children()
    if not kids:
        return []
    aggregates = {field: Sum(field) for field in REQUEST_FIELDS}
    if area.child_level == "grid":
        request_rows = (
            RequestMonthStat.objects.filter(month__in=period.months, dimension=Dimension.GRID, community=area.obj)
            .values("key")
            .annotate(**aggregates)
        )
        # A window request without a resident has no grid (key ""): its figures make a row of their own.
        by_child = {int(row["key"]) if row["key"] else None: row for row in request_rows}
        people = {
            row["grid"]: row
            for row in GridSnapshot.objects.filter(grid__community=area.obj).values(
                "grid", "residents", "households", "households_visited_90d", "completeness"
            )
        }
        overdue = dict(
            ServiceRequest.objects.overdue().filter(community=area.obj).values_list("grid").annotate(n=Count("*"))
        )
    else:
        group = "community__street" if area.child_level == "street" else "community"
        if area.child_level == "street":
            request_rows = (
                AreaMonthStat.objects.filter(
                    level=AreaMonthStat.Level.STREET,
                    area_id__in=[child.obj.pk for child in kids],
                    month__in=period.months,
                    dimension=Dimension.TOTAL,
                )
                .values("area_id")
                .annotate(**aggregates)
            )
            by_child = {row["area_id"]: row for row in request_rows}
        else:
            request_rows = (
                RequestMonthStat.objects.filter(
                    month__in=period.months, dimension=Dimension.TOTAL, community__in=area.communities
                )
                .values(group)
                .annotate(**aggregates)
            )
            by_child = {row[group]: row for row in request_rows}
        people = {
            row[group]: row
            for row in CommunitySnapshot.objects.filter(community__in=area.communities)
            .values(group)
            .annotate(
                residents=Sum("residents"),
                households=Sum("households"),
                households_visited_90d=Sum("households_visited_90d"),
            )
        }
        overdue_group = "community__street" if area.child_level == "street" else "community"
        overdue = dict(
            ServiceRequest.objects.overdue()
            .filter(community__in=area.communities)
            .values_list(overdue_group)
            .annotate(n=Count("*"))
        )
    rows = []
    for child in kids:
        figures = request_figures(
            [{k: v or 0 for k, v in by_child.get(child.obj.pk, {}).items()}] if child.obj.pk in by_child else []
        )
        person = people.get(child.obj.pk, {})
        rows.append(
            {
                "area": child,
                "residents": person.get("residents") or 0,
                "households": person.get("households") or 0,
                "visited_share": _ratio(person.get("households_visited_90d") or 0, person.get("households") or 0),
                "overdue_now": overdue.get(child.obj.pk, 0),
                "completeness": completeness.score(person.get("completeness") or {})
                if area.child_level == "grid"
                else None,
                **{k: figures[k] for k in ("received", "resolved", "on_time_rate", "satisfaction_rate")},
            }
        )
    if area.child_level == "grid" and (None in by_child or overdue.get(None)):
        figures = request_figures([{k: v or 0 for k, v in by_child[None].items()}] if None in by_child else [])
        rows.append(
            {
                "area": None,
                "residents": 0,
                "households": 0,
                "visited_share": None,
                "overdue_now": overdue.get(None, 0),
                "completeness": None,
                **{k: figures[k] for k in ("received", "resolved", "on_time_rate", "satisfaction_rate")},
            }
        )
    _shade(
        rows,
        ["residents", "received", "resolved", "on_time_rate", "satisfaction_rate", "visited_share", "completeness"],
    )
    _shade(rows, ["overdue_now"], reverse=True)
    return rows


def _shade(rows, fields, reverse=False):
    """A colour class per cell from its value's place between the column's lowest and highest."""
    for field in fields:
        values = [row[field] for row in rows if row[field] is not None]
        low, high = (min(values), max(values)) if values else (0, 0)
        for row in rows:
            value = row[field]
            if value is None or high == low:
                level = 0
            else:
                level = round((value - low) / (high - low) * 4)
                level = 4 - level if reverse else level
            row.setdefault("shade", {})[field] = f"heat-{level}"


def party(area, period) -> dict | None:
    """Party building figures of the area's communities (party organisations are per community)."""
    if area.level == "grid":
        return None
    from partybuilding.models import Activity, Member

    snapshots = list(PartySnapshot.objects.filter(community__in=area.communities))
    members = defaultdict(int)
    for snapshot in snapshots:
        for category, count in snapshot.members_by_category.items():
            members[category] += count
    activity_rows = (
        PartyMonthStat.objects.filter(month__in=period.months, community__in=area.communities)
        .values("kind")
        .annotate(
            activities=Sum("activities"), expected=Sum("expected"), present=Sum("present"), hours=Sum("volunteer_hours")
        )
        .order_by()
    )
    by_kind = {row["kind"]: row for row in activity_rows}
    expected = sum(row["expected"] for row in activity_rows)
    today = timezone.localdate()
    quarter = snapshots[0].quarter if snapshots else f"{today.year} Q{(today.month - 1) // 3 + 1}"
    top = (
        MemberYearPoints.objects.filter(year=period.last.year, community__in=area.communities)
        .order_by("-points", "member_id")
        .values_list("member__name", "points")[:10]
    )
    return {
        "members": [(value, label, members.get(value, 0)) for value, label in Member.Category.choices],
        "members_total": sum(members.values()),
        "activities": [
            (value, label, by_kind.get(value, {}).get("activities") or 0) for value, label in Activity.Kind.choices
        ],
        "present": sum(row["present"] for row in activity_rows),
        "attendance_rate": _ratio(sum(row["present"] for row in activity_rows), expected),
        "volunteer_hours": sum(row["hours"] or 0 for row in activity_rows),
        "branches": sum(snapshot.branches for snapshot in snapshots),
        "branches_compliant": sum(snapshot.branches_compliant for snapshot in snapshots),
        "quarter": quarter,
        "top_members": list(top),
    }


QUEUE_DAYS = 31  # the days of the queue table: the period's latest month of days


def queue(area, period) -> list[dict] | None:
    """排队叫号 of a community's hall: per day and window, the tickets served and their average waiting
    and service minutes (the latest days of the period). Read from the tickets: a hall issues a few
    hundred a day."""
    if area.level != "community":
        return None
    from callqueue.models import Ticket

    rows = (
        Ticket.objects.filter(
            community=area.obj, day__gte=period.start_date, day__lte=period.end_date, called_at__isnull=False
        )
        .values("day", "window")
        .annotate(
            tickets=Count("*"),
            waited=Avg(F("called_at") - F("issued_at")),
            served=Avg(F("finished_at") - F("called_at")),
        )
        .order_by("-day", "window")[: QUEUE_DAYS * 10]
    )
    return [
        {
            **row,
            "wait_minutes": row["waited"].total_seconds() / 60 if row["waited"] else None,
            "service_minutes": row["served"].total_seconds() / 60 if row["served"] else None,
        }
        for row in rows
    ]
