from django.contrib import admin

from grids.admin import ScopedAdmin

from .models import QueueLine, Ticket


@admin.register(QueueLine)
class QueueLineAdmin(ScopedAdmin):
    list_display = ["community", "letter", "name", "active", "order"]
    list_filter = ["active"]
    list_select_related = ["community"]
    autocomplete_fields = ["community"]


@admin.register(Ticket)
class TicketAdmin(ScopedAdmin):
    kept_on_pages = True  # issued and called on the queue's pages
    list_display = ["day", "line", "number", "status", "window", "issued_at", "called_at", "finished_at"]
    list_filter = ["status", "day"]
    list_select_related = ["line"]
    raw_id_fields = ["request"]
