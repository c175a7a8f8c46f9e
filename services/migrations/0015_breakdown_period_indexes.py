# The lists behind the dashboards' breakdowns (a category's, a channel's requests of a period) are
# counted from these indexes alone instead of a scan of every request. Built concurrently.

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("services", "0014_period_indexes"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="servicerequest",
            index=models.Index(fields=["item", "received_at"], include=["community"], name="request_item_received"),
        ),
        AddIndexConcurrently(
            model_name="servicerequest",
            index=models.Index(
                fields=["channel", "received_at"], include=["community"], name="request_channel_received"
            ),
        ),
    ]
