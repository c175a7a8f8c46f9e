"""三会一课: which branches held the required meetings in a quarter, and who came.

Per branch: 支部党员大会 and 党课 at least once a quarter, 支部委员会 and 党小组会 at least once a
month (a meeting of any of the branch's party groups counts for the branch). Only activities that
have started count as held.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, ExtractMonth
from django.utils import timezone

from .models import Activity, CheckIn, Organisation

MONTHLY = [Activity.Kind.COMMITTEE_MEETING, Activity.Kind.GROUP_MEETING]
QUARTERLY = [Activity.Kind.GENERAL_MEETING, Activity.Kind.LECTURE]
MET, MISSED, PENDING, NOT_REQUIRED = "met", "missed", "pending", "not_required"


@dataclass
class Cell:
    kind: str
    count: int
    state: str


@dataclass
class BranchRow:
    branch: Organisation
    months: list[list[Cell]] = field(default_factory=list)  # one list of MONTHLY cells per month
    quarter: list[Cell] = field(default_factory=list)  # QUARTERLY cells

    @property
    def all_met(self):
        cells = [cell for month in self.months for cell in month] + self.quarter
        return all(cell.state in (MET, NOT_REQUIRED, PENDING) for cell in cells)


def quarter_bounds(year: int, quarter: int) -> tuple[datetime.datetime, datetime.datetime, list[int]]:
    first = 3 * quarter - 2
    tz = timezone.get_current_timezone()
    start = datetime.datetime(year, first, 1, tzinfo=tz)
    end = datetime.datetime(year + (quarter == 4), 1 if quarter == 4 else first + 3, 1, tzinfo=tz)
    return start, end, [first, first + 1, first + 2]


def _month_end(year, month):
    tz = timezone.get_current_timezone()
    return datetime.datetime(year + (month == 12), 1 if month == 12 else month + 1, 1, tzinfo=tz)


def _state(count, period_end, now):
    if count:
        return MET
    return PENDING if now < period_end else MISSED


def branch_compliance(branches, year: int, quarter: int, now=None) -> list[BranchRow]:
    """One row per branch of `branches` (a queryset of organisations of kind 党支部)."""
    now = now or timezone.now()
    start, end, months = quarter_bounds(year, quarter)
    branches = list(branches.annotate(groups=Count("children", filter=Q(children__kind=Organisation.Kind.GROUP))))
    held = (
        Activity.objects.filter(
            Q(organisation__in=branches) | Q(organisation__parent__in=branches, organisation__kind="group"),
            starts_at__gte=start,
            starts_at__lt=min(end, now),
            kind__in=MONTHLY + QUARTERLY,
        )
        .annotate(
            branch=Case(
                When(organisation__kind=Organisation.Kind.BRANCH, then=F("organisation_id")),
                default=F("organisation__parent_id"),
            ),
            month=ExtractMonth("starts_at", tzinfo=timezone.get_current_timezone()),
        )
        .values("branch", "kind", "month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {}
    for row in held:
        counts[(row["branch"], row["kind"], row["month"])] = row["n"]
    rows = []
    for branch in branches:
        row = BranchRow(branch=branch)
        for month in months:
            cells = []
            for kind in MONTHLY:
                count = counts.get((branch.pk, kind, month), 0)
                if kind == Activity.Kind.GROUP_MEETING and not branch.groups and not count:
                    cells.append(Cell(kind, 0, NOT_REQUIRED))
                else:
                    cells.append(Cell(kind, count, _state(count, _month_end(year, month), now)))
            row.months.append(cells)
        for kind in QUARTERLY:
            count = sum(counts.get((branch.pk, kind, month), 0) for month in months)
            row.quarter.append(Cell(kind, count, _state(count, end, now)))
        rows.append(row)
    return rows


def activity_attendance(activities):
    """Activities with expected, present and leave counts and the attendance rate."""
    present = Q(check_ins__status=CheckIn.Status.PRESENT)
    rows = list(
        activities.annotate(
            expected=Coalesce(
                Subquery(
                    Activity.expected_members.through.objects.filter(activity=OuterRef("pk"))
                    .order_by()
                    .values("activity")
                    .annotate(n=Count("pk"))
                    .values("n"),
                    output_field=IntegerField(),
                ),
                Value(0),
            ),
            present=Count("check_ins", filter=present),
            on_leave=Count("check_ins", filter=Q(check_ins__status=CheckIn.Status.LEAVE)),
        )
    )
    for activity in rows:
        activity.rate = round(100 * activity.present / activity.expected) if activity.expected else None
    return rows


def member_attendance(members, start, end):
    """Members with how many activities in [start, end) they were expected at and came to."""
    expected = (
        Activity.expected_members.through.objects.filter(
            member=OuterRef("pk"), activity__starts_at__gte=start, activity__starts_at__lt=end
        )
        .order_by()
        .values("member")
        .annotate(n=Count("pk"))
        .values("n")
    )
    present = (
        CheckIn.objects.filter(
            member=OuterRef("pk"),
            status=CheckIn.Status.PRESENT,
            activity__starts_at__gte=start,
            activity__starts_at__lt=end,
        )
        .order_by()
        .values("member")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = list(
        members.annotate(
            expected=Coalesce(Subquery(expected, output_field=IntegerField()), Value(0)),
            present=Coalesce(Subquery(present, output_field=IntegerField()), Value(0)),
        ).filter(expected__gt=0)
    )
    for member in rows:
        member.rate = round(100 * member.present / member.expected)
    return rows
