# A period's requests by date of receipt or of resolution: the community joins the date in the indexes,
# date first (the page, newest first, and a wide scope's count) and community first (the count of a
# few communities), so that the capped count of a period is read from an index alone. Built
# concurrently (3,000,000 requests keep taking changes), the old date-only indexes dropped after.

from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("grids", "0006_english_labels"),
        ("services", "0013_english_labels"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="servicerequest",
            index=models.Index(fields=["received_at", "community"], name="request_received_community"),
        ),
        AddIndexConcurrently(
            model_name="servicerequest",
            index=models.Index(
                condition=models.Q(("resolved_at__isnull", False)),
                fields=["resolved_at", "community"],
                name="request_resolved_community",
            ),
        ),
        AddIndexConcurrently(
            model_name="servicerequest",
            index=models.Index(fields=["community", "received_at"], name="request_community_received"),
        ),
        AddIndexConcurrently(
            model_name="servicerequest",
            index=models.Index(
                condition=models.Q(("resolved_at__isnull", False)),
                fields=["community", "resolved_at"],
                name="request_community_resolved",
            ),
        ),
        RemoveIndexConcurrently(model_name="servicerequest", name="request_received_at"),
        RemoveIndexConcurrently(model_name="servicerequest", name="request_resolved_at"),
    ]
