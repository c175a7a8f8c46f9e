from django.contrib import admin
from django.contrib.auth.models import Group

from .models import Building, Community, Compound, District, Dwelling, Grid, StaffPost, Street
from .roles import Role


class ScopedAdmin(admin.ModelAdmin):
    """Staff who are not superusers see in the back office only the rows in their scope."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        visible = self.model.objects.visible_to(request.user)
        if hasattr(visible, "shown_to"):  # tags and visits of the kinds the user may see
            visible = visible.shown_to(request.user)
        return queryset.filter(pk__in=visible.values("pk"))


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
