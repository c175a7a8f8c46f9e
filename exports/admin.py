from django.contrib import admin

from grids.admin import ScopedAdmin

from .models import Export


@admin.register(Export)
class ExportAdmin(ScopedAdmin):
    """The log of who took which rows, read only: the file itself is never shown here."""

    list_display = ["created_at", "created_by", "title", "total_rows", "full_personal_data", "status"]
    list_filter = ["full_personal_data", "status"]
    search_fields = ["created_by__username", "title", "path"]
    date_hierarchy = "created_at"
    exclude = ["file"]
    list_select_related = ["created_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
