"""An import's life: upload (the file checked as a whole), check (the dry run), confirm (all or nothing).

Small files are checked and imported in the request; larger ones in the task worker (imports/tasks.py),
while the page shows the progress. Either way the same functions run.
"""

import contextlib
import logging

import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from common.actions import StaleEdit

from .kinds import Conflict, kinds
from .models import ImportBatch
from .reading import check_size, read_table

log = logging.getLogger(__name__)
Status = ImportBatch.Status


def batch_upload(*, user, kind, upload) -> ImportBatch:
    """Record the uploaded file and check it (now if small, else in the worker). File-level problems
    (size, type, encoding, header row) raise ImportFileError before anything is recorded."""
    check_size(upload.size)  # before a byte is parsed
    content = upload.read()
    rows, ignored = kind.rows(read_table(content, upload.name))
    digest = ImportBatch.digest(content)
    pending = ImportBatch.objects.filter(
        created_by=user, kind=kind.key, file_sha256=digest, status__in=[Status.CHECKING, Status.CHECKED]
    ).first()
    if pending is not None:
        return pending  # the same file uploaded twice: its first upload
    try:
        with transaction.atomic():
            batch = ImportBatch.objects.create(
                kind=kind.key, created_by=user, file_name=upload.name[:200], file_sha256=digest, content=content,
                total_rows=len(rows), ignored_columns=ignored,
            )  # fmt: skip
            if len(rows) > settings.IMPORT_INLINE_ROWS:
                from .tasks import import_check

                import_check.defer(batch_id=batch.pk)
    except IntegrityError:
        return ImportBatch.objects.get(created_by=user, kind=kind.key, file_sha256=digest, status=Status.CHECKING)
    if len(rows) <= settings.IMPORT_INLINE_ROWS:
        with failure_recorded(batch):
            batch_check(batch=batch)
    return batch


def batch_check(*, batch: ImportBatch) -> ImportBatch:
    """The dry run: what each row would do and every error, stored on the batch; nothing else is written."""
    kind = kinds()[batch.kind]
    rows, _ignored = kind.rows(read_table(bytes(batch.content), batch.file_name))

    def progress(done):
        ImportBatch.objects.filter(pk=batch.pk).update(done_rows=done)

    with translation.override(settings.LANGUAGE_CODE):
        plan = kind.check(rows, user=batch.created_by, progress=progress)
        batch.errors = [[error.row, error.column, str(error.message)] for error in plan.errors]
    batch.counts = plan.counts()
    batch.changes = [list(change) for change in plan.changes[: settings.IMPORT_CHANGES_SHOWN]]
    batch.done_rows = batch.total_rows
    batch.status = Status.INVALID if plan.errors else Status.CHECKED
    if plan.errors:
        batch.finished_at = timezone.now()  # the file stays, for the error report (imports.tasks clears it)
    batch.version += 1
    batch.save()
    return batch


def batch_confirm(*, user, batch: ImportBatch, version: int) -> ImportBatch:
    """Start the import of a checked file; refused unless it is checked, error-free and unchanged since."""
    with transaction.atomic():
        current = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if current.version != version:
            raise StaleEdit(current)
        if current.status != Status.CHECKED or current.errors:
            raise ValidationError(_("Only a checked file without errors can be imported."))
        current.status = Status.APPLYING
        current.done_rows = 0
        current.version += 1
        current.save(update_fields=["status", "done_rows", "version"])
        if current.total_rows > settings.IMPORT_INLINE_ROWS:
            from .tasks import import_apply

            import_apply.defer(batch_id=current.pk)
    if current.total_rows <= settings.IMPORT_INLINE_ROWS:
        with failure_recorded(current):
            batch_apply(batch=current)
    return current


def batch_apply(*, batch: ImportBatch) -> ImportBatch:
    """Write every row in one transaction, checking each again against the data as it is now. If any
    row no longer holds (someone registered one of the ID numbers meanwhile, a dwelling left the
    user's area), nothing is written and the batch says which rows."""
    kind = kinds()[batch.kind]
    rows, _ignored = kind.rows(read_table(bytes(batch.content), batch.file_name))
    try:
        with (
            progress_outside(batch) as progress,
            translation.override(settings.LANGUAGE_CODE),
            transaction.atomic(),
            pghistory.context(user=batch.created_by_id, import_batch=batch.pk),
        ):
            plan = kind.apply(rows, user=batch.created_by, progress=progress)
    except (Conflict, ValidationError) as refusal:
        errors = refusal.errors if isinstance(refusal, Conflict) else []
        batch.errors = [[error.row, error.column, str(error.message)] for error in errors]
        batch.message = "" if errors else " ".join(refusal.messages)[:500]
        batch.status = Status.REFUSED
        log.info("import %s refused: %d rows changed since the check", batch.pk, len(errors))
    else:
        batch.counts = plan.counts()
        batch.status = Status.DONE
        batch.content = None
    batch.finished_at = timezone.now()
    batch.done_rows = batch.total_rows
    batch.version += 1
    batch.save()
    return batch


@contextlib.contextmanager
def progress_outside(batch: ImportBatch):
    """A `progress(rows done)` for work inside the import's transaction. It writes through a database
    connection of its own, so that the page polling the batch sees the count before the transaction
    commits (or, if the import is refused, at all). The ORM offers no second connection to the same
    database without a second alias in settings, hence the one statement in SQL."""
    connection = connections.create_connection(DEFAULT_DB_ALIAS)
    statement = "UPDATE imports_importbatch SET done_rows = %s WHERE id = %s"
    try:
        with connection.cursor() as cursor:
            yield lambda done: cursor.execute(statement, [done, batch.pk])
    finally:
        connection.close()


@contextlib.contextmanager
def failure_recorded(batch: ImportBatch):
    """A check or import that fails for a reason of the portal's own (a bug, the database gone) is
    marked failed, so that its page does not say "being checked" for ever; the error is raised on."""
    try:
        yield
    except Exception:
        log.exception("import %s failed", batch.pk)
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=Status.FAILED, content=None, finished_at=timezone.now(),
            message=_("The import failed on the portal's side; nothing was written. Tell your IT support."),
        )  # fmt: skip
        raise
