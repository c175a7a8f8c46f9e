"""dashboards_working_days(a, b): working days after a up to and including b, from the calendar
tables (services_calendarday) with weekends as the default; used to average resolution times."""

from django.db import migrations

SQL = """
CREATE OR REPLACE FUNCTION dashboards_working_days(first date, last date) RETURNS integer AS $$
    SELECT count(*)::integer
    FROM generate_series(first + 1, last, interval '1 day') AS day
    LEFT JOIN services_calendarday c ON c.date = day::date
    WHERE COALESCE(c.is_working_day, extract(isodow FROM day) < 6)
$$ LANGUAGE sql STABLE;
"""


class Migration(migrations.Migration):
    dependencies = [("dashboards", "0002_dirty_month_triggers")]

    operations = [migrations.RunSQL(SQL, "DROP FUNCTION IF EXISTS dashboards_working_days(date, date);")]
