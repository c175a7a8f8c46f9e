"""Checks and imports of files too large for a request (more than IMPORT_INLINE_ROWS rows), and the
clearing of old uploaded files."""

import datetime

from django.utils import timezone
from procrastinate.contrib.django import app

from . import actions
from .models import ImportBatch


@app.task(queue="imports")
def import_check(batch_id: int) -> str:
    batch = ImportBatch.objects.select_related("created_by").get(pk=batch_id)
    with actions.failure_recorded(batch):
        return actions.batch_check(batch=batch).status


@app.task(queue="imports")
def import_apply(batch_id: int) -> str:
    batch = ImportBatch.objects.select_related("created_by").get(pk=batch_id)
    with actions.failure_recorded(batch):
        return actions.batch_apply(batch=batch).status


# The uploaded file of a finished import is kept this long, for its error report.
FILES_KEPT = datetime.timedelta(days=30)


@app.periodic(cron="7 20 * * *")  # 04:07 in Beijing
@app.task(queueing_lock="import_files_clear")
def import_files_clear(timestamp: int) -> int:
    """Forget the uploaded files of imports finished more than 30 days ago (their record stays)."""
    return ImportBatch.objects.filter(finished_at__lt=timezone.now() - FILES_KEPT, content__isnull=False).update(
        content=None
    )
