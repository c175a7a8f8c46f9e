"""`<list>/export.xlsx` and `export.csv` for every list, and the pages of an export built in the background."""

import io
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView, View

from residents.filters import FULL_ID
from residents.identity import normalize_id_number

from . import actions
from .forms import RegisterForm
from .models import Export

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def attachment(file, file_name: str, file_format: str) -> FileResponse:
    """A file to save (bytes or an open file), under its Chinese name (RFC 6266's filename*), never cached."""
    response = FileResponse(
        io.BytesIO(file) if isinstance(file, bytes) else file,
        as_attachment=True,
        filename=file_name,
        content_type=CONTENT_TYPES[file_format],
    )
    response["Cache-Control"] = "no-store"
    return response


class ListExportView(View):
    """The rows a list shows, with its filters, in the user's scope, as a file.

        export_path("", ResidentListView, name="resident-export")  # /residents/export.xlsx

    The list view is set up on this request and asked for its rows (`get_filterset`, `get_rows`), so
    an export holds exactly what the list would page through. What goes into each column is the list's
    `export_class` (an exports.writing.ListExport)."""

    list_view = None
    # A register (exports.registers.Register) of the list: its own columns and the filters it presets.
    register = None

    def get(self, request, *args, file_format, **kwargs):
        if file_format not in CONTENT_TYPES:
            raise Http404
        if FULL_ID.match(normalize_id_number(request.GET.get("q", ""))):
            # Never recorded with the export, nor kept in an address: the list searches it by POST.
            params = request.GET.copy()
            del params["q"]
            messages.warning(request, _("A full ID number is searched with the ID-number box, not exported."))
            return redirect(request.path.rsplit("/", 1)[0] + "/" + (f"?{params.urlencode()}" if params else ""))
        back = request.path.rsplit("/", 1)[0] + "/" + (f"?{request.GET.urlencode()}" if request.GET else "")
        if self.register is not None:
            request.GET = self.register.preset_on(request.GET)
            back = reverse("exports:registers")
        lister = self.list_view()
        lister.setup(request, *args, **kwargs)
        if not lister.has_permission():
            return lister.handle_no_permission()
        try:
            export, content = actions.export_start(
                lister=lister, definition=actions.definition_of(lister, self.register), file_format=file_format
            )
        except actions.InvalidFilters:
            messages.error(request, _("Correct the filters before exporting."))
            return redirect(back)
        if content is not None:
            return attachment(content, export.file_name, file_format)
        messages.info(request, _("The list is long: the file is being built. It stays here for you to download."))
        return redirect(export)


def export_path(route: str, list_view, name: str, register=None):
    """The export of a list at its address plus export.xlsx / export.csv:

    export_path("households/", views.HouseholdListView, name="household-export")"""
    view = ListExportView.as_view(list_view=list_view, register=register)
    return path(f"{route}export.<str:file_format>", view, name=name)


def register_paths(list_view, registers):
    """The registers built on one list, at registers/<slug>/export.xlsx under the app."""
    return [
        export_path(f"registers/{register.slug}/", list_view, name=f"register-{register.slug}", register=register)
        for register in registers
    ]


class ExportListView(LoginRequiredMixin, ListView):
    template_name = "exports/export_list.html"
    paginate_by = None

    def get_queryset(self):
        return Export.objects.filter(created_by=self.request.user)[:30]


class ExportDetailView(LoginRequiredMixin, DetailView):
    """An export being built (htmx polls the fragment for its progress), then its download link."""

    model = Export
    template_name = "exports/export_detail.html"
    context_object_name = "export"

    def get_queryset(self):
        return Export.objects.filter(created_by=self.request.user)

    def get_template_names(self):
        return ["exports/_export_status.html" if self.request.htmx else self.template_name]


class ExportDownloadView(LoginRequiredMixin, View):
    def get(self, request, pk):
        export = get_object_or_404(Export.objects.downloadable_by(request.user).select_related("created_by"), pk=pk)
        if not actions.may_download(export):
            raise Http404
        return attachment(export.file.open("rb"), export.file_name, export.file_name.rsplit(".", 1)[-1])


class RegistersView(LoginRequiredMixin, FormView):
    """/exports/registers/: the registers a community sends upward that the user may take. Choosing one
    (with an area and a month) leads to its export, whose address holds only area ids and dates."""

    template_name = "exports/registers.html"
    form_class = RegisterForm

    def get_form_kwargs(self):
        kwargs = {"user": self.request.user, "initial": self.get_initial()}
        if "register" in self.request.GET:
            kwargs["data"] = self.request.GET
        return kwargs

    def get(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_bound and form.is_valid():
            label, register = form.registers[form.cleaned_data["register"]]
            url = reverse(f"{label}:register-{register.slug}", args=[form.cleaned_data["file_format"]])
            query = urlencode(form.export_query())
            return redirect(f"{url}?{query}" if query else url)
        return self.render_to_response(self.get_context_data(form=form))
