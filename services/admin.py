from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from grids.admin import ScopedAdmin

from . import actions
from .choices import FINAL_STATUSES
from .models import CalendarDay, CalendarYear, Department, RequestEvent, ServiceCategory, ServiceItem, ServiceRequest


@admin.register(Department)
class DepartmentAdmin(ScopedAdmin):
    list_display = ["name", "kind", "function", "street", "community", "active"]
    list_filter = ["kind", "function", "active", "street"]
    list_select_related = ["street", "community"]
    search_fields = ["name"]
    autocomplete_fields = ["street", "community", "liaisons"]


class ServiceItemInline(admin.TabularInline):
    model = ServiceItem
    fields = ["code", "name", "committed_days", "function", "active"]
    extra = 0
    show_change_link = True


@admin.register(ServiceCategory)
class ServiceCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["name"]
    inlines = [ServiceItemInline]


@admin.register(ServiceItem)
class ServiceItemAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "category", "committed_days", "legal_days", "function", "is_dispute", "active"]
    list_filter = ["active", "category", "function", "requires_resident", "is_dispute"]
    list_select_related = ["category"]
    search_fields = ["name", "name_initials", "code", "keywords"]

    def has_delete_permission(self, request, obj=None):
        return False  # retire an item (untick "offered"): its old requests keep it


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "published"]


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "is_working_day", "name"]
    list_filter = ["is_working_day"]
    date_hierarchy = "date"
    search_fields = ["name"]


class RequestEventInline(admin.TabularInline):
    model = RequestEvent
    fields = ["at", "action", "from_status", "to_status", "actor", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ServiceRequest)
class ServiceRequestAdmin(ScopedAdmin):
    """Requests are logged at the window and move through their actions; here they are read, and
    cancelled through the same action as on the request's page."""

    kept_on_pages = True
    list_display = ["number", "item", "community", "channel", "status", "received_at", "due_date", "department"]
    list_filter = ["status", "channel", "item__category", "community__street"]
    list_select_related = ["item", "community", "department"]
    search_fields = ["number"]
    date_hierarchy = "received_at"
    show_full_result_count = False
    inlines = [RequestEventInline]
    actions = ["cancel_requests"]
    readonly_fields = [
        "number",
        "status",
        "received_at",
        "received_by",
        "reported_by",
        "due_date",
        "due_date_provisional",
        "dispatched_at",
        "responded_at",
        "resolved_at",
        "closed_at",
        "satisfaction",
        "dispute_outcome",
        "department",
        "resident",
        "community",
        "grid",
        "item",
        "channel",
        "masked_contact_phone",
    ]
    exclude = ["contact_phone"]  # shown masked (masked_contact_phone); the full value is never in the back office

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status in FINAL_STATUSES:  # a closed request is not edited
            return [f.name for f in obj._meta.concrete_fields if f.name != "contact_phone"] + ["masked_contact_phone"]
        return self.readonly_fields

    @admin.display(description=_("contact phone"))
    def masked_contact_phone(self, service_request):
        return service_request.masked_contact_phone

    @admin.action(description=_("Cancel the selected requests"))
    def cancel_requests(self, request, queryset):
        done = 0
        for service_request in queryset.select_related("item", "community", "department"):
            try:
                actions.request_transition(
                    user=request.user,
                    service_request=service_request,
                    action="cancel",
                    note=str(_("Cancelled in the back office.")),
                )
                done += 1
            except (PermissionDenied, ValidationError):
                continue
        self.message_user(
            request,
            ngettext("%(count)d request cancelled.", "%(count)d requests cancelled.", done) % {"count": done},
            messages.SUCCESS if done else messages.WARNING,
        )
