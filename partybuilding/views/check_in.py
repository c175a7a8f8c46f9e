"""Check-in by QR code: the code the secretary shows at the activity, and the page a member's phone opens."""

import io

import segno
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View

from common.ratelimit import limit_per_ip

from .. import actions
from ..forms import CheckInForm
from ..models import Activity


class ActivityQRView(PermissionRequiredMixin, View):
    """The QR code to show at the activity; it renews itself before its token expires."""

    permission_required = "partybuilding.change_checkin"

    def get(self, request, pk):
        activity = get_object_or_404(Activity.objects.editable_by(request.user).select_related("organisation"), pk=pk)
        token = actions.check_in_token(activity)
        context = {
            "activity": activity,
            "check_in_url": request.build_absolute_uri(reverse("partybuilding:check-in", args=[token])),
            "image_url": reverse("partybuilding:activity-qr-image", args=[activity.pk, token]),
            "refresh_seconds": actions.CHECK_IN_TOKEN_MAX_AGE // 3,
        }
        template = "partybuilding/_qr.html" if request.htmx else "partybuilding/activity_qr.html"
        response = render(request, template, context)
        response.headers["Cache-Control"] = "no-store"
        return response


class ActivityQRImageView(PermissionRequiredMixin, View):
    permission_required = "partybuilding.change_checkin"

    def get(self, request, pk, token):
        activity = get_object_or_404(Activity.objects.editable_by(request.user), pk=pk)
        try:
            if actions.activity_from_token(token).pk != activity.pk:
                raise Http404
        except actions.CheckInRefused:
            raise Http404 from None
        url = request.build_absolute_uri(reverse("partybuilding:check-in", args=[token]))
        buffer = io.BytesIO()
        segno.make(url, error="m").save(buffer, kind="svg", scale=8, border=2, xmldecl=False)
        response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
        response.headers["Cache-Control"] = "no-store"
        return response


@method_decorator(login_not_required, name="dispatch")
@method_decorator(limit_per_ip("party-check-in", limit=20, period=300), name="dispatch")
class CheckInView(View):
    """The page a member's phone opens from the QR code: no staff login; it touches only that member's record."""

    template_name = "partybuilding/check_in.html"

    def get(self, request, token):
        try:
            activity = actions.activity_from_token(token)
            actions.check_in_window_ensure(activity, timezone.now())
        except actions.CheckInRefused as refusal:
            return self.refuse(refusal, activity=None)
        return render(request, self.template_name, {"activity": activity, "form": CheckInForm()})

    def post(self, request, token):
        form = CheckInForm(request.POST)
        activity = None
        if not form.is_valid():
            try:
                activity = actions.activity_from_token(token)
            except actions.CheckInRefused as refusal:
                return self.refuse(refusal, activity=None)
            return render(request, self.template_name, {"activity": activity, "form": form}, status=400)
        try:
            check_in = actions.member_check_in(token=token, **form.cleaned_data)
        except actions.CheckInRefused as refusal:
            if refusal.code in ("unknown", "duplicate"):
                activity = actions.activity_from_token(token)
            return self.refuse(refusal, activity=activity, form=form if refusal.code == "unknown" else None)
        return render(
            request,
            self.template_name,
            {"activity": check_in.activity, "check_in": check_in, "name": check_in.member.name},
        )

    def refuse(self, refusal, *, activity, form=None):
        return render(
            self.request,
            self.template_name,
            {"activity": activity, "refusal": refusal, "form": form},
            status=400,
        )
