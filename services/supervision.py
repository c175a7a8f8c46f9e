"""督办: which open requests are due soon or overdue, kept in the Supervision table.

`mark()` recomputes the table in two set-based statements (the task worker runs it every ten minutes,
services/tasks.py): requests that are done or no longer due soon leave it, the others enter it or
change level. A request is due at the end of its due day, or at the hotline's own handling deadline;
"due soon" means due by the end of tomorrow, as the request queue's filter counts it.
"""

import datetime

from django.db import connection, transaction
from django.utils import timezone

from .choices import OPEN_STATUSES

DUE = """
WITH due AS (
    SELECT id, community_id, department_id, channel,
           COALESCE(handling_deadline, ((due_date + 1)::timestamp AT TIME ZONE %(zone)s)) AS due_at
    FROM services_servicerequest
    WHERE status = ANY(%(open)s) AND due_date <= %(soon_day)s
)
"""

LEAVE = (
    DUE  # noqa: S608 - constant SQL, values passed as parameters
    + """
DELETE FROM services_supervision s
WHERE NOT EXISTS (SELECT 1 FROM due WHERE due.id = s.request_id AND due.due_at <= %(soon_at)s)
"""
)

ENTER = (
    DUE
    + """
INSERT INTO services_supervision (request_id, community_id, department_id, channel, level, due_at, marked_at)
SELECT id, community_id, department_id, channel, CASE WHEN due_at <= %(now)s THEN 'overdue' ELSE 'due_soon' END,
       due_at, %(now)s
FROM due WHERE due_at <= %(soon_at)s
ON CONFLICT (request_id) DO UPDATE
    SET level = EXCLUDED.level, due_at = EXCLUDED.due_at, department_id = EXCLUDED.department_id,
        channel = EXCLUDED.channel,
        marked_at = CASE WHEN services_supervision.level = EXCLUDED.level THEN services_supervision.marked_at
                         ELSE EXCLUDED.marked_at END
    WHERE services_supervision.level <> EXCLUDED.level OR services_supervision.due_at <> EXCLUDED.due_at
       OR services_supervision.department_id IS DISTINCT FROM EXCLUDED.department_id
       OR services_supervision.channel <> EXCLUDED.channel
"""
)


def mark(now: datetime.datetime | None = None) -> dict[str, int]:
    """Bring the 督办 table up to date; how many rows left it and how many entered or changed level."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    soon_day = today + datetime.timedelta(days=1)
    # The end of tomorrow, in local time: due before it is due soon.
    soon_at = timezone.make_aware(datetime.datetime.combine(soon_day + datetime.timedelta(days=1), datetime.time()))
    params = {
        "zone": str(timezone.get_current_timezone()),
        "open": sorted(OPEN_STATUSES),
        "soon_day": soon_day,
        "soon_at": soon_at,
        "now": now,
    }
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(LEAVE, params)
        left = cursor.rowcount
        cursor.execute(ENTER, params)
        entered = cursor.rowcount
    return {"left": left, "entered": entered}
