import uuid

import segno
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, TemplateView

from common.ratelimit import limit_per_ip
from common.views import ActionView, FilteredListView
from residents.filters import search as search_residents
from residents.models import Resident

from .. import actions
from ..attachments import attach
from ..exports import RequestExport
from ..filters import RequestFilter
from ..forms import GridReportForm, IntakeForm, StatusLookupForm, TransitionForm
from ..models import RequestAttachment, RequestEvent, ServiceCategory, ServiceItem, ServiceRequest, Supervision

# What the live searches of the intake page offer: a short list to pick from, not a result list.
SUGGESTIONS = 10


class CatalogueView(PermissionRequiredMixin, TemplateView):
    permission_required = "services.view_serviceitem"
    template_name = "services/catalogue.html"

    def get_context_data(self, **kwargs):
        items = ServiceItem.objects.active().order_by("code")
        query = self.request.GET.get("q", "").strip()
        if query:
            items = items.matching(query)
        categories = ServiceCategory.objects.prefetch_related(Prefetch("items", queryset=items)).order_by("code")
        return super().get_context_data(categories=[c for c in categories if c.items.all()], query=query, **kwargs)


class RequestListView(FilteredListView):
    """The queue: the community's requests for the desk, the department's for a liaison."""

    model = ServiceRequest
    filterset_class = RequestFilter
    export_class = RequestExport
    permission_required = "services.view_servicerequest"
    template_name = "services/request_list.html"

    def get_queryset(self):
        # What the rows show: the item's and the department's names, not the catalogue's texts.
        return super().get_queryset().select_related("item", "department").defer("item__description", "item__materials")

    def keyset_field(self, filterset):
        """A period by date of receipt or of resolution: its requests newest first by that date, walked
        from the period's end by the date's index (a district's old month is 60,000 requests of 3,000,000)."""
        if not filterset.is_valid():
            return None
        data = filterset.form.cleaned_data
        ranges = [("received_at", "received_from", "received_to"), ("resolved_at", "resolved_from", "resolved_to")]
        for field, start, end in ranges:
            if data.get(start) or data.get(end):
                return field
        return None

    def get_context_data(self, **kwargs):
        return super().get_context_data(today=timezone.localdate(), **kwargs)


class RequestPageMixin:
    """The detail page of a request: the request, its timeline and a form for each action allowed now.

    The form of an action that did not go through (`form` in the context) is shown in place of a blank one,
    with its errors."""

    template_name = "services/request_detail.html"

    def get_queryset(self):
        return ServiceRequest.objects.visible_to(self.request.user).select_related(
            "item__category", "department", "community__street", "grid", "resident", "received_by", "reported_by"
        )

    def get_context_data(self, **kwargs):
        service_request = self.object
        failed = kwargs.get("form")
        action_forms = [
            (
                action,
                actions.TRANSITIONS[action].label,
                failed
                if failed is not None and failed.prefix == action
                else TransitionForm(action=action, service_request=service_request),
            )
            for action in actions.allowed_actions(self.request.user, service_request)
        ]
        return super().get_context_data(
            service_request=service_request,
            timeline=RequestEvent.objects.filter(request=service_request).select_related("actor"),
            action_forms=action_forms,
            photos=RequestAttachment.objects.filter(request=service_request),
            may_attach=actions.may_attach(self.request.user, service_request),
            supervision=Supervision.objects.filter(request=service_request).first(),
            **kwargs,
        )


class RequestDetailView(RequestPageMixin, PermissionRequiredMixin, DetailView):
    model = ServiceRequest
    permission_required = "services.view_servicerequest"


