"""Photos of a request: added from its page, shown to those who may see the request, nowhere else."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views import View

from common.views import ActionView

from .. import actions
from ..attachments import attach
from ..forms import PhotosForm
from ..models import RequestAttachment, ServiceRequest


class RequestPhotosView(ActionView):
    """Add photos to a request (the desk, its department, the grid worker who reported it)."""

    model = ServiceRequest
    permission_required = "services.view_servicerequest"
    form_class = PhotosForm
    title = _("Add photos: %(name)s")
    checks_version = False  # adds to the request, changes nothing of it

    def get_queryset(self):
        return ServiceRequest.objects.visible_to(self.request.user)

    def get_object(self):
        service_request = super().get_object()
        if not actions.may_attach(self.request.user, service_request):
            raise PermissionDenied
        return service_request

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "service_request": self.object}

    def name(self):
        return self.object.number

    def perform(self, form):
        attach(
            user=self.request.user,
            service_request=self.object,
            stage=form.cleaned_data["stage"],
            photos=form.cleaned_data["photos"],
        )
        return self.object

    def get_success_message(self, form):
        return _("Photos added.")

    def get_context_data(self, **kwargs):
        return super().get_context_data(multipart=True, **kwargs)


class RequestAttachmentView(PermissionRequiredMixin, View):
    """A photo, to a user who may see its request (404 to anyone else): there is no public address."""

    permission_required = "services.view_servicerequest"

    def get(self, request, pk, attachment_pk):
        attachment = get_object_or_404(
            RequestAttachment.objects.filter(request__in=ServiceRequest.objects.visible_to(request.user)),
            request_id=pk,
            pk=attachment_pk,
        )
        response = FileResponse(attachment.file.open("rb"), content_type="image/jpeg")
        response["Content-Disposition"] = f'inline; filename="{attachment.request.number}-{attachment.pk}.jpg"'
        return response
