"""Computing the rollups (see dashboards/models.py) with set-based SQL, and keeping them fresh.

`refresh()` recomputes the request months that triggers marked dirty and the register figures of
every grid, under an advisory lock so that two processes never refresh at once. The task worker
runs it every three minutes (dashboards/tasks.py); `ensure_fresh()`, called by the dashboards, runs
it only when no worker does. `manage.py refresh_rollups` refreshes by hand, and
`manage.py rebuild_rollups` recomputes every month.
"""

import datetime
import logging
import threading
import time
from collections import defaultdict

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from common.worker import worker_alive
from residents.models import SENSITIVE_VISIT_KINDS

from . import completeness
from .models import (
    REQUEST_FIELDS,
    AreaMonthStat,
    CommunityMonthStat,
    CommunitySnapshot,
    GridMonthStat,
    GridSnapshot,
    MemberYearPoints,
    PartyMonthStat,
    PartySnapshot,
    RequestMonthStat,
    RollupState,
)

log = logging.getLogger(__name__)

MAX_AGE = datetime.timedelta(minutes=5)
# Refreshing starts a little before the figures reach their stated maximum age.
REFRESH_AFTER = datetime.timedelta(minutes=4)
LOCK = 727_001  # pg advisory lock key of the refresh
MONTHS_PER_QUERY = 6
# Months are months of Beijing time (TIME_ZONE), written into the SQL below as Asia/Shanghai.

REQUEST_MONTHS_SQL = """
WITH r AS (
    SELECT sr.community_id, sr.grid_id, i.category_id, sr.channel, sr.department_id, i.is_dispute,
           sr.received_at, sr.resolved_at, sr.dispatched_at, sr.responded_at, sr.closed_at,
           sr.due_date, sr.satisfaction, sr.dispute_outcome, sr.first_callback_at, sr.first_satisfaction,
           sr.rehandled
    FROM services_servicerequest sr
    JOIN services_serviceitem i ON i.id = sr.item_id
    WHERE sr.received_at >= %(low)s AND sr.received_at < %(high)s
       OR sr.resolved_at >= %(low)s AND sr.resolved_at < %(high)s
       OR sr.closed_at >= %(low)s AND sr.closed_at < %(high)s
       OR sr.dispatched_at >= %(low)s AND sr.dispatched_at < %(high)s
       OR sr.first_callback_at >= %(low)s AND sr.first_callback_at < %(high)s
),
-- Every day from the first receipt to the last resolution with its rank among working days (the
-- calendar tables, weekends by default): working days after a up to b = rank(b) - rank(a).
working AS (
    SELECT day::date AS day,
           count(*) FILTER (WHERE COALESCE(c.is_working_day, extract(isodow FROM day) < 6)) OVER (ORDER BY day) AS rank
    FROM generate_series((SELECT min(received_at AT TIME ZONE 'Asia/Shanghai')::date FROM r),
                         (SELECT max(resolved_at AT TIME ZONE 'Asia/Shanghai')::date FROM r),
                         interval '1 day') AS day
    LEFT JOIN services_calendarday c ON c.date = day::date
),
events AS (
    SELECT date_trunc('month', received_at AT TIME ZONE 'Asia/Shanghai')::date AS month, community_id, grid_id,
           category_id, channel, department_id,
           1 AS received, 0 AS resolved, 0 AS on_time, 0 AS with_limit, 0 AS days, 0 AS dispatched,
           0 AS responded, 0 AS rated, 0 AS satisfied, 0 AS disputes, 0 AS mediated,
           0 AS first_rated, 0 AS first_satisfied, 0 AS rehandled
    FROM r
    UNION ALL
    SELECT date_trunc('month', resolved_at AT TIME ZONE 'Asia/Shanghai')::date, community_id, grid_id, category_id,
           channel, department_id, 0, 1,
           (due_date IS NOT NULL AND (resolved_at AT TIME ZONE 'Asia/Shanghai')::date <= due_date)::int,
           (due_date IS NOT NULL)::int,
           GREATEST(resolved_day.rank - received_day.rank, 0)::int,
           0, 0, 0, 0, is_dispute::int, (dispute_outcome = 'mediated')::int, 0, 0, 0
    FROM r
    JOIN working received_day ON received_day.day = (received_at AT TIME ZONE 'Asia/Shanghai')::date
    JOIN working resolved_day ON resolved_day.day = (resolved_at AT TIME ZONE 'Asia/Shanghai')::date
    WHERE resolved_at IS NOT NULL
    UNION ALL
    SELECT date_trunc('month', dispatched_at AT TIME ZONE 'Asia/Shanghai')::date, community_id, grid_id, category_id,
           channel, department_id, 0, 0, 0, 0, 0, 1, (responded_at IS NOT NULL)::int, 0, 0, 0, 0, 0, 0, 0
    FROM r WHERE dispatched_at IS NOT NULL
    UNION ALL
    SELECT date_trunc('month', closed_at AT TIME ZONE 'Asia/Shanghai')::date, community_id, grid_id, category_id,
           channel, department_id, 0, 0, 0, 0, 0, 0, 0, 1,
           (satisfaction IN ('satisfied', 'fairly_satisfied'))::int, 0, 0, 0, 0, 0
    FROM r WHERE closed_at IS NOT NULL AND satisfaction <> ''
    UNION ALL
    -- The first callback of each request, by its month: the first-time rates, and the re-handlings it caused.
    SELECT date_trunc('month', first_callback_at AT TIME ZONE 'Asia/Shanghai')::date, community_id, grid_id,
           category_id, channel, department_id, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
           (first_satisfaction IN ('satisfied', 'fairly_satisfied'))::int, (rehandled > 0)::int
    FROM r WHERE first_callback_at IS NOT NULL
)
INSERT INTO dashboards_requestmonthstat
    (month, community_id, dimension, key, received, resolved, resolved_on_time, resolved_with_limit,
     resolve_working_days, dispatched, responded, rated, satisfied, disputes_resolved, disputes_mediated,
     first_rated, first_satisfied, rehandled)
SELECT month, community_id,
       CASE WHEN GROUPING(grid_id) = 0 THEN 'grid' WHEN GROUPING(category_id) = 0 THEN 'category'
            WHEN GROUPING(channel) = 0 THEN 'channel' WHEN GROUPING(department_id) = 0 THEN 'department'
            ELSE 'total' END,
       COALESCE(CASE WHEN GROUPING(grid_id) = 0 THEN grid_id::text WHEN GROUPING(category_id) = 0
                     THEN category_id::text WHEN GROUPING(channel) = 0 THEN channel
                     WHEN GROUPING(department_id) = 0 THEN department_id::text END, ''),
       sum(received), sum(resolved), sum(on_time), sum(with_limit), sum(days), sum(dispatched), sum(responded),
       sum(rated), sum(satisfied), sum(disputes), sum(mediated), sum(first_rated), sum(first_satisfied),
       sum(rehandled)
FROM events
WHERE month = ANY(%(months)s)
GROUP BY GROUPING SETS ((month, community_id), (month, community_id, grid_id), (month, community_id, category_id),
                        (month, community_id, channel), (month, community_id, department_id))
"""

