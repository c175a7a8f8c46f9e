from django.contrib import admin

from grids.admin import ScopedAdmin

from .models import Decision, Meeting, Task, Topic, TopicStep


class EventInline(admin.TabularInline):
    model = TopicStep
    extra = 0
    can_delete = False
    fields = ["at", "action", "from_status", "to_status", "actor", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Topic)
class TopicAdmin(ScopedAdmin):
    kept_on_pages = True  # raised and run on the deliberation pages
    list_display = ["title", "community", "source", "is_dispute", "status", "raised_at"]
    list_filter = ["status", "source", "is_dispute"]
    list_select_related = ["community"]
    search_fields = ["title"]
    raw_id_fields = ["request", "resident", "member", "grid"]
    inlines = [EventInline]


@admin.register(Meeting)
class MeetingAdmin(ScopedAdmin):
    kept_on_pages = True
    list_display = ["topic", "kind", "held_at", "place"]
    list_filter = ["kind"]
    list_select_related = ["topic"]
    raw_id_fields = ["topic"]


@admin.register(Decision)
class DecisionAdmin(ScopedAdmin):
    kept_on_pages = True
    list_display = ["__str__", "topic", "recorded_at"]
    list_select_related = ["topic"]
    raw_id_fields = ["topic", "meeting"]


@admin.register(Task)
class TaskAdmin(ScopedAdmin):
    kept_on_pages = True
    list_display = ["what", "assignee", "department", "due_on", "status", "done_on"]
    list_filter = ["status"]
    list_select_related = ["department"]
    raw_id_fields = ["topic", "decision", "department"]
