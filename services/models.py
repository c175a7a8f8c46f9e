import datetime
import uuid

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grids.models import Community, Grid, Street, scope_community_ids, scope_grid_ids
from grids.roles import Audience
from residents.identity import mask_phone, validate_phone
from residents.models import PhoneField, Resident, name_spellings

from .choices import (
    OPEN_STATUSES,
    Channel,
    DepartmentKind,
    DisputeOutcome,
    Function,
    Priority,
    Satisfaction,
    Status,
)


class DepartmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def visible_to(self, user):
        """Departments serving the user's area, and those the user is a liaison of."""
        if user.is_superuser:
            return self
        communities = scope_community_ids(user, Audience.ANYONE)
        # No joins, so no DISTINCT: the street of a community in scope is a subquery.
        return self.filter(
            Q(community_id__any=communities)
            | Q(street__in=Street.objects.visible_to(user))
            | Q(street_id__in=Community.objects.filter(pk__any=communities).values("street_id"))
            | Q(pk__in=Department.liaisons.through.objects.filter(user=user).values("department"))
        )

    def serving(self, community):
        """Departments a request of `community` can be dispatched to: the community's own and its street's."""
        return self.active().filter(Q(community=community) | Q(street_id=community.street_id))


class Department(models.Model):
    """A body that handles requests: a community office, a street department, a resident unit or a
    property company, tied to the street or the community it serves (社区吹哨、部门报到)."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=32, choices=DepartmentKind)
    function = models.CharField(_("function"), max_length=32, choices=Function)
    street = models.ForeignKey(
        Street, on_delete=models.PROTECT, null=True, blank=True, related_name="departments", verbose_name=_("street")
    )
    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="departments",
        verbose_name=_("community"),
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    active = models.BooleanField(_("active"), default=True)
    liaisons = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="departments", verbose_name=_("liaisons")
    )

    objects = DepartmentQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [
            models.CheckConstraint(
                condition=Q(street__isnull=False, community__isnull=True)
                | Q(street__isnull=True, community__isnull=False),
                name="department_serves_street_or_community",
                violation_error_message=_("A department serves either a street or a community."),
            ),
            models.UniqueConstraint(
                fields=["name"],
                name="department_name_unique",
                violation_error_message=_("A department with this name exists already."),
            ),
        ]

    def __str__(self):
        return self.name


class ServiceCategory(models.Model):
    code = models.CharField(_("code"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=50, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("service category")
        verbose_name_plural = _("service categories")

    def __str__(self):
        return self.name


class ServiceItemQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def matching(self, query: str):
        """Items a clerk means by `query`: a part of the name, its pinyin (zuidi, dibao) or initials (zdsh),
        or an everyday word the catalogue ships for it (低保). The catalogue is a few hundred rows."""
        letters = "".join(query.lower().split())
        return self.filter(
            Q(name__contains=query)
            | Q(keywords__contains=query)
            | Q(name_initials__startswith=letters)
            | Q(name_pinyin__contains=letters)
        )


class ServiceItem(models.Model):
    """An item of the catalogue (办事指南) with its materials and committed time limit (承诺时限)."""

    category = models.ForeignKey(
        ServiceCategory, on_delete=models.PROTECT, related_name="items", verbose_name=_("category")
    )
    code = models.CharField(_("code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    name_initials = models.CharField(_("pinyin initials"), max_length=100, editable=False, db_index=True)
    name_pinyin = models.CharField(_("pinyin"), max_length=300, editable=False, db_default="")
    description = models.TextField(_("description"), blank=True)
    # Everyday words for the item that its name does not hold (低保 for 最低生活保障申请), space-separated:
    # the intake search and the catalogue find the item by them.
    keywords = models.CharField(_("keywords"), max_length=200, blank=True, db_default="")
    materials = models.JSONField(_("required materials"), default=list, blank=True)
    committed_days = models.PositiveSmallIntegerField(
        _("committed time limit (working days)"),
        null=True,
        blank=True,
        help_text=_("Empty when the item has no time limit."),
    )
    legal_days = models.PositiveSmallIntegerField(_("legal time limit (working days)"), null=True, blank=True)
    function = models.CharField(_("handled by"), max_length=32, choices=Function)
    requires_resident = models.BooleanField(_("resident must be identified"), default=True)
    is_dispute = models.BooleanField(_("dispute mediation"), default=False)
    active = models.BooleanField(
        _("offered"), default=True, help_text=_("Retired items stay on their old requests but are no longer offered.")
    )

    objects = ServiceItemQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("service item")
        verbose_name_plural = _("service items")
        constraints = [
            models.CheckConstraint(
                condition=Q(legal_days__isnull=True)
                | Q(committed_days__isnull=True)
                | Q(committed_days__lte=models.F("legal_days")),
                name="item_committed_within_legal",
                violation_error_message=_("The committed time limit cannot exceed the legal one."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_initials, self.name_pinyin = name_spellings(self.name, person=False).values()
        super().save(*args, **kwargs)


class CalendarYear(models.Model):
    """A year whose official holiday schedule (State Council notice) is entered as CalendarDays."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    published = models.BooleanField(
        _("schedule entered"),
        default=True,
        help_text=_("Unticked: only weekends count as days off, and due dates carry a note that they may move."),
    )

    class Meta:
        ordering = ["year"]
        verbose_name = _("holiday schedule year")
        verbose_name_plural = _("holiday schedule years")

    def __str__(self):
        return str(self.year)