FIGURES = ", ".join(REQUEST_FIELDS)
SUMS = ", ".join(f"sum(s.{name})" for name in REQUEST_FIELDS)

AREA_MONTHS_SQL = f"""
INSERT INTO dashboards_areamonthstat (month, level, area_id, dimension, key, {FIGURES})
SELECT s.month, 'street', c.street_id, s.dimension, s.key, {SUMS}
FROM dashboards_requestmonthstat s JOIN grids_community c ON c.id = s.community_id
WHERE s.month = ANY(%(months)s) AND s.dimension <> 'grid'
GROUP BY s.month, c.street_id, s.dimension, s.key
UNION ALL
SELECT s.month, 'district', st.district_id, s.dimension, s.key, {SUMS}
FROM dashboards_requestmonthstat s JOIN grids_community c ON c.id = s.community_id
JOIN grids_street st ON st.id = c.street_id
WHERE s.month = ANY(%(months)s) AND s.dimension <> 'grid'
GROUP BY s.month, st.district_id, s.dimension, s.key
"""  # noqa: S608 - constant column lists

GRID_SNAPSHOT_SQL = """
INSERT INTO dashboards_gridsnapshot (grid_id, residents, households, households_visited_90d, by_residence_type, by_tag)
SELECT g.id,
       COALESCE(people.total, 0), COALESCE(homes.total, 0), COALESCE(visited.total, 0),
       COALESCE(people.by_type, '{}'::jsonb), COALESCE(tags.by_tag, '{}'::jsonb)
FROM grids_grid g
LEFT JOIN (
    SELECT grid_id, sum(n)::int AS total, jsonb_object_agg(residence_type, n) AS by_type FROM (
        SELECT r.grid_id, r.residence_type, count(*) AS n
        FROM residents_resident r WHERE r.status = 'active' GROUP BY r.grid_id, r.residence_type
    ) t GROUP BY grid_id
) people ON people.grid_id = g.id
LEFT JOIN (
    SELECT d.grid_id, count(*)::int AS total
    FROM residents_household h JOIN grids_dwelling d ON d.id = h.dwelling_id GROUP BY d.grid_id
) homes ON homes.grid_id = g.id
LEFT JOIN (
    SELECT grid_id, count(DISTINCT household_id)::int AS total FROM residents_visit
    WHERE household_id IS NOT NULL AND visited_on >= %(since)s GROUP BY grid_id
) visited ON visited.grid_id = g.id
LEFT JOIN (
    SELECT grid_id, jsonb_object_agg(kind, n) AS by_tag FROM (
        SELECT r.grid_id, t.kind, count(*) AS n
        FROM residents_residenttag t JOIN residents_resident r ON r.id = t.resident_id
        WHERE t.until IS NULL AND r.status = 'active' GROUP BY r.grid_id, t.kind
    ) t GROUP BY grid_id
) tags ON tags.grid_id = g.id
"""

