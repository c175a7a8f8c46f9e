"""The back office: read only for staff who are not superusers (kept on the portal's pages, with
their version check and history), scoped to the rows they see."""

from django.contrib import admin

from grids.admin import ScopedAdmin

from .models import Drill, Member, Movement, Plan, Supply, Team


class KeptOnPages(ScopedAdmin):
    kept_on_pages = True

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Supply)
class SupplyAdmin(KeptOnPages):
    list_display = ["name", "community", "unit", "quantity", "place", "expires_on"]
    list_select_related = ["community"]
    search_fields = ["name"]


@admin.register(Movement)
class MovementAdmin(KeptOnPages):
    list_display = ["date", "supply", "direction", "quantity", "reason", "recorded_by"]
    list_filter = ["direction"]
    list_select_related = ["supply", "recorded_by"]
    raw_id_fields = ["supply"]


@admin.register(Plan)
class PlanAdmin(KeptOnPages):
    list_display = ["title", "kind", "version_label", "community", "approved_on", "status"]
    list_filter = ["kind", "status"]
    list_select_related = ["community"]
    search_fields = ["title"]


@admin.register(Drill)
class DrillAdmin(KeptOnPages):
    list_display = ["date", "plan", "participants"]
    list_select_related = ["plan"]
    raw_id_fields = ["plan"]


@admin.register(Team)
class TeamAdmin(KeptOnPages):
    list_display = ["name", "community"]
    list_select_related = ["community"]
    search_fields = ["name"]


@admin.register(Member)
class MemberAdmin(KeptOnPages):
    list_display = ["call_order", "name", "masked_phone", "role", "team"]
    list_select_related = ["team"]
    exclude = ["phone"]
    raw_id_fields = ["team"]
