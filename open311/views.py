"""GeoReport v2 endpoints: plain Django views, each answering in the format its address ends with.

Every call presents a key (`api_key`, as a parameter or an `X-Api-Key` header) and is recorded as
an ApiCall; the rows a client sees and the requests it may create are those of its area.
"""

import time

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from grids.models import Community, District
from services import actions
from services.choices import OPEN_STATUSES
from services.models import RequestEvent, ServiceItem, ServiceRequest

from . import serializers
from .forms import DEFAULT_WINDOW, CallbackForm, RequestPostForm, RequestQueryForm
from .models import ApiCall, ApiKey
from .renderers import render, render_errors


class ApiError(Exception):
    def __init__(self, status, *descriptions):
        super().__init__(status, descriptions)
        self.status, self.descriptions = status, descriptions


def _form_errors(form) -> list[str]:
    return [
        f"{name}: {message}" if name != "__all__" else message
        for name, messages in form.errors.items()
        for message in messages
    ]


@method_decorator([login_not_required, csrf_exempt], name="dispatch")
class Open311View(View):
    """The key, the call's record and the spec's error answers, for every endpoint."""

    needs = "may_read"  # what the client must be allowed, for GET
    needs_on_post = "may_create"

    def dispatch(self, request, *args, **kwargs):
        started = time.monotonic()
        self.fmt = kwargs.pop("fmt")
        self.key = self.client = None
        self.service_request_id = kwargs.get("number", "")
        try:
            self.authenticate(request)
            response = super().dispatch(request, *args, **kwargs)
        except ApiError as error:
            response = render_errors(self.fmt, error.status, error.descriptions)
        except Http404:
            response = render_errors(self.fmt, 404, [_("Not found.")])
        ApiCall.objects.create(
            client=self.client,
            key=self.key,
            method=request.method[:8],
            endpoint=request.path[:200],
            status=response.status_code,
            service_request_id=self.service_request_id[:32],
            duration_ms=int((time.monotonic() - started) * 1000),
        )
        return response

    def http_method_not_allowed(self, request, *args, **kwargs):
        raise ApiError(405, _("Method not allowed."))

    def authenticate(self, request):
        presented = request.headers.get("X-Api-Key") or request.POST.get("api_key") or request.GET.get("api_key")
        if not presented:
            raise ApiError(403, _("An api_key is required."))
        self.key = ApiKey.find(presented)
        if self.key is None:
            raise ApiError(403, _("The api_key is not valid, or has been revoked."))
        self.client = self.key.client
        needed = self.needs_on_post if request.method == "POST" else self.needs
        if not getattr(self.client, needed):
            raise ApiError(403, _("This key may not do this."))
        ApiKey.objects.filter(pk=self.key.pk).update(last_used_at=timezone.now())
        self.community_ids = self.client.community_ids()

    def jurisdiction_check(self, request):
        # The district is the jurisdiction: its code (an omitted jurisdiction_id means the same).
        given = request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id")
        if given and not District.objects.filter(code=given).exists():
            raise ApiError(404, _("Unknown jurisdiction_id."))

    def items(self):
        """The catalogue items a request may be made for through the API: active, no resident needed."""
        return ServiceItem.objects.active().filter(requires_resident=False).select_related("category")

    def requests(self):
        last_note = RequestEvent.objects.filter(request=OuterRef("pk")).exclude(note="").order_by("-at", "-pk")
        return (
            ServiceRequest.objects.filter(community_id__in=self.community_ids)
            .select_related("item", "department", "community")
            .annotate(last_note=Subquery(last_note.values("note")[:1]))
        )


class ServiceListView(Open311View):
    def get(self, request):
        self.jurisdiction_check(request)
        rows = [serializers.service(item) for item in self.items().order_by("code")]
        return render(self.fmt, "services", rows, item="service")


class ServiceDefinitionView(Open311View):
    def get(self, request, code):
        self.jurisdiction_check(request)
        item = self.items().filter(code=code).first()
        if item is None:
            raise ApiError(404, _("Unknown service_code."))
        communities = list(Community.objects.filter(pk__in=self.community_ids).order_by("code"))
        return render(self.fmt, "service_definition", serializers.definition(item, communities))


