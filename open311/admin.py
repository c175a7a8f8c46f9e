from django.contrib import admin, messages
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from grids.admin import ScopedAdmin

from .actions import key_revoke
from .models import ApiCall, ApiClient, ApiKey


class ApiKeyInline(admin.TabularInline):
    model = ApiKey
    fields = ["prefix", "created_at", "created_by", "last_used_at", "revoked_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ApiClient)
class ApiClientAdmin(ScopedAdmin):
    list_display = ["name", "area", "channel", "may_read", "may_create", "may_callback", "active", "created_at"]
    list_filter = ["active", "channel"]
    list_select_related = ["district", "street", "community"]
    search_fields = ["name", "ticket_source"]
    autocomplete_fields = ["district", "street", "community"]
    readonly_fields = ["new_key"]
    inlines = [ApiKeyInline]

    def get_readonly_fields(self, request, obj=None):
        # The ticket source says whose ticket numbers a client sends (the 12345 hotline's, say): set by
        # superusers, so that no community client can take numbers of another system's tickets.
        fields = super().get_readonly_fields(request, obj)
        return fields if request.user.is_superuser else [*fields, "ticket_source"]

    @admin.display(description=_("Keys"))
    def new_key(self, obj):
        if obj is None or obj.pk is None:
            return _("Its first key is shown once, when the client is saved.")
        url = reverse("admin:open311_apiclient_new_key", args=[obj.pk])
        return format_html('<a class="button" href="{}">{}</a>', url, _("Issue a new key"))

    def get_urls(self):
        return [
            path(
                "<int:pk>/new-key/",
                self.admin_site.admin_view(self.issue_key_view),
                name="open311_apiclient_new_key",
            ),
            *super().get_urls(),
        ]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        from .actions import client_create

        fields = {field: form.cleaned_data.get(field) for field in form.cleaned_data}
        created, secret = client_create(created_by=request.user, **fields)
        obj.pk, obj.user_id, obj._state.adding = created.pk, created.user_id, False
        request._api_key_shown = (created, secret)

    def response_add(self, request, obj, post_url_continue=None):
        created, secret = request._api_key_shown
        return self.key_page(request, created, secret)

    def issue_key_view(self, request, pk):
        client = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_change_permission(request, client):
            return self.changelist_view(request)
        if request.method != "POST":
            context = {**self.admin_site.each_context(request), "client": client, "opts": self.opts, "confirm": True}
            return TemplateResponse(request, "admin/open311/new_key.html", context)
        _key, secret = ApiKey.issue(client, created_by=request.user)
        return self.key_page(request, client, secret)

    def key_page(self, request, client, secret):
        context = {**self.admin_site.each_context(request), "client": client, "opts": self.opts, "secret": secret}
        return TemplateResponse(request, "admin/open311/new_key.html", context)  # admin_view: never cached


@admin.register(ApiKey)
class ApiKeyAdmin(ScopedAdmin):
    list_display = ["prefix", "client", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    list_select_related = ["client"]
    readonly_fields = ["client", "prefix", "created_at", "created_by", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # keys are issued from their client's page

    @admin.action(description=_("Revoke the selected keys"), permissions=["change"])
    def revoke(self, request, queryset):
        for key in queryset:
            key_revoke(key)
        self.message_user(request, _("The keys are revoked."), messages.SUCCESS)


@admin.register(ApiCall)
class ApiCallAdmin(ScopedAdmin):
    list_display = ["at", "client", "method", "endpoint", "status", "service_request_id", "duration_ms"]
    list_filter = ["status", "method"]
    list_select_related = ["client"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
