import uuid

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, TemplateView

from common.forms import add_action_errors
from common.paging import capped_count, keyset_page
from common.ratelimit import limit_per_ip
from residents.filters import search as search_residents
from residents.models import Resident

from . import actions
from .filters import RequestFilter
from .forms import GridReportForm, IntakeForm, StatusLookupForm, TransitionForm
from .models import RequestEvent, ServiceCategory, ServiceItem, ServiceRequest

PAGE_SIZE = 50




class CatalogueView(PermissionRequiredMixin, TemplateView):
    permission_required = "services.view_serviceitem"
    template_name = "services/catalogue.html"

    def get_context_data(self, **kwargs):
        items = ServiceItem.objects.active().order_by("code")
        query = self.request.GET.get("q", "").strip()
        if query:
            items = items.filter(Q(name__contains=query) | Q(name_initials__startswith=query.lower()))
        categories = ServiceCategory.objects.prefetch_related(Prefetch("items", queryset=items)).order_by("code")
        return super().get_context_data(categories=[c for c in categories if c.items.all()], query=query, **kwargs)


class RequestListView(PermissionRequiredMixin, View):
    """The queue: the community's requests for the desk, the department's for a liaison."""

    permission_required = "services.view_servicerequest"

    def get(self, request):
        # What the rows show: the item's and the department's names, not the catalogue's texts.
        queryset = (
            ServiceRequest.objects.visible_to(request.user)
            .select_related("item", "department")
            .defer("item__description", "item__materials")
        )
        filterset = RequestFilter(request.GET, queryset=queryset, request=request)
        rows = filterset.qs if filterset.is_valid() else queryset.none()
        page = keyset_page(rows, request.GET, PAGE_SIZE)
        count, more = capped_count(rows, page=page)
        return render(
            request,
            "services/request_list.html",
            {
                "filter": filterset,
                "page": page,
                "count": count,
                "count_capped": more,
                "today": timezone.localdate(),
            },
        )


class RequestDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "services.view_servicerequest"
    template_name = "services/request_detail.html"
    context_object_name = "service_request"

    def get_queryset(self):
        return ServiceRequest.objects.visible_to(self.request.user).select_related(
            "item__category", "department", "community__street", "grid", "resident", "received_by", "reported_by"
        )

    def get_context_data(self, forms=None, **kwargs):
        service_request = self.object
        allowed = actions.allowed_actions(self.request.user, service_request)
        forms = forms or {}
        action_forms = [
            (
                action,
                actions.TRANSITIONS[action].label,
                forms.get(action) or TransitionForm(action=action, service_request=service_request),
            )
            for action in allowed
        ]
        return super().get_context_data(
            timeline=RequestEvent.objects.filter(request=service_request).select_related("actor"),
            action_forms=action_forms,
            **kwargs,
        )


class RequestTransitionView(RequestDetailView):
    """POST one action from the detail page; the request must be visible (else 404)."""

    http_method_names = ["post"]

    def post(self, request, pk, action):
        self.object = get_object_or_404(self.get_queryset(), pk=pk)
        if action not in actions.TRANSITIONS:
            raise Http404
        form = TransitionForm(request.POST, action=action, service_request=self.object)
        if form.is_valid():
            data = dict(form.cleaned_data)
            note = data.pop("note", "")
            try:
                actions.request_transition(
                    user=request.user, service_request=self.object, action=action, note=note, **data
                )
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("%(action)s: done.") % {"action": actions.TRANSITIONS[action].label})
                return redirect(self.object)
        context = self.get_context_data(object=self.object, forms={action: form})
        return self.render_to_response(context, status=200)


class IntakeView(PermissionRequiredMixin, View):
    """一窗受理: find the resident, pick the item, check the materials, save, print the receipt."""

    permission_required = "services.change_servicerequest"
    template_name = "services/intake.html"

    def get(self, request):
        form = IntakeForm(user=request.user, initial={"submission_key": uuid.uuid4()})
        return render(request, self.template_name, self.context(form))

    def post(self, request):
        form = IntakeForm(request.POST, user=request.user)
        if form.is_valid():
            service_request = form.save(commit=False)
            service_request.submission_key = form.cleaned_data["submission_key"]
            try:
                service_request, _created = actions.request_create(user=request.user, service_request=service_request)
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                return redirect("services:request-receipt", pk=service_request.pk)
        return render(request, self.template_name, self.context(form))

    def context(self, form):
        resident = form.cleaned_data.get("resident") if form.is_bound and hasattr(form, "cleaned_data") else None
        item = form.chosen_item()
        return {
            "form": form,
            "resident": resident,
            "item": item,
            "due": actions.due_date_for(item, timezone.localdate()) if item else None,
        }


class IntakeResidentSearchView(PermissionRequiredMixin, View):
    """htmx: the residents matching what the clerk typed, within scope, at most 10."""

    permission_required = "services.change_servicerequest"

    def get(self, request):
        query = request.GET.get("q", "").strip()
        residents = []
        if query:
            residents = search_residents(Resident.objects.visible_to(request.user).active(), query).select_related(
                "dwelling__building__compound"
            )[:10]
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
            items = (
                ServiceItem.objects.active()
                .filter(Q(name__contains=query) | Q(name_initials__startswith=query.lower()))
                .select_related("category")[:10]
            )
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

    permission_required = "services.view_servicerequest"
    template_name = "services/receipt.html"
    context_object_name = "service_request"

    def get_queryset(self):
        return ServiceRequest.objects.visible_to(self.request.user).select_related(
            "item", "community__street", "received_by"
        )

    def get_context_data(self, **kwargs):
        qr = segno.make(self.object.number, error="m")
        return super().get_context_data(
            qr=qr.svg_data_uri(scale=4, border=1),
            receipt_printer=self.request.GET.get("format") == "receipt",
            **kwargs,
        )


class GridReportView(PermissionRequiredMixin, View):
    """事件上报: a grid worker reports a problem seen in their grid; it becomes a request."""

    permission_required = "services.report_incident"
    template_name = "services/grid_report.html"

    def get(self, request):
        return render(request, self.template_name, {"form": GridReportForm(user=request.user)})

    def post(self, request):
        form = GridReportForm(request.POST, user=request.user)
        if form.is_valid():
            service_request = form.save(commit=False)
            service_request.location = form.cleaned_data["location"]
            service_request.channel = "grid_report"
            service_request.community = service_request.grid.community
            service_request.reported_by = request.user
            try:
                service_request, _created = actions.request_create(user=request.user, service_request=service_request)
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("Reported as request %(number)s.") % {"number": service_request.number})
                return redirect(service_request)
        return render(request, self.template_name, {"form": form})


@method_decorator([login_not_required, never_cache], name="dispatch")
@method_decorator(limit_per_ip("status-lookup", limit=10, period=600), name="post")
class PublicStatusView(View):
    """Residents look up a request with its number and the last 4 digits of the contact phone.

    A wrong pair and an unknown number get the same answer; nothing personal is shown.
    """

    template_name = "services/status_lookup.html"

    def get(self, request):
        return render(request, self.template_name, {"form": StatusLookupForm()})

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
