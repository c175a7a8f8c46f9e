from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DepartmentKind(models.TextChoices):
    COMMUNITY_OFFICE = "community_office", _("Community office")
    STREET_DEPARTMENT = "street_department", _("Street department")
    RESIDENT_UNIT = "resident_unit", _("Resident unit")
    PROPERTY_COMPANY = "property_company", _("Property management company")


class Function(models.TextChoices):
    """What a department does; a catalogue item names the function that handles it."""

    COMMUNITY_COMMITTEE = "community_committee", _("Community residents' committee")
    CIVIL_AFFAIRS = "civil_affairs", _("Civil affairs")
    SOCIAL_SECURITY = "social_security", _("Social security")
    URBAN_MANAGEMENT = "urban_management", _("Urban management")
    HOUSING = "housing", _("Housing")
    COMPREHENSIVE_GOVERNANCE = "comprehensive_governance", _("Comprehensive governance and mediation")
    HEALTH = "health", _("Health")
    VETERANS = "veterans", _("Veterans' services")
    DISABLED_PERSONS = "disabled_persons", _("Disabled persons' federation")
    MUNICIPAL = "municipal", _("Municipal facilities and sanitation")
    PROPERTY = "property", _("Property management")
    PARTY_AFFAIRS = "party_affairs", _("Party affairs")
    PUBLIC_SECURITY = "public_security", _("Police station and household registration")
    MARKET_SUPERVISION = "market_supervision", _("Market supervision")
    OTHER = "other", _("Other")


class Channel(models.TextChoices):
    WINDOW = "window", _("Service window")
    HOTLINE = "hotline", _("12345 hotline")
    GRID_REPORT = "grid_report", _("Grid report")
    PHONE = "phone", _("Phone call")
    VISIT = "visit", _("Home visit")
    ONLINE = "online", _("Online")


class Priority(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")


class Status(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("request status", "Received")
    DISPATCHED = "dispatched", pgettext_lazy("request status", "Dispatched")
    IN_PROGRESS = "in_progress", _("In progress")
    RETURNED = "returned", _("Returned by the department")
    RESOLVED = "resolved", pgettext_lazy("request status", "Resolved")
    CLOSED = "closed", _("Closed after callback")
    REJECTED = "rejected", _("Not accepted")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATUSES = frozenset({Status.RECEIVED, Status.DISPATCHED, Status.IN_PROGRESS, Status.RETURNED})
FINAL_STATUSES = frozenset({Status.CLOSED, Status.REJECTED, Status.CANCELLED})


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    FAIRLY_SATISFIED = "fairly_satisfied", _("Fairly satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")


class DisputeOutcome(models.TextChoices):
    MEDIATED = "mediated", _("Mediated")
    NOT_MEDIATED = "not_mediated", _("Not mediated")
