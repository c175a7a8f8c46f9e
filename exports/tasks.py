"""Exports too long for a request, and the clearing of their files."""

import datetime
import logging

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from procrastinate.contrib.django import app

from common.replicas import replica_reads

from . import actions
from .models import Export

log = logging.getLogger(__name__)
# The file of a built export is kept this long for the person who asked (the record stays).
FILES_KEPT = datetime.timedelta(days=7)


@app.task(queue="exports")
def export_build(export_id: int, file_format: str) -> int:
    export = Export.objects.select_related("created_by").get(pk=export_id)
    try:
        with replica_reads():  # the rows of the file, from a replica when there is one
            return actions.export_build(export=export, file_format=file_format).total_rows
    except Exception:
        log.exception("export %s failed", export_id)
        with translation.override(settings.LANGUAGE_CODE):
            message = _("The export failed and made no file. Try again later, or tell your IT support.")
        Export.objects.filter(pk=export_id).update(
            status=Export.Status.FAILED, finished_at=timezone.now(), message=message
        )
        raise


@app.periodic(cron="17 20 * * *")  # 04:17 in Beijing
@app.task(queueing_lock="export_files_clear")
def export_files_clear(timestamp: int) -> int:
    """Delete the files of exports built more than a week ago (the records stay: who took what)."""
    cleared = 0
    for export in Export.objects.filter(finished_at__lt=timezone.now() - FILES_KEPT).exclude(file=""):
        export.file.delete(save=True)
        cleared += 1
    return cleared
