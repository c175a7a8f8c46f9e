from django.contrib import admin, messages
from django.contrib.auth.models import Group
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from .models import Building, Community, Compound, District, Dwelling, Grid, StaffPost, Street
from .roles import Role


class OutOfScope(Exception):
    """A back-office save that would leave the record outside the user's area: rolled back."""


class ScopedChoicesMixin:
    """For staff who are not superusers, every foreign-key and many-to-many choice of a back-office
    form is one of the rows they may see (`visible_to(user)`): a dwelling, household or organisation
    of another area is not a valid choice, and the form says so with everything else kept."""

    def get_field_queryset(self, db, db_field, request):
        queryset = super().get_field_queryset(db, db_field, request)
        if request.user.is_superuser:
            return queryset
        related = db_field.remote_field.model
        manager = related._default_manager
        if not hasattr(manager, "visible_to"):
            return queryset  # not kept by area (the catalogue, users)
        visible = manager.visible_to(request.user)
        return visible if queryset is None else queryset.filter(pk__in=visible.values("pk"))


class ScopedAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    """Staff who are not superusers see in the back office only the rows in their scope, choose only
    rows in it, and save nothing that would leave it (re-checked inside the save's transaction).

    Records kept on the portal's own pages (`kept_on_pages`: residents, members, visits, requests …)
    are only read here by them: the pages save them through their actions, with the version check,
    the history and the events those keep."""

    kept_on_pages = False

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        visible = self.model.objects.visible_to(request.user)
        if hasattr(visible, "shown_to"):  # tags and visits of the kinds the user may see
            visible = visible.shown_to(request.user)
        return queryset.filter(pk__in=visible.values("pk"))

    def has_add_permission(self, request, *args):
        if self.kept_on_pages and not request.user.is_superuser:
            return False
        return super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        if self.kept_on_pages and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if self.kept_on_pages and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if change and hasattr(obj, "version"):
            obj.version += 1  # an edit the pages had open is then refused as stale, not overwritten
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not request.user.is_superuser:
            manager = self.model._default_manager
            scope = manager.editable_by(request.user) if hasattr(manager, "editable_by") else None
            if scope is None and hasattr(manager, "visible_to"):
                scope = manager.visible_to(request.user)
            if scope is not None and not scope.filter(pk=form.instance.pk).exists():
                raise OutOfScope

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except OutOfScope:  # raised inside the admin's transaction: nothing of the save is kept
            self.message_user(
                request, _("This change would put the record outside your area, so nothing was saved."), messages.ERROR
            )
            return HttpResponseRedirect(request.get_full_path())


class ScopedInline(ScopedChoicesMixin, admin.TabularInline):
    """An inline whose choices are narrowed as the page's own (ScopedChoicesMixin)."""


@admin.register(District)
class DistrictAdmin(ScopedAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Street)
class StreetAdmin(ScopedAdmin):
    list_display = ["code", "name", "district"]
    list_filter = ["district"]
    list_select_related = ["district"]
    search_fields = ["code", "name"]


@admin.register(Community)
class CommunityAdmin(ScopedAdmin):
    list_display = ["code", "name", "street"]
    list_filter = ["street"]
    list_select_related = ["street"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["street"]


@admin.register(Grid)
class GridAdmin(ScopedAdmin):
    list_display = ["name", "number", "community"]
    list_filter = ["community__street", "community"]
    list_select_related = ["community"]
    search_fields = ["name", "community__name"]
    autocomplete_fields = ["community"]


@admin.register(StaffPost)
class StaffPostAdmin(ScopedAdmin):
    kept_on_pages = True  # posts are given by superusers (and the pages' own assignment)
    list_display = ["user", "role", "area", "started_on", "ended_on"]
    list_filter = ["role", "ended_on"]
    list_select_related = ["user", "district", "street", "community__street", "grid__community"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user", "district", "street", "community", "grid"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # The post's role only means something with the role group's permissions.
        obj.user.groups.add(Group.objects.get(name=Role(obj.role).group_name))


@admin.register(Compound)
class CompoundAdmin(ScopedAdmin):
    list_display = ["name", "kind", "community"]
    list_filter = ["kind", "community__street", "community"]
    list_select_related = ["community"]
    search_fields = ["name"]
    autocomplete_fields = ["community"]


@admin.register(Building)
class BuildingAdmin(ScopedAdmin):
    list_display = ["name", "compound"]
    list_filter = ["compound__community"]
    list_select_related = ["compound"]
    search_fields = ["name", "compound__name"]
    autocomplete_fields = ["compound"]


@admin.register(Dwelling)
class DwellingAdmin(ScopedAdmin):
    list_display = ["__str__", "use", "grid"]
    list_filter = ["use", "grid__community"]
    list_select_related = ["building__compound", "grid__community"]
    search_fields = ["address", "room", "building__name", "building__compound__name"]
    autocomplete_fields = ["building", "grid"]
