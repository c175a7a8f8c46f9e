from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, View

from common.views import ActionView, ButtonActionView

from . import actions
from .forms import ConfirmForm, UploadForm
from .kinds import kinds_for
from .models import ImportBatch
from .reading import ImportFileError
from .templates_xlsx import error_workbook, template_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportIndexView(ActionView):
    """/imports/: what the user may import, with templates, the upload form and their recent imports."""

    template_name = "imports/index.html"
    form_class = UploadForm
    permission_required = "imports.add_importbatch"
    title = _("Imports")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, form):
        try:
            return actions.batch_upload(
                user=self.request.user, kind=form.kinds[form.cleaned_data["kind"]], upload=form.cleaned_data["file"]
            )
        except ImportFileError as error:
            raise ValidationError({"file": str(error)}) from error

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            kinds=kinds_for(self.request.user),
            batches=ImportBatch.objects.visible_to(self.request.user).defer("content")[:20],
            **kwargs,
        )


class TemplateDownloadView(LoginRequiredMixin, View):
    def get(self, request, kind):
        found = {k.key: k for k in kinds_for(request.user)}.get(kind)
        if found is None:
            raise Http404
        response = HttpResponse(template_workbook(found), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{kind}-template.xlsx"'
        return response


class BatchDetailView(LoginRequiredMixin, DetailView):
    """A batch's check or import: its progress while running (htmx polls the fragment), then its result."""

    model = ImportBatch
    template_name = "imports/batch_detail.html"
    context_object_name = "batch"

    def get_queryset(self):
        return ImportBatch.objects.visible_to(self.request.user).defer("content")

    def get_template_names(self):
        if self.request.htmx:
            return ["imports/_batch_status.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        return super().get_context_data(confirm_form=ConfirmForm(initial={"version": self.object.version}), **kwargs)


class BatchConfirmView(ButtonActionView):
    model = ImportBatch
    form_class = ConfirmForm
    success_message = _("The import has started.")

    def has_permission(self):
        return True  # the batch is the user's own (editable_by); its rows are checked against their area

    def get_queryset(self):
        return super().get_queryset().defer("content")

    def perform(self, form):
        return actions.batch_confirm(user=self.request.user, batch=self.object, version=form.cleaned_data["version"])

    def get_success_message(self, form):
        if self.result is not None and self.result.status == ImportBatch.Status.DONE:
            return _("Imported.")
        return super().get_success_message(form)


class ErrorReportView(LoginRequiredMixin, View):
    def get(self, request, pk):
        batch = get_object_or_404(ImportBatch.objects.visible_to(request.user).defer("content"), pk=pk)
        response = HttpResponse(error_workbook(batch), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="import-{batch.pk}-errors.xlsx"'
        return response
