"""GeoReport v2 endpoints: plain Django views, each answering in the format its address ends with.

Every call presents a key (`api_key`, as a parameter or an `X-Api-Key` header) and is recorded as
an ApiCall; the rows a client sees and the requests it may create are those of its area.
"""

import datetime
import time

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.db.models import OuterRef, Q, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from common.clientaddress import client_address
from common.ratelimit import hit
from grids.models import Community, District
from services import actions
from services.choices import OPEN_STATUSES
from services.models import RequestEvent, ServiceItem, ServiceRequest

from . import serializers
from .forms import DEFAULT_WINDOW, CallbackForm, RequestPostForm, RequestQueryForm
from .models import ApiCall, ApiKey
from .renderers import render, render_errors

# Steps whose notes stay inside the portal: the street's instructions to the community.
INTERNAL_STEPS = ("supervise",)
COMMIT_SLACK = datetime.timedelta(seconds=5)
REFUSED_PER_HOUR = 60  # calls with a wrong key, per address
KEY_USE_PRECISION = datetime.timedelta(minutes=1)


def _holds_nul(request, kwargs) -> bool:
    values = [*kwargs.values(), request.headers.get("X-Api-Key", "")]
    values += [value for data in (request.GET, request.POST) for values_ in data.lists() for value in values_[1]]
    values += list(request.GET) + list(request.POST)
    return any("\x00" in str(value) for value in values)


def _by_status(rows, statuses):
    if statuses == ["open"]:
        return rows.filter(status__in=OPEN_STATUSES)
    if statuses == ["closed"]:
        return rows.exclude(status__in=OPEN_STATUSES)
    return rows


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
        self.service_request_id = ""
        response = None
        try:
            if _holds_nul(request, kwargs):
                raise ApiError(400, _("A parameter holds a NUL character."))
            self.service_request_id = kwargs.get("number", "")
            self.authenticate(request)
            response = super().dispatch(request, *args, **kwargs)
        except ApiError as error:
            response = render_errors(self.fmt, error.status, error.descriptions)
        except Http404:
            response = render_errors(self.fmt, 404, [_("Not found.")])
        finally:
            # Every call is recorded, but for callers without a valid key beyond the rate limit.
            if response is None or response.status_code != 429:
                ApiCall.objects.create(
                    client=self.client,
                    key=self.key,
                    method=request.method[:8],
                    endpoint=request.path.replace("\x00", "")[:200],
                    status=500 if response is None else response.status_code,
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
            if not hit(f"open311-refused:{client_address(request)}", limit=REFUSED_PER_HOUR, period=3600):
                raise ApiError(429, _("Too many calls with a key that is not valid. Try again later."))
            raise ApiError(403, _("The api_key is not valid, or has been revoked."))
        self.client = self.key.client
        needed = self.needs_on_post if request.method == "POST" else self.needs
        if not getattr(self.client, needed):
            raise ApiError(403, _("This key may not do this."))
        now = timezone.now()
        if self.key.last_used_at is None or self.key.last_used_at < now - KEY_USE_PRECISION:
            ApiKey.objects.filter(pk=self.key.pk).update(last_used_at=now)  # written once a minute at most
        self.community_ids = self.client.community_ids()

    def jurisdiction_check(self, request):
        # The district is the jurisdiction: the code of the key's district (omitted, it means the same).
        given = request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id")
        if given and not District.objects.filter(code=given, streets__communities__in=self.community_ids).exists():
            raise ApiError(404, _("Unknown jurisdiction_id."))

    def items(self):
        """The catalogue items a request may be made for through the API: active, no resident needed."""
        return ServiceItem.objects.active().filter(requires_resident=False).select_related("category")

    def requests(self):
        """The requests the key may read: of its area, and of the items the API offers (never those of a
        resident's own affairs, such as 低保 or a disability card). Their status notes are those of the
        steps the caller may hear of, not the street's 督办 notes."""
        last_note = (
            RequestEvent.objects.filter(request=OuterRef("pk"))
            .exclude(note="")
            .exclude(action__in=INTERNAL_STEPS)
            .order_by("-at", "-pk")
        )
        return (
            ServiceRequest.objects.filter(community_id__in=self.community_ids, item__requires_resident=False)
            .select_related("item", "department", "community")
            .only(*serializers.REQUEST_COLUMNS)
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
        if query["service_request_id"]:  # the spec: ids given, every other filter is ignored
            rows = rows.filter(number__in=query["service_request_id"]).order_by("-received_at", "-pk")
            return self.answer(rows[: query["page_size"]], query)
        if query["changes_after"] is not None:
            return self.answer(self.changes(rows, query), query)
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
        if not any(query[name] for name in ("start_date", "end_date", "updated_after")):
            rows = rows.filter(received_at__gte=timezone.now() - DEFAULT_WINDOW)
        rows = _by_status(rows, query["status"])
        order = ["updated_at", "pk"] if query["updated_after"] else ["-received_at", "-pk"]
        start = (query["page"] - 1) * query["page_size"]
        return self.answer(rows.order_by(*order)[start : start + query["page_size"]], query)

    def changes(self, rows, query):
        """What changed after a cursor (an extension): oldest change first, by (time of change, id), so that
        a pull resumes exactly after the last row it read, however many rows share one moment. Changes
        of the last few seconds wait for the next pull: a change saved a moment before may commit after
        one saved later."""
        changed_at, pk = query["changes_after"]
        rows = _by_status(rows, query["status"]).filter(updated_at__lt=timezone.now() - COMMIT_SLACK)
        if query["service_code"]:
            rows = rows.filter(item__code__in=query["service_code"])
        rows = rows.filter(Q(updated_at__gt=changed_at) | Q(updated_at=changed_at, pk__gt=pk))
        return rows.order_by("updated_at", "pk")[: query["page_size"]]

    def answer(self, rows, query):
        extensions = query["extensions"] or query["changes_after"] is not None
        body = [serializers.request(row, extensions=extensions) for row in rows]
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
        if data["ticket_number"] and (existing := self.ticket(data["ticket_number"])) is not None:
            return self.created(existing, status=200)  # the same ticket sent again: the request it became
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
        except (ValidationError, IntegrityError) as error:
            # The same ticket sent twice at once: the other call created it.
            if new.ticket_number and (existing := self.ticket(new.ticket_number)) is not None:
                return self.created(existing, status=200)
            if isinstance(error, IntegrityError):
                raise
            raise ApiError(400, *error.messages) from None
        return self.created(created)

    def ticket(self, number):
        """The request a ticket of this client's source already became; a 409 when another client's."""
        existing = ServiceRequest.objects.filter(ticket_source=self.client.ticket_source, ticket_number=number).first()
        if existing is not None and existing.received_by_id != self.client.user_id:
            raise ApiError(409, _("This ticket number is already taken."))
        return existing

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
        extensions = request.GET.get("extensions", "").lower() in ("true", "1", "on")
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