class RequestTransitionView(RequestPageMixin, ActionView):
    """POST one action from the detail page; the request must be visible (else 404), the action allowed
    for the user now (else 403). A refused action shows the detail page again with the errors."""

    model = ServiceRequest
    permission_required = "services.view_servicerequest"
    form_class = TransitionForm
    http_method_names = ["post"]

    def get_form_kwargs(self):
        action = self.kwargs["action"]
        if action not in actions.TRANSITIONS:
            raise Http404
        return {**super().get_form_kwargs(), "action": action, "service_request": self.object}

    def perform(self, form):
        return actions.request_transition(
            user=self.request.user,
            service_request=self.object,
            action=self.kwargs["action"],
            **self.action_fields(form),
        )

    def get_success_message(self, form):
        return _("%(action)s: done.") % {"action": actions.TRANSITIONS[self.kwargs["action"]].label}

    def get_success_url(self):
        """A department's liaison who returned or resolved a request is done with it: back to the queue
        (a returned request has left the department, and its page would answer 404)."""
        done_with = self.kwargs["action"] in ("return", "resolve") and not self.request.user.has_perm(
            "services.change_servicerequest"
        )
        if done_with or not ServiceRequest.objects.visible_to(self.request.user).filter(pk=self.result.pk).exists():
            return reverse("services:request-list")
        return super().get_success_url()

    def form_stale(self, form, current):
        """Someone acted on the request since this page was opened: nothing is done, and the page shows
        the request as it is now, who acted and what they did (the same step, or another)."""
        self.object = self.get_queryset().get(pk=current.pk)
        last = RequestEvent.objects.filter(request=current).select_related("actor").order_by("-at", "-pk").first()
        action = actions.TRANSITIONS.get(last.action) if last else None
        names = {
            "actor": (last.actor.get_full_name() or last.actor.username) if last and last.actor else _("someone"),
            "at": formats.date_format(timezone.localtime(last.at), "SHORT_DATETIME_FORMAT") if last else "",
            "action": action.label if action else (last.action if last else ""),
            "status": self.object.get_status_display(),
        }
        if last and last.action == self.kwargs["action"]:
            conflict = _("Already done by %(actor)s (%(action)s, %(at)s). Nothing more was done.") % names
        else:
            conflict = (
                _(
                    "%(actor)s acted on this request while you had it open (%(action)s, %(at)s): it is now "
                    "“%(status)s”. Nothing was done; check it and act again if it is still needed."
                )
                % names
            )
        return self.render_to_response(self.get_context_data(conflict=conflict), status=409)


class IntakeView(ActionView):
    """一窗受理: find the resident, pick the item, check the materials, save, print the receipt."""

    permission_required = "services.change_servicerequest"
    form_class = IntakeForm
    template_name = "services/intake.html"

    def get_initial(self):
        # A fresh key in every form: the same form submitted twice opens the first request's receipt.
        initial = {"submission_key": uuid.uuid4()}
        # 办理事项 on a resident's page or search result: the resident is chosen already.
        resident = self.request.GET.get("resident", "")
        if resident.isdigit():
            initial["resident"] = (
                Resident.objects.visible_to(self.request.user)
                .active()
                .select_related("dwelling__grid__community")
                .filter(pk=int(resident))
                .first()
            )
        return initial

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, form):
        service_request, _created = actions.request_create(user=self.request.user, service_request=form.new_request())
        return service_request

    def get_success_url(self):
        # The receipt opens with the print dialog: the clerk only confirms it.
        return f"{reverse('services:request-receipt', args=[self.result.pk])}?print=1"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        item = form.chosen_item()
        resident = form.cleaned_data.get("resident") if hasattr(form, "cleaned_data") else form.initial.get("resident")
        if community := getattr(resident, "community", None):  # the resident's community is the request's
            form.initial.setdefault("community", community.pk)
        context.update(
            resident=resident,
            item=item,
            due=actions.due_date_for(item, timezone.localdate()) if item else None,
        )
        return context


class IntakeResidentSearchView(PermissionRequiredMixin, View):
    """htmx: the residents matching what the clerk typed, within scope, at most 10."""

    permission_required = "services.change_servicerequest"

    http_method_names = ["post"]

    def post(self, request):
        # POST: a phone number or ID number typed stays out of every address and log. The box has a
        # name of its own: the intake form around it (whose values htmx posts with it) has the item box.
        query = request.POST.get("resident_q", "").strip()
        residents = []
        if query:
            residents = search_residents(Resident.objects.visible_to(request.user).active(), query).select_related(
                "dwelling__building__compound"
            )[:SUGGESTIONS]
        return render(request, "services/_intake_residents.html", {"residents": residents, "query": query})


