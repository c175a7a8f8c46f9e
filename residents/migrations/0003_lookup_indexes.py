# Indexes for the window's lookups by name or pinyin initials within a community. Built concurrently:
# a register of a million residents keeps taking changes while they are made.

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("grids", "0003_role_department_liaison"),
        ("residents", "0002_resident_area"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="resident",
            index=models.Index(
                condition=models.Q(("status", "active")),
                fields=["community", "name"],
                name="resident_community_name",
                opclasses=["int8_ops", "varchar_pattern_ops"],
            ),
        ),
        AddIndexConcurrently(
            model_name="resident",
            index=models.Index(
                condition=models.Q(("status", "active")),
                fields=["community", "name_initials"],
                name="resident_community_initials",
                opclasses=["int8_ops", "varchar_pattern_ops"],
            ),
        ),
    ]
