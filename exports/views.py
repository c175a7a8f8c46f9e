"""`<list>/export.xlsx` and `export.csv` for every list, and the pages of an export built in the background."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, View

from . import actions
from .models import Export

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def attachment(content: bytes, file_name: str, file_format: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = _content_disposition(file_name)
    response["Cache-Control"] = "no-store"
    return response


def _content_disposition(file_name: str) -> str:
    from urllib.parse import quote

    # RFC 6266: an ASCII fallback, and the Chinese name for every browser of the last decade.
    fallback = "".join(c if c.isascii() and c not in '"\\' else "_" for c in file_name)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(file_name)}"


class ListExportView(View):
    """The rows a list shows, with its filters, in the user's scope, as a file.

        path("export.<str:file_format>", ListExportView.as_view(list_view=ResidentListView), name="resident-export")

    The list view is set up on this request and asked for its rows (`get_filterset`, `get_rows`), so
    an export holds exactly what the list would page through. What goes into each column is the list's
    `export_class` (an exports.writing.ListExport)."""

    list_view = None

    def get(self, request, *args, file_format, **kwargs):
        if file_format not in CONTENT_TYPES:
            raise Http404
        lister = self.list_view()
        lister.setup(request, *args, **kwargs)
        if not lister.has_permission():
            return lister.handle_no_permission()
        back = request.path.rsplit("/", 1)[0] + "/" + (f"?{request.GET.urlencode()}" if request.GET else "")
        try:
            export, content = actions.export_start(lister=lister, file_format=file_format)
        except actions.InvalidFilters:
            messages.error(request, _("Correct the filters before exporting."))
            return redirect(back)
        if content is not None:
            return attachment(content, export.file_name, file_format)
        messages.info(request, _("The list is long: the file is being built. It stays here for you to download."))
        return redirect(export)


class ExportListView(LoginRequiredMixin, ListView):
    template_name = "exports/export_list.html"
    paginate_by = None

    def get_queryset(self):
        return Export.objects.filter(created_by=self.request.user).defer("content")[:30]


class ExportDetailView(LoginRequiredMixin, DetailView):
    """An export being built (htmx polls the fragment for its progress), then its download link."""

    template_name = "exports/export_detail.html"
    context_object_name = "export"

    def get_queryset(self):
        return Export.objects.filter(created_by=self.request.user).defer("content")

    def get_template_names(self):
        return ["exports/_export_status.html" if self.request.htmx else self.template_name]


class ExportDownloadView(LoginRequiredMixin, View):
    def get(self, request, pk):
        export = get_object_or_404(Export.objects.downloadable_by(request.user), pk=pk)
        return attachment(bytes(export.content), export.file_name, export.file_name.rsplit(".", 1)[-1])