class RequestListView(Open311View):
    def get(self, request):
        self.jurisdiction_check(request)
        form = RequestQueryForm(request.GET)
        if not form.is_valid():
            raise ApiError(400, *_form_errors(form))
        query = form.cleaned_data
        rows = self.requests()
        if query["service_request_id"]:
            rows = rows.filter(number__in=query["service_request_id"])
        if query["service_code"]:
            rows = rows.filter(item__code__in=query["service_code"])
        if query["start_date"]:
            rows = rows.filter(received_at__gte=query["start_date"])
        if query["end_date"]:
            rows = rows.filter(received_at__lte=query["end_date"])
        if query["updated_after"]:
            rows = rows.filter(updated_at__gt=query["updated_after"])
        if query["updated_before"]:
            rows = rows.filter(updated_at__lte=query["updated_before"])
        if not any(query[name] for name in ("service_request_id", "start_date", "end_date", "updated_after")):
            rows = rows.filter(received_at__gte=timezone.now() - DEFAULT_WINDOW)
        if query["status"] == ["open"]:
            rows = rows.filter(status__in=OPEN_STATUSES)
        elif query["status"] == ["closed"]:
            rows = rows.exclude(status__in=OPEN_STATUSES)
        # Changes are pulled oldest first, so that the last one read is where the next pull starts.
        order = ["updated_at", "pk"] if query["updated_after"] else ["-received_at", "-pk"]
        start = (query["page"] - 1) * query["page_size"]
        page = rows.order_by(*order)[start : start + query["page_size"]]
        body = [serializers.request(row, extensions=query["extensions"]) for row in page]
        return render(self.fmt, "service_requests", body, item="request")

    def post(self, request):
        self.jurisdiction_check(request)
        form = RequestPostForm(request.POST)
        if not form.is_valid():
            raise ApiError(400, *_form_errors(form))
        data = form.cleaned_data
        item = self.items().filter(code=data["service_code"]).first()
        if item is None:
            raise ApiError(404, _("Unknown service_code."))
        community = self.community_for(data["community"])
        if data["ticket_number"]:
            existing = ServiceRequest.objects.filter(
                ticket_source=self.client.ticket_source, ticket_number=data["ticket_number"]
            ).first()
            if existing is not None:  # the same ticket sent again: the request it already became
                if existing.community_id not in self.community_ids:
                    raise ApiError(403, _("This ticket number belongs to a request outside this key's area."))
                return self.created(existing, status=200)
        name = " ".join(part for part in (data["last_name"], data["first_name"]) if part)
        new = ServiceRequest(
            channel=self.client.channel,
            community=community,
            item=item,
            description=data["description"],
            location=data["address_string"] or data["address_id"],
            latitude=data["lat"],
            longitude=data["long"],
            contact_name=name,
            contact_phone=data["phone"],
            ticket_source=self.client.ticket_source if data["ticket_number"] else "",
            ticket_number=data["ticket_number"],
            contact_deadline=data["contact_deadline"],
            handling_deadline=data["handling_deadline"],
        )
        try:
            created, _new = actions.request_create(user=self.client.user, service_request=new)
        except ValidationError as error:
            raise ApiError(400, *error.messages) from None
        except IntegrityError:  # the same ticket, sent twice at once: the other call created it
            created = ServiceRequest.objects.filter(
                ticket_source=new.ticket_source, ticket_number=new.ticket_number
            ).first()
            if created is None or not new.ticket_number:
                raise
            return self.created(created, status=200)
        return self.created(created)

    def community_for(self, code):
        if not code:
            if len(self.community_ids) != 1:
                raise ApiError(400, _("attribute[community] is required: this key acts in several communities."))
            return Community.objects.get(pk=self.community_ids[0])
        community = Community.objects.filter(code=code).first()
        if community is None:
            raise ApiError(400, _("Unknown community."))
        if community.pk not in self.community_ids:
            raise ApiError(403, _("This key may not create requests in this community."))
        return community

    def created(self, service_request, status=201):
        self.service_request_id = service_request.number
        row = {"service_request_id": service_request.number, "service_notice": "", "account_id": ""}
        return render(self.fmt, "service_requests", [row], item="request", status=status)


class RequestDetailView(Open311View):
    def get(self, request, number):
        self.jurisdiction_check(request)
        found = self.requests().filter(number=number).first()
        if found is None:
            raise ApiError(404, _("No request with this service_request_id."))
        extensions = request.GET.get("extensions") == "true"
        return render(self.fmt, "service_requests", [serializers.request(found, extensions)], item="request")


class CallbackView(Open311View):
    """An extension of the spec: the hotline's callback of a ticket it sent (满意 / 基本满意 / 不满意)."""

    needs_on_post = "may_callback"

    def post(self, request, number):
        found = self.requests().filter(number=number).first()
        if found is None:
            raise ApiError(404, _("No request with this service_request_id."))
        form = CallbackForm(request.POST)
        if not form.is_valid():
            raise ApiError(400, *_form_errors(form))
        try:
            actions.ticket_callback(
                user=self.client.user,
                service_request=found,
                satisfaction=form.cleaned_data["satisfaction"],
                notes=form.cleaned_data["notes"],
            )
        except PermissionDenied:
            raise ApiError(400, _("The request is not resolved: there is nothing to call back about yet.")) from None
        found = self.requests().get(pk=found.pk)
        return render(self.fmt, "service_requests", [serializers.request(found, True)], item="request")