GRID_MONTHS_SQL = """
INSERT INTO dashboards_gridmonthstat (month, grid_id, moved_in, moved_out, visits, sensitive_visits, records_updated)
SELECT month, grid_id, sum(moved_in), sum(moved_out), sum(visits), sum(sensitive_visits), sum(updated) FROM (
    SELECT date_trunc('month', r.moved_in_on)::date AS month, r.grid_id, count(*) AS moved_in, 0 AS moved_out,
           0 AS visits, 0 AS sensitive_visits, 0 AS updated
    FROM residents_resident r WHERE r.moved_in_on IS NOT NULL GROUP BY 1, 2
    UNION ALL
    SELECT date_trunc('month', r.status_changed_on)::date, r.grid_id, 0, count(*), 0, 0, 0
    FROM residents_resident r WHERE r.status = 'moved_out' GROUP BY 1, 2
    UNION ALL
    SELECT date_trunc('month', visited_on)::date, grid_id, 0, 0,
           count(*) FILTER (WHERE kind <> ALL(%(sensitive)s)), count(*) FILTER (WHERE kind = ANY(%(sensitive)s)), 0
    FROM residents_visit GROUP BY 1, 2
    UNION ALL
    SELECT date_trunc('month', e.pgh_created_at AT TIME ZONE 'Asia/Shanghai')::date, d.grid_id, 0, 0, 0, 0,
           count(DISTINCT e.pgh_obj_id)
    FROM residents_residentevent e JOIN grids_dwelling d ON d.id = e.dwelling_id
    WHERE e.pgh_label = 'update' GROUP BY 1, 2
) parts GROUP BY month, grid_id
"""


COMMUNITY_SQL = """
INSERT INTO dashboards_communitymonthstat
    (month, community_id, moved_in, moved_out, visits, sensitive_visits, records_updated)
SELECT s.month, g.community_id, sum(s.moved_in), sum(s.moved_out), sum(s.visits), sum(s.sensitive_visits),
       sum(s.records_updated)
FROM dashboards_gridmonthstat s JOIN grids_grid g ON g.id = s.grid_id
GROUP BY s.month, g.community_id;

INSERT INTO dashboards_communitysnapshot
    (community_id, residents, households, households_visited_90d, by_residence_type, by_tag)
SELECT g.community_id, sum(s.residents), sum(s.households), sum(s.households_visited_90d),
       COALESCE((SELECT jsonb_object_agg(key, n) FROM (
           SELECT e.key, sum(e.value::int) AS n
           FROM dashboards_gridsnapshot s2 JOIN grids_grid g2 ON g2.id = s2.grid_id,
                jsonb_each_text(s2.by_residence_type) AS e
           WHERE g2.community_id = g.community_id GROUP BY e.key) AS t), '{}'::jsonb),
       COALESCE((SELECT jsonb_object_agg(key, n) FROM (
           SELECT e.key, sum(e.value::int) AS n
           FROM dashboards_gridsnapshot s2 JOIN grids_grid g2 ON g2.id = s2.grid_id, jsonb_each_text(s2.by_tag) AS e
           WHERE g2.community_id = g.community_id GROUP BY e.key) AS t), '{}'::jsonb)
FROM dashboards_gridsnapshot s JOIN grids_grid g ON g.id = s.grid_id
GROUP BY g.community_id;
"""