class IntakeResidentChosenView(PermissionRequiredMixin, View):
    permission_required = "services.change_servicerequest"

    def get(self, request, pk):
        resident = get_object_or_404(
            Resident.objects.visible_to(request.user).active().select_related("dwelling__grid__community"), pk=pk
        )
        return render(request, "services/_intake_resident.html", {"resident": resident})


class IntakeItemSearchView(PermissionRequiredMixin, View):
    permission_required = "services.change_servicerequest"

    def get(self, request):
        query = request.GET.get("q", "").strip()
        items = []
        if query:
            items = ServiceItem.objects.active().matching(query).select_related("category")[:SUGGESTIONS]
        return render(request, "services/_intake_items.html", {"items": items, "query": query})


class IntakeItemChosenView(PermissionRequiredMixin, View):
    """htmx: the chosen item with its materials checklist and the due date it would get today."""

    permission_required = "services.change_servicerequest"

    def get(self, request, pk):
        item = get_object_or_404(ServiceItem.objects.active(), pk=pk)
        form = IntakeForm(user=request.user, initial={"item": item})
        return render(
            request,
            "services/_intake_item.html",
            {
                "item": item,
                "form": form,
                "due": actions.due_date_for(item, timezone.localdate()),
            },
        )


class ReceiptView(PermissionRequiredMixin, DetailView):
    """回执: printable on A5 or a receipt printer, with a QR code of the request number."""

    model = ServiceRequest
    permission_required = "services.view_servicerequest"
    template_name = "services/receipt.html"
    context_object_name = "service_request"

    def get_queryset(self):
        return ServiceRequest.objects.visible_to(self.request.user).select_related(
            "item", "community__street", "received_by"
        )

    def get_context_data(self, **kwargs):
        # The QR opens the public status page with the number filled in (never the phone: the resident
        # gives its last 4 digits there).
        status_page = self.request.build_absolute_uri(reverse("services:status-lookup"))
        status_link = f"{status_page}?{urlencode({'number': self.object.number})}"
        qr = segno.make(status_link, error="m")
        return super().get_context_data(
            qr=qr.svg_data_uri(scale=4, border=1),
            status_page=status_page,
            receipt_printer=self.request.GET.get("format") == "receipt",
            print_now=self.request.GET.get("print") == "1",
            **kwargs,
        )


class GridReportView(ActionView):
    """事件上报: a grid worker reports a problem seen in their grid; it becomes a request."""

    permission_required = "services.report_incident"
    form_class = GridReportForm
    template_name = "services/grid_report.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, form):
        service_request, created = actions.request_create(user=self.request.user, service_request=form.new_request())
        if created and form.cleaned_data["photos"]:
            attach(
                user=self.request.user,
                service_request=service_request,
                stage=RequestAttachment.Stage.REPORT,
                photos=form.cleaned_data["photos"],
            )
        return service_request

    def get_success_message(self, form):
        return _("Reported as request %(number)s.") % {"number": self.result.number}


@method_decorator([login_not_required, never_cache], name="dispatch")
@method_decorator(limit_per_ip("status-lookup", limit=10, period=600), name="post")
class PublicStatusView(View):
    """Residents look up a request with its number and the last 4 digits of the contact phone.

    A wrong pair and an unknown number get the same answer; nothing personal is shown.
    """

    template_name = "services/status_lookup.html"

    def get(self, request):
        # The receipt's QR code brings the request's number; the resident adds the last 4 of the phone.
        number = request.GET.get("number", "")[:32]
        return render(request, self.template_name, {"form": StatusLookupForm(initial={"number": number})})

    def post(self, request):
        form = StatusLookupForm(request.POST)
        found = None
        if form.is_valid():
            number = form.cleaned_data["number"].strip()
            candidate = ServiceRequest.objects.select_related("item").filter(number=number).first()
            if (
                candidate
                and candidate.contact_phone
                and candidate.contact_phone[-4:] == form.cleaned_data["phone_tail"]
            ):
                found = candidate
                found.last_update = found.timeline.order_by("-at").values_list("at", flat=True).first()
            else:
                form.add_error(None, _("No request matches this number and phone."))
        return render(request, self.template_name, {"form": form, "found": found})
