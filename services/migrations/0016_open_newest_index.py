# A district's open or overdue requests, newest first, walked through the open ones alone. Built
# concurrently.

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("services", "0015_breakdown_period_indexes"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="servicerequest",
            index=models.Index(
                condition=models.Q(("status__in", ["received", "dispatched", "in_progress", "returned"])),
                fields=["-id"],
                name="request_open_newest",
            ),
        ),
    ]
