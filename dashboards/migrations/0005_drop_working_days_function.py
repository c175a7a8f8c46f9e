"""The rollups count working days with a ranked calendar inside their own query (dashboards/rollups.py),
a join instead of one generate_series per resolved request: the function of 0003 is not used any more."""

import importlib

from django.db import migrations

CREATE = importlib.import_module("dashboards.migrations.0003_working_days_function").SQL


class Migration(migrations.Migration):
    dependencies = [("dashboards", "0004_party_rollups")]

    operations = [migrations.RunSQL("DROP FUNCTION IF EXISTS dashboards_working_days(date, date);", CREATE)]
