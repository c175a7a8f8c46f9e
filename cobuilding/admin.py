from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from grids.admin import ScopedAdmin

from .models import HelpVisit, Need, Pairing, Project, Resource


@admin.register(Resource)
class ResourceAdmin(ScopedAdmin):
    kept_on_pages = True  # kept on the lists' pages, with their version check
    list_display = ["title", "community", "kind", "offered_by", "status"]
    list_filter = ["status", "kind"]
    list_select_related = ["community"]
    search_fields = ["title"]
    raw_id_fields = ["resident"]
    exclude = ["contact_phone"]  # shown masked; the full number is never in the back office
    readonly_fields = ["masked_contact_phone"]

    @admin.display(description=_("contact phone"))
    def masked_contact_phone(self, resource):
        return resource.masked_contact_phone


@admin.register(Need)
class NeedAdmin(ScopedAdmin):
    kept_on_pages = True
    list_display = ["pk", "community", "kind", "urgency", "status", "created_at"]
    list_filter = ["status", "kind", "urgency"]
    list_select_related = ["community"]
    raw_id_fields = ["household", "resident", "visit", "request"]


@admin.register(Project)
class ProjectAdmin(ScopedAdmin):
    kept_on_pages = True
    list_display = ["title", "community", "status", "starts_on", "ends_on"]
    list_filter = ["status"]
    list_select_related = ["community"]
    search_fields = ["title"]
    filter_horizontal = ["needs", "resources"]


@admin.register(Pairing)
class PairingAdmin(ScopedAdmin):
    kept_on_pages = True
    list_display = ["household", "organisation", "unit", "community", "status", "starts_on"]
    list_filter = ["status"]
    list_select_related = ["household", "organisation", "unit", "community"]
    raw_id_fields = ["household"]


@admin.register(HelpVisit)
class HelpVisitAdmin(ScopedAdmin):
    kept_on_pages = True
    list_display = ["visited_on", "pairing", "visitors", "hours"]
    list_select_related = ["pairing__household"]
    raw_id_fields = ["pairing"]
