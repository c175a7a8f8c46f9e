"""Triggers that mark the months a change to service requests touches, so that the monthly
rollups of exactly those months are recomputed. Statement-level with transition tables: a bulk
UPDATE of a million rows writes a handful of month rows, not a million."""

from django.db import migrations

MONTHS = """
    SELECT date_trunc('month', ts AT TIME ZONE 'Asia/Shanghai')::date FROM (
        SELECT received_at AS ts FROM {table}
        UNION ALL SELECT resolved_at FROM {table}
        UNION ALL SELECT closed_at FROM {table}
        UNION ALL SELECT dispatched_at FROM {table}
        UNION ALL SELECT responded_at FROM {table}
    ) AS moments WHERE ts IS NOT NULL
"""

FUNCTION = """
CREATE OR REPLACE FUNCTION dashboards_mark_months_{event}() RETURNS trigger AS $$
BEGIN
    INSERT INTO dashboards_dirtymonth (month)
    SELECT DISTINCT m FROM ({months}) AS touched(m)
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER dashboards_mark_months_{event}
    AFTER {event} ON services_servicerequest
    REFERENCING {tables}
    FOR EACH STATEMENT EXECUTE FUNCTION dashboards_mark_months_{event}();
"""

SQL = "".join(
    FUNCTION.format(event=event, tables=tables, months=months)
    for event, tables, months in [
        ("insert", "NEW TABLE AS new_rows", MONTHS.format(table="new_rows")),
        ("update", "OLD TABLE AS old_rows NEW TABLE AS new_rows",
         MONTHS.format(table="new_rows") + " UNION " + MONTHS.format(table="old_rows")),
        ("delete", "OLD TABLE AS old_rows", MONTHS.format(table="old_rows")),
    ]
)

REVERSE = "".join(
    f"DROP TRIGGER IF EXISTS dashboards_mark_months_{event} ON services_servicerequest;"
    f"DROP FUNCTION IF EXISTS dashboards_mark_months_{event}();"
    for event in ("insert", "update", "delete")
)


class Migration(migrations.Migration):
    dependencies = [("dashboards", "0001_initial"), ("services", "0003_catalogue")]

    operations = [migrations.RunSQL(SQL, REVERSE)]
