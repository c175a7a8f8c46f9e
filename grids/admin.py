from django.contrib import admin
from django.contrib.auth.models import Group

from .models import Community, District, Grid, StaffPost, Street, area_scope
from .roles import Role


class ScopedAdmin(admin.ModelAdmin):
    """Staff who are not superusers see in the back office only the rows in their scope."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return self.scoped(queryset, area_scope(request.user))

    def scoped(self, queryset, scope):
        raise NotImplementedError


@admin.register(District)
class DistrictAdmin(ScopedAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]

    def scoped(self, queryset, scope):
        return queryset.filter(pk__in=scope.districts.values("pk"))


@admin.register(Street)
class StreetAdmin(ScopedAdmin):
    list_display = ["code", "name", "district"]
    list_filter = ["district"]
    list_select_related = ["district"]
    search_fields = ["code", "name"]

    def scoped(self, queryset, scope):
        return queryset.filter(pk__in=scope.streets.values("pk"))


@admin.register(Community)
class CommunityAdmin(ScopedAdmin):
    list_display = ["code", "name", "street"]
    list_filter = ["street"]
    list_select_related = ["street"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["street"]

    def scoped(self, queryset, scope):
        return queryset.filter(pk__in=scope.communities.values("pk"))


@admin.register(Grid)
class GridAdmin(ScopedAdmin):
    list_display = ["name", "number", "community"]
    list_filter = ["community__street", "community"]
    list_select_related = ["community"]
    search_fields = ["name", "community__name"]
    autocomplete_fields = ["community"]

    def scoped(self, queryset, scope):
        return queryset.filter(pk__in=scope.grids.values("pk"))


@admin.register(StaffPost)
class StaffPostAdmin(ScopedAdmin):
    list_display = ["user", "role", "area", "started_on", "ended_on"]
    list_filter = ["role", "ended_on"]
    list_select_related = ["user", "district", "street", "community__street", "grid__community"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user", "district", "street", "community", "grid"]

    def scoped(self, queryset, scope):
        return queryset.filter(community__in=scope.communities) | queryset.filter(grid__in=scope.grids)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # The post's role only means something with the role group's permissions.
        obj.user.groups.add(Group.objects.get(name=Role(obj.role).group_name))