PARTY_MONTHS_SQL = """
INSERT INTO dashboards_partymonthstat
    (month, community_id, kind, activities, expected, present, on_leave, volunteer_hours)
SELECT date_trunc('month', a.starts_at AT TIME ZONE 'Asia/Shanghai')::date, o.community_id, a.kind, count(*),
       COALESCE(sum(e.n), 0), COALESCE(sum(c.present), 0), COALESCE(sum(c.on_leave), 0), COALESCE(sum(c.hours), 0)
FROM partybuilding_activity a
JOIN partybuilding_organisation o ON o.id = a.organisation_id
LEFT JOIN (
    SELECT activity_id, count(*) AS n FROM partybuilding_activity_expected_members GROUP BY activity_id
) e ON e.activity_id = a.id
LEFT JOIN (
    SELECT activity_id, count(*) FILTER (WHERE status = 'present') AS present,
           count(*) FILTER (WHERE status = 'leave') AS on_leave,
           sum(hours) FILTER (WHERE hours_confirmed_at IS NOT NULL) AS hours
    FROM partybuilding_checkin GROUP BY activity_id
) c ON c.activity_id = a.id
GROUP BY 1, 2, 3
"""

MEMBER_POINTS_SQL = """
INSERT INTO dashboards_memberyearpoints (year, member_id, community_id, points)
SELECT extract(year FROM p.on)::int, p.member_id, o.community_id, sum(p.points)
FROM partybuilding_pointsentry p
JOIN partybuilding_member m ON m.id = p.member_id
JOIN partybuilding_organisation o ON o.id = m.organisation_id
GROUP BY 1, 2, 3
"""


def recompute_request_months(months) -> None:
    months = sorted(set(months))
    if not months:
        return
    with transaction.atomic(), connection.cursor() as cursor:
        # Sorting and hashing millions of events for five groupings: in memory, not in temporary files.
        cursor.execute("SET LOCAL work_mem = '256MB'")
        RequestMonthStat.objects.filter(month__in=months).delete()
        # A few months per query: the events of each batch are sorted and grouped in memory.
        for start in range(0, len(months), MONTHS_PER_QUERY):
            batch = months[start : start + MONTHS_PER_QUERY]
            low = timezone.make_aware(datetime.datetime.combine(batch[0], datetime.time()))
            high = timezone.make_aware(datetime.datetime.combine(_next_month(batch[-1]), datetime.time()))
            cursor.execute(REQUEST_MONTHS_SQL, {"months": batch, "low": low, "high": high})
        AreaMonthStat.objects.filter(month__in=months).delete()
        cursor.execute(AREA_MONTHS_SQL, {"months": months})


def _next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def recompute_register() -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL work_mem = '256MB'")
        GridSnapshot.objects.all().delete()
        cursor.execute(GRID_SNAPSHOT_SQL, {"since": timezone.localdate() - datetime.timedelta(days=90)})
        GridMonthStat.objects.all().delete()
        cursor.execute(GRID_MONTHS_SQL, {"sensitive": [str(kind) for kind in SENSITIVE_VISIT_KINDS]})
        _grid_completeness()
        CommunityMonthStat.objects.all().delete()
        CommunitySnapshot.objects.all().delete()
        cursor.execute(COMMUNITY_SQL)
        _community_completeness()
        PartyMonthStat.objects.all().delete()
        cursor.execute(PARTY_MONTHS_SQL)
        MemberYearPoints.objects.all().delete()
        cursor.execute(MEMBER_POINTS_SQL)
        recompute_party_snapshots()