class CalendarDay(models.Model):
    """A day that is not what its weekday says: a public holiday on a weekday, or a make-up
    working day (调休) on a weekend."""

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(_("working day"))
    name = models.CharField(_("name"), max_length=50, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")

    def __str__(self):
        return f"{self.date} {self.name}"


class ServiceRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Window staff and community admins: their community; grid workers: their grids and what
        they reported; liaisons: what was dispatched to their department; officials: their area."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        # Literal id lists, and only the conditions that apply: PostgreSQL then picks the index of
        # each (community, grid, department) instead of scanning for an OR of subqueries.
        desk = scope_community_ids(user, Audience.DESK, Audience.OVERSEERS)
        grids = scope_grid_ids(user, Audience.WALKERS)
        departments = list(Department.liaisons.through.objects.filter(user=user).values_list("department", flat=True))
        condition = Q(pk__in=[])
        if desk:
            condition |= Q(community_id__any=desk)
        if grids:
            condition |= Q(grid_id__any=grids) | Q(reported_by=user)
        if departments:
            condition |= Q(department_id__in=departments)
        return self.filter(condition)

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today=None):
        """Open requests whose due date has passed."""
        return self.open().filter(due_date__lt=today or timezone.localdate())

    def due_on(self, day):
        return self.open().filter(due_date=day)

    def due_soon(self, today=None):
        """Open requests due today or on the next day (ServiceRequest.is_due_soon, in the database)."""
        today = today or timezone.localdate()
        return self.open().filter(due_date__gte=today, due_date__lte=today + datetime.timedelta(days=1))


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class ServiceRequest(models.Model):
    number = models.CharField(_("number"), max_length=32, unique=True, editable=False)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel, default=Channel.WINDOW)
    resident = models.ForeignKey(
        Resident,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_requests",
        verbose_name=_("resident"),
    )
    contact_name = models.CharField(_("contact name"), max_length=50, blank=True)
    contact_phone = PhoneField(_("contact phone"), max_length=20, blank=True, validators=[validate_phone])
    # The keys below are indexed by the composite indexes of Meta.indexes that start with them.
    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        related_name="service_requests",
        verbose_name=_("community"),
        db_index=False,
    )
    grid = models.ForeignKey(
        Grid,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_requests",
        verbose_name=_("grid"),
        db_index=False,
    )
    location = models.CharField(_("place"), max_length=200, blank=True)
    item = models.ForeignKey(
        ServiceItem,
        on_delete=models.PROTECT,
        related_name="requests",
        verbose_name=_("service item"),
        db_index=False,
    )
    description = models.TextField(_("description"), blank=True)
    materials_received = models.JSONField(_("materials received"), default=list, blank=True)
    # 容缺受理: accepted with these materials still to come (listed on the receipt).
    materials_pending = models.JSONField(_("materials to follow"), default=list, blank=True, db_default=[])
    priority = models.CharField(_("priority"), max_length=16, choices=Priority, default=Priority.NORMAL)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.RECEIVED)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    due_date_provisional = models.BooleanField(
        _("due date may move"),
        default=False,
        help_text=_("The holiday schedule of a year it spans is not entered yet."),
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("department"),
        db_index=False,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("staff assigned"),
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("received by")
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reported_requests",
        verbose_name=_("reported by"),
        db_index=False,
    )
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    dispute_outcome = models.CharField(_("mediation outcome"), max_length=16, choices=DisputeOutcome, blank=True)
    satisfaction = models.CharField(_("satisfaction"), max_length=20, choices=Satisfaction, blank=True)
    callback_notes = models.TextField(_("callback notes"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # The first callback's result: a "dissatisfied" one sends the request back for re-handling (重办),
    # and the rates count first-time results apart from the final ones.
    first_satisfaction = models.CharField(
        _("first callback"), max_length=20, choices=Satisfaction, blank=True, db_default=""
    )
    first_callback_at = models.DateTimeField(_("first callback at"), null=True, blank=True)
    rehandled = models.PositiveSmallIntegerField(_("times re-handled"), default=0, db_default=0, editable=False)
    # A ticket of another system (the 12345 hotline): its number, unique per source, and its own deadlines.
    ticket_source = models.CharField(_("ticket source"), max_length=32, blank=True, db_default="")
    ticket_number = models.CharField(_("ticket number"), max_length=40, blank=True, db_default="")
    contact_deadline = models.DateTimeField(_("contact the caller by"), null=True, blank=True)
    handling_deadline = models.DateTimeField(_("handle by"), null=True, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_default=Now())
    # The last 督办 note of the street on it (an event "supervise"), whether it was due or not.
    supervised_at = models.DateTimeField(_("last supervision note"), null=True, blank=True, editable=False)
    # A fresh key in every intake form: submitting the same form twice creates one request.
    submission_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ServiceRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        permissions = [
            ("report_incident", _("Can report incidents seen in the grid")),
            ("supervise_servicerequest", _("Can issue supervision notes on requests")),
        ]
        indexes = [
            models.Index(fields=["community", "status", "-id"], name="request_community_status"),
            models.Index(fields=["community", "-id"], name="request_community"),
            models.Index(fields=["grid", "-id"], name="request_grid"),
            models.Index(fields=["department", "status", "-id"], name="request_department_status"),
            models.Index(fields=["reported_by", "-id"], name="request_reported_by"),
            models.Index(
                fields=["community", "due_date"],
                include=["grid"],  # overdue counts per community or grid read the index alone
                name="request_open_due",
                condition=Q(status__in=["received", "dispatched", "in_progress", "returned"]),
            ),
            # The open requests of many communities (a district's overdue list), newest first: a walk of the
            # open ones alone, instead of reading a whole district's open requests to sort them.
            models.Index(
                fields=["-id"],
                name="request_open_newest",
                condition=Q(status__in=["received", "dispatched", "in_progress", "returned"]),
            ),
            models.Index(fields=["item", "-id"], name="request_item"),
            # A period's requests by date of receipt or of resolution, as the dashboards' figures link to them:
            # date first for the page, newest first over any scope (keyset_page's `by`) and the count of a
            # wide scope from the index alone; community first for the count of a few communities (a
            # street), one index range each, wherever their ids lie.
            models.Index(fields=["received_at", "community"], name="request_received_community"),
            models.Index(fields=["community", "received_at"], name="request_community_received"),
            # A period's requests of an item (a category's items) or a channel, as the dashboards' breakdowns
            # link to them: counted from the index alone.
            models.Index(fields=["item", "received_at"], include=["community"], name="request_item_received"),
            models.Index(fields=["channel", "received_at"], include=["community"], name="request_channel_received"),
            models.Index(
                fields=["resolved_at", "community"],
                name="request_resolved_community",
                condition=Q(resolved_at__isnull=False),
            ),
            models.Index(
                fields=["community", "resolved_at"],
                name="request_community_resolved",
                condition=Q(resolved_at__isnull=False),
            ),
            models.Index(fields=["channel", "-id"], name="request_channel"),
            models.Index(fields=["updated_at"], name="request_updated_at"),
            # The desk's "with a 督办 note" figure: the few requests that have one.
            models.Index(fields=["community"], name="request_supervised", condition=Q(supervised_at__isnull=False)),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(satisfaction="") | Q(status="closed"),
                name="request_rated_only_when_closed",
                violation_error_message=_("Satisfaction is recorded at the callback that closes a request."),
            ),
            models.UniqueConstraint(
                fields=["ticket_source", "ticket_number"],
                condition=~Q(ticket_number=""),
                name="request_ticket_unique_per_source",
                violation_error_message=_("A request with this ticket number already exists."),
            ),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("services:request-detail", args=[self.pk])

    @property
    def masked_contact_phone(self):
        return mask_phone(self.contact_phone)

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self):
        return self.is_open and self.due_date is not None and self.due_date < timezone.localdate()

    @property
    def is_due_soon(self):
        """Open and due today or on the next day."""
        if not self.is_open or self.due_date is None or self.is_overdue:
            return False
        return (self.due_date - timezone.localdate()).days <= 1


class RequestEvent(models.Model):
    """One step of a request's life: who moved it from which status to which, when, and why."""

    request = models.ForeignKey(
        ServiceRequest, on_delete=models.PROTECT, related_name="timeline", verbose_name=_("request"), db_index=False
    )
    action = models.CharField(_("action"), max_length=20)
    from_status = models.CharField(_("from"), max_length=16, choices=Status, blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=Status)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("request event")
        verbose_name_plural = _("request events")
        indexes = [models.Index(fields=["request", "at"], name="request_event_request")]

    def __str__(self):
        return f"{self.request} {self.action}"


class RequestNumberCounter(models.Model):
    """The last sequence number given out per community and day, for readable request numbers."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["community", "day"], name="request_counter_community_day")]

    def __str__(self):
        return f"{self.community_id} {self.day} {self.last}"


class SupervisionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The 督办 list of the community admins and officials overseeing the requests' communities."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(community_id__in=scope_community_ids(user, Audience.OVERSEERS))


class Supervision(models.Model):
    """督办: an open request that is due soon or overdue, as the periodic task (services.tasks) last
    found it; deleted by that task once the request is done. Notes of the street (“督办意见”) are
    events of the request (action "supervise"); `ServiceRequest.supervised_at` is the last one's time."""

    class Level(models.TextChoices):
        DUE_SOON = "due_soon", _("Due soon")
        OVERDUE = "overdue", _("Overdue")

    request = models.OneToOneField(
        ServiceRequest, on_delete=models.CASCADE, primary_key=True, related_name="supervision"
    )
    # The request's community, department and channel, copied by the task: the ranking and the list
    # group and filter on them without reading the request table.
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+", db_index=False)
    department = models.ForeignKey(Department, on_delete=models.SET_NULL, null=True, related_name="+", db_index=False)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel, db_default="")
    level = models.CharField(_("level"), max_length=16, choices=Level)
    due_at = models.DateTimeField(_("due"))
    marked_at = models.DateTimeField(_("marked at"), default=timezone.now)

    objects = SupervisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("supervised request")
        verbose_name_plural = _("supervised requests")
        indexes = [models.Index(fields=["community", "level", "due_at"], name="supervision_community")]

    def __str__(self):
        return f"{self.request_id} {self.level}"

    @property
    def days_overdue(self) -> int:
        # Due at the end of a day (midnight after it) or at a time within it: that day is the due day.
        due_day = timezone.localtime(self.due_at - datetime.timedelta(microseconds=1)).date()
        return max((timezone.localdate() - due_day).days, 0)


def attachment_path(attachment, filename):
    # The stored name says nothing of the request or the person: a random name in a month folder.
    return f"requests/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}.jpg"


class RequestAttachment(models.Model):
    """A photo of a request: taken by a grid worker reporting it, given at intake, or showing how it
    was resolved. Re-encoded on upload (services.attachments), so no location metadata is kept;
    downloaded only through the request's page by those who may see the request."""

    class Stage(models.TextChoices):
        REPORT = "report", _("Report")
        REQUEST = "request", _("Request")
        RESOLUTION = "resolution", _("Resolution")

    request = models.ForeignKey(ServiceRequest, on_delete=models.PROTECT, related_name="attachments")
    stage = models.CharField(_("stage"), max_length=16, choices=Stage)
    file = models.FileField(_("file"), upload_to=attachment_path)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return f"{self.request_id} {self.stage} {self.pk}"

    def get_absolute_url(self):
        return reverse("services:request-attachment", args=[self.request_id, self.pk])
