from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from grids.admin import ScopedAdmin, ScopedInline

from . import actions
from .forms import MaskedPersonalFieldsMixin
from .models import Household, HouseholdMembership, PersonalDataAccess, Resident, ResidentTag, Visit


class MaskedPersonalForm(MaskedPersonalFieldsMixin, forms.ModelForm):
    """The admin's change form of a person: the ID number and phone masked, as on the portal's forms."""


class MembershipInline(ScopedInline):
    model = HouseholdMembership
    extra = 0
    autocomplete_fields = ["resident", "household"]


@admin.register(Resident)
class ResidentAdmin(ScopedAdmin):
    kept_on_pages = True
    form = MaskedPersonalForm
    list_display = ["name", "masked_id_number", "gender", "birth_date", "dwelling", "residence_type", "status"]
    list_filter = ["status", "residence_type", "political_status", "dwelling__grid__community"]
    list_select_related = ["dwelling__building__compound"]
    # Full ID numbers are not searchable here: an admin search puts its text in the address.
    search_fields = ["name", "name_initials", "phone"]
    autocomplete_fields = ["dwelling"]
    readonly_fields = ["birth_date", "gender", "name_initials", "version", "created_at", "updated_at"]
    inlines = [MembershipInline]
    show_full_result_count = False

    @admin.display(description=_("ID number"))
    def masked_id_number(self, resident):
        return resident.masked_id_number

    def has_delete_permission(self, request, obj=None):
        return False  # people are never deleted: they move out or die (status)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not request.user.has_perm("residents.view_full_personal_data"):
            fields += ["id_number", "phone"]
        return fields

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is not None and not request.user.has_perm("residents.view_full_personal_data"):
            fields = [f for f in fields if f not in ("id_number", "phone")]
        return fields


@admin.register(Household)
class HouseholdAdmin(ScopedAdmin):
    list_display = ["number", "kind", "dwelling"]
    list_filter = ["kind", "dwelling__grid__community"]
    list_select_related = ["dwelling__building__compound"]
    search_fields = ["number"]
    autocomplete_fields = ["dwelling"]
    readonly_fields = ["version"]
    inlines = [MembershipInline]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ResidentTag)
class ResidentTagAdmin(ScopedAdmin):
    kept_on_pages = True
    list_display = ["resident", "kind", "since", "until"]
    list_filter = ["kind", "until"]
    list_select_related = ["resident"]
    search_fields = ["resident__name"]
    autocomplete_fields = ["resident"]


@admin.register(Visit)
class VisitAdmin(ScopedAdmin):
    kept_on_pages = True
    list_display = ["visited_on", "kind", "household", "resident", "worker", "follow_up_needed"]
    list_filter = ["kind", "follow_up_needed", "grid__community"]
    list_select_related = ["household", "resident", "worker"]
    search_fields = ["household__number", "resident__name"]
    autocomplete_fields = ["household", "resident"]
    readonly_fields = ["worker"]  # who logged the visit: the action sets it
    date_hierarchy = "visited_on"

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:  # the grid and the worker are the action's to set, as on the visit page
            actions.visit_record(user=request.user, visit=obj)


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(ScopedAdmin):
    list_display = ["at", "user", "resident", "field", "granted"]
    list_filter = ["field", "granted"]
    list_select_related = ["user", "resident"]
    search_fields = ["user__username", "resident__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