def recompute_party_snapshots() -> None:
    """Members by category and 三会一课 compliance of the current quarter, per community."""
    from partybuilding.compliance import branch_compliance
    from partybuilding.models import Member, Organisation

    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    members = defaultdict(dict)
    active = Member.objects.filter(status=Member.Status.ACTIVE, organisation__community__isnull=False)
    for community, category, count in (
        active.values_list("organisation__community", "category").annotate(n=Count("pk")).order_by()
    ):
        members[community][category] = count
    branches = defaultdict(lambda: [0, 0])
    rows = branch_compliance(
        Organisation.objects.filter(kind=Organisation.Kind.BRANCH, community__isnull=False), today.year, quarter
    )
    for row in rows:
        counts = branches[row.branch.community_id]
        counts[0] += 1
        counts[1] += row.all_met
    PartySnapshot.objects.all().delete()
    PartySnapshot.objects.bulk_create(
        PartySnapshot(
            community_id=community,
            members_by_category=members.get(community, {}),
            quarter=f"{today.year} Q{quarter}",
            branches=branches[community][0],
            branches_compliant=branches[community][1],
        )
        for community in sorted(set(members) | set(branches))
    )


def request_months() -> list[datetime.date]:
    """Every month that has a request event."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT date_trunc('month', received_at AT TIME ZONE 'Asia/Shanghai')::date "
            "FROM services_servicerequest"
        )
        months = {row[0] for row in cursor.fetchall()}
    # Months of later events (resolved, closed) lie within a few months after the last receipt.
    if months:
        last = max(months)
        for _ in range(3):
            last = (last.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
            months.add(last)
    return sorted(months)


def refresh(*, force: bool = False, everything: bool = False) -> bool:
    """Bring the rollups up to date; False if another process is at it or they are fresh enough."""
    started = time.monotonic()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [LOCK])
        if not cursor.fetchone()[0]:
            return False
        state, _created = RollupState.objects.select_for_update().get_or_create(pk=1)
        now = timezone.now()
        if not force and state.refreshed_at and now - state.refreshed_at < REFRESH_AFTER:
            return False
        cursor.execute("DELETE FROM dashboards_dirtymonth RETURNING month")
        months = {row[0] for row in cursor.fetchall()}
        if everything:
            RequestMonthStat.objects.all().delete()
            AreaMonthStat.objects.all().delete()
            months |= set(request_months())
        recompute_request_months(months)
        recompute_register()
        state.refreshed_at = now
        state.save(update_fields=["refreshed_at"])
    log.info("dashboard rollups refreshed in %.1f s (%d request months)", time.monotonic() - started, len(months))
    return True


def refreshed_at():
    state = RollupState.objects.filter(pk=1).values_list("refreshed_at", flat=True).first()
    return state


_running = threading.Lock()


def ensure_fresh(*, background: bool = True):
    """Make sure the figures are kept fresh; return when they date from.

    The task worker refreshes them every three minutes (dashboards/tasks.py): while it runs, readers
    leave the work to it. Without a worker (a development server started alone, a worker that
    died) a reader whose figures are getting old starts a refresh in a background thread of the
    web process, so that none waits for it; the very first time (no figures yet) it runs at once.
    """
    at = refreshed_at()
    if worker_alive() or (at is not None and timezone.now() - at < REFRESH_AFTER):
        return at
    if at is None or not background:
        refresh()
        return refreshed_at()
    if _running.acquire(blocking=False):
        threading.Thread(target=_refresh_in_background, daemon=True).start()
    return at


def _refresh_in_background():
    try:
        refresh()
    except Exception:
        log.exception("refreshing the dashboard rollups failed")
    finally:
        connection.close()
        _running.release()


def rebuild() -> None:
    refresh(force=True, everything=True)


def _grid_completeness() -> None:
    """数据完整度 of each grid onto its snapshot (dashboards/completeness.py)."""
    counts = completeness.count_by_grid()
    snapshots = list(GridSnapshot.objects.only("grid_id"))
    for snapshot in snapshots:
        snapshot.completeness = counts.get(snapshot.grid_id, completeness.summed([]))
    GridSnapshot.objects.bulk_update(snapshots, ["completeness"], batch_size=1000)


def _community_completeness() -> None:
    by_community = defaultdict(list)
    for community_id, value in GridSnapshot.objects.values_list("grid__community_id", "completeness"):
        by_community[community_id].append(value)
    snapshots = list(CommunitySnapshot.objects.only("community_id"))
    for snapshot in snapshots:
        snapshot.completeness = completeness.summed(by_community.get(snapshot.community_id, []))
    CommunitySnapshot.objects.bulk_update(snapshots, ["completeness"], batch_size=1000)
