"""An export's life: the rows of a list, taken through the list's own view (its queryset, scope and
FilterSet), written now when they are few, else by the task worker (exports/tasks.py).

Both ways run `export_write`, on the list view set up for the user who asked: a replayed request
(`replayed_request`) gives the worker the same view, filters and scope as the page had, so there is
no second path to the rows.
"""

import logging
import tempfile
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.http import HttpRequest, QueryDict
from django.urls import resolve
from django.utils import timezone
from django.utils.translation import gettext as _
from django_htmx.middleware import HtmxDetails

from grids.models import StaffPost

from .models import Export
from .writing import Context, rows_of, write_csv, write_xlsx

log = logging.getLogger(__name__)
Status = Export.Status


QUERY_MAX = 2000  # Export.query's length


class InvalidFilters(Exception):
    """The list's filters do not validate: the list page says why."""


def list_rows(lister):
    """The rows the list view shows (every page of them), or InvalidFilters."""
    filterset = lister.get_filterset()
    if not filterset.is_valid():
        raise InvalidFilters
    return filterset, lister.get_rows(filterset)


def definition_of(lister, register=None):
    """What goes into the file: the register's columns, else the list's own (`export_class`)."""
    if register is None:
        return lister.export_class()
    definition = register.export_class()
    definition.title = register.title
    return definition


def export_start(*, lister, definition, file_format: str) -> tuple[Export, bytes | None]:
    """Record the export and write it now if it has at most EXPORT_INLINE_ROWS rows (then the file's
    bytes are returned), else leave it to the task worker. The record is the log of who took what."""
    request = lister.request
    query = request.GET.urlencode()
    if len(query) > QUERY_MAX:
        raise InvalidFilters  # not recorded whole, it could not be replayed as it was asked
    filterset, rows = list_rows(lister)
    context = Context(user=request.user, full=definition.full_data(request.user))
    few = rows[: settings.EXPORT_INLINE_ROWS + 1].count() <= settings.EXPORT_INLINE_ROWS
    export = Export(
        created_by=request.user,
        title=str(definition.title)[:100],
        path=request.path,
        query=query,
        file_name=file_name(definition, filterset, request.user, file_format),
        full_personal_data=context.full,
    )
    if few:
        with tempfile.TemporaryFile() as file:
            count = _write(definition, rows, context, file, file_format, filterset)
            file.seek(0)
            content = file.read()
        export.status, export.total_rows, export.done_rows = Status.DONE, count, count
        export.finished_at = timezone.now()
        export.save()
        _logged(export)
        return export, content
    with transaction.atomic():
        export.save()
        from .tasks import export_build

        export_build.defer(export_id=export.pk, file_format=file_format)
    return export, None


def export_build(*, export: Export, file_format: str) -> Export:
    """The worker's half: the list replayed for the user who asked, written with progress."""
    lister, definition = _replayed_list(export)
    if not lister.has_permission():
        raise PermissionDenied
    filterset, rows = list_rows(lister)
    context = Context(user=export.created_by, full=definition.full_data(export.created_by))
    export.total_rows = rows.count()  # for the progress bar: counted here, never in a request
    Export.objects.filter(pk=export.pk).update(total_rows=export.total_rows)

    def progress(done):
        Export.objects.filter(pk=export.pk).update(done_rows=done)

    with tempfile.TemporaryFile() as file:
        count = _write(definition, rows, context, file, file_format, filterset, progress=progress)
        file.seek(0)
        # Copied into the storage a block at a time: the file is never held in memory whole.
        export.file.save(f"{uuid.uuid4().hex}.{file_format}", File(file), save=False)
    export.total_rows, export.done_rows = count, count
    export.full_personal_data = context.full
    export.status, export.finished_at = Status.DONE, timezone.now()
    export.save()
    _logged(export)
    return export


def _replayed_list(export: Export):
    """The list view of the export's address, set up for the user who asked, and what it exports."""
    match = resolve(export.path)
    initkwargs = match.func.view_initkwargs
    lister = initkwargs["list_view"]()
    lister.setup(
        replayed_request(export), **{key: value for key, value in match.kwargs.items() if key != "file_format"}
    )
    return lister, definition_of(lister, initkwargs.get("register"))


def may_download(export: Export) -> bool:
    """Whether the person who asked may still have the file: the list's permission now, and the
    full-data permission now if the file holds full personal data (permissions change within the
    week a file is kept)."""
    lister, definition = _replayed_list(export)
    if not lister.has_permission():
        return False
    return not export.full_personal_data or definition.full_data(export.created_by)


def replayed_request(export: Export) -> HttpRequest:
    """A GET of the export's address by the user who asked, as the list view reads it."""
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = export.path
    request.GET = QueryDict(export.query)
    request.user = export.created_by
    request.META.update(SERVER_NAME="localhost", SERVER_PORT="80")
    request.htmx = HtmxDetails(request)
    return request


def _write(definition, rows, context, file, file_format, filterset, *, progress=None) -> int:
    """The rows written into `file` as the format asks; their number."""
    columns = definition.columns(context)
    rows = rows_of(definition.prepare(rows, context), definition.ordering)
    if file_format == "csv":
        return write_csv(columns, rows, context, file=file, progress=progress)
    about = [
        ("导出内容", definition.title),
        ("范围", area_label(filterset, context.user)),
        ("筛选条件", filters_label(filterset) or "无"),
        ("导出人", context.user.get_full_name() or context.user.get_username()),
        ("导出时间", timezone.localtime().strftime("%Y-%m-%d %H:%M")),
        ("个人信息", "完整（已记录）" if context.full else "已脱敏"),
    ]
    return write_xlsx(columns, rows, context, file=file, title=str(definition.title), about=about, progress=progress)


def _logged(export):
    if export.full_personal_data:
        # Who, when, which rows and how many: the export record; this line names it, never its values.
        log.info("export %s with full personal data: %d rows of %s", export.pk, export.total_rows, export.path)


def file_name(definition, filterset, user, file_format) -> str:
    """居民_多福巷社区_2026-12-02.xlsx: what, of which area, when."""
    parts = [str(definition.title), area_label(filterset, user), timezone.localdate().isoformat()]
    name = "_".join("".join(part.replace("/", "-").split()) for part in parts if part)
    return name[:190] + f".{file_format}"


AREA_FILTERS = ("grid", "community", "street", "organisation", "department")


def area_label(filterset, user) -> str:
    """The area the rows come from: the one the filters chose, else the areas of the user's posts."""
    data = getattr(filterset.form, "cleaned_data", {})
    for name in AREA_FILTERS:
        chosen = data.get(name)
        if chosen:
            return str(chosen)
    if user.is_superuser:
        return _("All areas")
    areas = [str(post.area) for post in StaffPost.objects.filter(user=user).select_related(*POST_AREAS)]
    return "、".join(dict.fromkeys(areas))[:60]


POST_AREAS = ("district", "street", "community", "grid__community")


def filters_label(filterset) -> str:
    """The filters as a person reads them: 网格：第一网格；特殊人群：低保."""
    form, parts = filterset.form, []
    for name, value in getattr(form, "cleaned_data", {}).items():
        if value in (None, "", [], ()) or name in ("after", "before", "cursor"):
            continue
        field = form.fields[name]
        if hasattr(field, "choices") and not hasattr(value, "pk"):
            labels = dict(field.choices)
            values = value if isinstance(value, list) else [value]
            shown = "、".join(str(labels.get(v, v)) for v in values)
        else:
            shown = value
        parts.append(f"{field.label}：{shown}")
    return "；".join(parts)
