"""The back office: honour kinds are kept here (district-wide); nominations are kept on the portal's pages
(their flow, version check and history) and only read here by staff, scoped to the rows they see."""

from django.contrib import admin

from grids.admin import ScopedAdmin

from .models import HonourKind, Nomination, Objection


@admin.register(HonourKind)
class HonourKindAdmin(admin.ModelAdmin):
    list_display = ["name", "target", "active"]
    list_filter = ["target", "active"]

    def has_delete_permission(self, request, obj=None):
        return False


class KeptOnPages(ScopedAdmin):
    kept_on_pages = True

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Nomination)
class NominationAdmin(KeptOnPages):
    list_display = ["year", "kind", "nominee", "community", "status", "awarded_on"]
    list_filter = ["year", "kind", "status"]
    list_select_related = ["kind", "community", "household", "resident", "building__compound"]
    raw_id_fields = ["household", "resident", "building"]


@admin.register(Objection)
class ObjectionAdmin(KeptOnPages):
    list_display = ["nomination", "raised_on", "upheld"]
    list_select_related = ["nomination__kind"]
    raw_id_fields = ["nomination"]
