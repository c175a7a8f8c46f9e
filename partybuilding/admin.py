from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from grids.admin import ScopedAdmin, ScopedInline
from residents.admin import MaskedPersonalForm

from .models import Activity, CheckIn, Member, Organisation, PointsEntry, PointsRule, Transfer, Unit


@admin.register(Organisation)
class OrganisationAdmin(ScopedAdmin):
    kept_on_pages = True
    list_display = ["name", "kind", "parent", "community", "secretary", "founded_on"]
    list_filter = ["kind", "community"]
    list_select_related = ["parent", "community", "secretary"]
    search_fields = ["name"]
    autocomplete_fields = ["parent", "community", "unit", "secretary"]
    filter_horizontal = ["committee_members"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Unit)
class UnitAdmin(ScopedAdmin):
    list_display = ["name", "credit_code", "community", "agreement_starts_on", "agreement_ends_on"]
    list_filter = ["community"]
    list_select_related = ["community"]
    search_fields = ["name", "credit_code"]
    autocomplete_fields = ["community"]


class TransferInline(ScopedInline):
    model = Transfer
    extra = 0
    fields = ["direction", "on", "from_organisation", "to_organisation", "note", "recorded_by"]
    readonly_fields = ["recorded_by"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Member)
class MemberAdmin(ScopedAdmin):
    kept_on_pages = True
    form = MaskedPersonalForm
    list_display = ["name", "organisation", "standing", "category", "masked_phone", "status"]
    list_filter = ["status", "standing", "category", "organisation__community"]
    list_select_related = ["organisation", "resident"]
    # Full ID numbers are not searchable here: an admin search puts its text in the address.
    search_fields = ["name"]
    autocomplete_fields = ["organisation", "resident", "work_unit"]
    readonly_fields = ["version", "created_at", "updated_at"]
    inlines = [TransferInline]
    show_full_result_count = False

    @admin.display(description=_("phone"))
    def masked_phone(self, member):
        return member.masked_phone

    def has_delete_permission(self, request, obj=None):
        return False  # members are never deleted: they transfer out or die (status)


@admin.register(Activity)
class ActivityAdmin(ScopedAdmin):
    kept_on_pages = True
    list_display = ["title", "kind", "organisation", "starts_at", "place"]
    list_filter = ["kind", "organisation__community"]
    list_select_related = ["organisation"]
    search_fields = ["title"]
    autocomplete_fields = ["organisation", "expected_members"]
    readonly_fields = ["created_by", "created_at"]
    date_hierarchy = "starts_at"


@admin.register(CheckIn)
class CheckInAdmin(ScopedAdmin):
    kept_on_pages = True
    list_display = ["activity", "member", "status", "method", "at", "hours", "hours_confirmed_at"]
    list_filter = ["status", "method"]
    list_select_related = ["activity", "member"]
    search_fields = ["member__name", "activity__title"]
    autocomplete_fields = ["activity", "member"]
    readonly_fields = ["hours_confirmed_by", "hours_confirmed_at", "recorded_by"]
    show_full_result_count = False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PointsEntry)
class PointsEntryAdmin(ScopedAdmin):
    """The ledger is append-only (a database trigger refuses changes too): entries are added, never edited."""

    kept_on_pages = True
    list_display = ["on", "member", "points", "source", "reason", "recorded_by"]
    list_filter = ["source"]
    list_select_related = ["member", "recorded_by"]
    search_fields = ["member__name", "reason"]
    autocomplete_fields = ["member", "check_in", "corrects"]
    date_hierarchy = "on"
    show_full_result_count = False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
            super().save_model(request, obj, form, change)


@admin.register(PointsRule)
class PointsRuleAdmin(admin.ModelAdmin):
    list_display = ["source", "points_per_hour", "yearly_cap"]

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Transfer)
class TransferAdmin(ScopedAdmin):
    kept_on_pages = True
    list_display = ["on", "member", "direction", "from_organisation", "to_organisation", "recorded_by"]
    list_filter = ["direction"]
    list_select_related = ["member", "recorded_by"]
    search_fields = ["member__name", "from_organisation", "to_organisation"]
    autocomplete_fields = ["member"]
    readonly_fields = ["recorded_by"]

    def has_delete_permission(self, request, obj=None):
        return False
