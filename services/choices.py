from django.db import models
from django.utils.translation import gettext_lazy as _


class DepartmentKind(models.TextChoices):
    COMMUNITY_OFFICE = "community_office", _("Community office")
    STREET_DEPARTMENT = "street_department", _("Street department")
    RESIDENT_UNIT = "resident_unit", _("Resident unit (驻区单位)")
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
    WINDOW = "window", _("Service window (窗口)")
    HOTLINE = "hotline", _("12345 hotline")
    GRID_REPORT = "grid_report", _("Grid report (网格上报)")
    PHONE = "phone", _("Phone call")
    VISIT = "visit", _("Home visit (上门)")
    ONLINE = "online", _("Online")


class Priority(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received (已受理)")
    DISPATCHED = "dispatched", _("Dispatched (已派单)")
    IN_PROGRESS = "in_progress", _("In progress (办理中)")
    RETURNED = "returned", _("Returned by the department (已退回)")
    RESOLVED = "resolved", _("Resolved (已办结)")
    CLOSED = "closed", _("Closed after callback (已回访)")
    REJECTED = "rejected", _("Not accepted (不予受理)")
    CANCELLED = "cancelled", _("Cancelled (撤销)")


OPEN_STATUSES = frozenset({Status.RECEIVED, Status.DISPATCHED, Status.IN_PROGRESS, Status.RETURNED})
FINAL_STATUSES = frozenset({Status.CLOSED, Status.REJECTED, Status.CANCELLED})


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied (满意)")
    FAIRLY_SATISFIED = "fairly_satisfied", _("Fairly satisfied (基本满意)")
    DISSATISFIED = "dissatisfied", _("Dissatisfied (不满意)")


class DisputeOutcome(models.TextChoices):
    MEDIATED = "mediated", _("Mediated (调解成功)")
    NOT_MEDIATED = "not_mediated", _("Not mediated (调解不成功)")
