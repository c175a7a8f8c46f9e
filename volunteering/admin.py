"""The back office: read only for staff who are not superusers (kept on the portal's pages, with
their version check and history), scoped to the rows they see."""

from django.contrib import admin

from grids.admin import ScopedAdmin

from .models import (
    Membership,
    OrganisationActivity,
    ServiceHours,
    ServiceRecord,
    SocialOrganisation,
    StarRating,
    Team,
    Volunteer,
)


class KeptOnPages(ScopedAdmin):
    kept_on_pages = True

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Team)
class TeamAdmin(KeptOnPages):
    list_display = ["name", "kind", "community", "leader", "founded_on", "status"]
    list_filter = ["kind", "status"]
    list_select_related = ["community", "leader"]
    search_fields = ["name"]
    raw_id_fields = ["leader"]


@admin.register(Volunteer)
class VolunteerAdmin(KeptOnPages):
    list_display = ["name", "community", "masked_phone", "joined_on", "status"]
    list_filter = ["status"]
    list_select_related = ["community", "resident"]
    search_fields = ["name"]
    exclude = ["phone"]
    raw_id_fields = ["resident"]


@admin.register(Membership)
class MembershipAdmin(KeptOnPages):
    list_display = ["team", "volunteer", "since", "until"]
    list_select_related = ["team", "volunteer"]
    raw_id_fields = ["team", "volunteer"]


@admin.register(ServiceRecord)
class ServiceRecordAdmin(KeptOnPages):
    list_display = ["date", "title", "team", "status", "confirmed_by", "confirmed_at"]
    list_filter = ["status"]
    list_select_related = ["team", "confirmed_by"]
    date_hierarchy = "date"
    raw_id_fields = ["team"]
    exclude = ["community"]


@admin.register(ServiceHours)
class ServiceHoursAdmin(KeptOnPages):
    list_display = ["record", "volunteer", "hours"]
    list_select_related = ["record", "volunteer"]
    raw_id_fields = ["record", "volunteer"]


@admin.register(SocialOrganisation)
class SocialOrganisationAdmin(KeptOnPages):
    list_display = ["name", "kind", "community", "registration_number", "registered_on", "stars", "status"]
    list_filter = ["kind", "status", "stars"]
    list_select_related = ["community"]
    search_fields = ["name", "registration_number"]
    exclude = ["leader_phone"]


@admin.register(OrganisationActivity)
class OrganisationActivityAdmin(KeptOnPages):
    list_display = ["date", "title", "organisation", "participants"]
    list_select_related = ["organisation"]
    raw_id_fields = ["organisation"]


@admin.register(StarRating)
class StarRatingAdmin(KeptOnPages):
    list_display = ["organisation", "year", "total", "stars", "rated_on", "rated_by"]
    list_filter = ["year", "stars"]
    list_select_related = ["organisation", "rated_by"]
    raw_id_fields = ["organisation"]
