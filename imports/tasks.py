"""Checks and imports of files too large for a request (more than IMPORT_INLINE_ROWS rows)."""

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
