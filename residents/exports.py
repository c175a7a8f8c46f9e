"""What the resident and household lists export (exports/): the columns of each, masked as on the pages."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from exports.writing import Column, ListExport

from .choices import Relationship
from .models import HouseholdMembership, ResidentTag


def _id_number(resident, context):
    return resident.id_number if context.full else resident.masked_id_number


def _phone(resident, context):
    return resident.phone if context.full else resident.masked_phone


class ResidentExport(ListExport):
    title = _("Residents")
    personal = True

    def columns(self, context):
        return [
            Column(_("Name"), lambda r, c: r.name, 10),
            Column(_("ID number"), _id_number, 21),
            Column(_("Gender"), lambda r, c: r.get_gender_display(), 6),
            Column(_("Date of birth"), lambda r, c: r.birth_date, 12),
            Column(_("Phone"), _phone, 14),
            Column(_("Ethnicity"), lambda r, c: r.get_ethnicity_display(), 8),
            Column(_("Political status"), lambda r, c: r.get_political_status_display(), 12),
            Column(_("Residence type"), lambda r, c: r.get_residence_type_display(), 10),
            Column(_("Community"), lambda r, c: r.community.name, 14),
            Column(_("Grid"), lambda r, c: r.grid.name, 10),
            Column(_("Dwelling"), lambda r, c: str(r.dwelling), 28),
            Column(_("Moved in on"), lambda r, c: r.moved_in_on, 12),
            Column(_("Special groups"), lambda r, c: "、".join(t.get_kind_display() for t in r.current_tags), 20),
            Column(_("Status"), lambda r, c: r.get_status_display(), 8),
        ]

    def prepare(self, queryset, context):
        tags = ResidentTag.objects.current().shown_to(context.user).order_by("kind")
        return (
            queryset.defer(None)
            .select_related("dwelling__building__compound", "grid", "community")
            .prefetch_related(Prefetch("tags", queryset=tags, to_attr="current_tags"))
        )


class HouseholdExport(ListExport):
    title = _("Households")
    personal = False

    def columns(self, context):
        return [
            Column(_("Household number"), lambda h, c: h.number, 14),
            Column(_("Head of household"), lambda h, c: h.heads[0].resident.name if h.heads else "", 10),
            Column(_("Members"), lambda h, c: len(h.members), 6),
            Column(_("Community"), lambda h, c: h.dwelling.grid.community.name, 14),
            Column(_("Grid"), lambda h, c: h.dwelling.grid.name, 10),
            Column(_("Dwelling"), lambda h, c: str(h.dwelling), 28),
            Column(_("Kind"), lambda h, c: h.get_kind_display(), 8),
        ]

    def prepare(self, queryset, context):
        current = HouseholdMembership.objects.current()
        return queryset.prefetch_related(
            Prefetch("memberships", queryset=current.only("id", "household_id"), to_attr="members"),
            Prefetch(
                "memberships",
                queryset=current.filter(relationship=Relationship.HEAD)
                .select_related("resident")
                .only("id", "household_id", "resident__name"),
                to_attr="heads",
            ),
        )
