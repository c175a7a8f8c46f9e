"""What the party lists export (exports/): the member roll (党员花名册) and the activities."""

from django.db.models import Count, Func, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from exports.registers import Register
from exports.writing import Column, ListExport, display
from residents.identity import mask_phone

from .models import Activity, CheckIn, Member


def _id_number(member, context):
    return member.identity_number if context.full else member.masked_id_number


def _phone(member, context):
    return member.identity_phone if context.full else member.masked_phone


class MemberExport(ListExport):
    title = _("Party member roll")
    personal = True

    def columns(self, context):
        return [
            Column(_("Name"), lambda m, c: m.name, 10),
            Column(_("ID number"), _id_number, 21),
            Column(_("Phone"), _phone, 14),
            Column(_("Organisation"), lambda m, c: m.organisation.name, 22),
            Column(_("Standing"), display("standing"), 10),
            Column(_("Joined the party on"), lambda m, c: m.joined_on, 12),
            Column(_("Made a full member on"), lambda m, c: m.confirmed_on, 12),
            Column(_("Category"), display("category"), 14),
            Column(_("Workplace unit"), lambda m, c: m.work_unit.name if m.work_unit_id else "", 22),
            Column(_("Reported to the community on"), lambda m, c: m.reported_on, 12),
            Column(_("Post held"), lambda m, c: m.post, 10),
            Column(_("Lives at"), lambda m, c: str(m.resident.dwelling) if m.resident_id else "", 28),
            Column(_("Status"), display("status"), 8),
        ]

    def prepare(self, queryset, context):
        return queryset.select_related("organisation", "work_unit", "resident__dwelling__building__compound")


class ActivityExport(ListExport):
    title = _("Party activities")

    def columns(self, context):
        return [
            Column(_("Organisation"), lambda a, c: a.organisation.name, 22),
            Column(_("Type"), display("kind"), 12),
            Column(_("Title"), lambda a, c: a.title, 30),
            Column(_("Starts at"), lambda a, c: a.starts_at, 17),
            Column(_("Ends at"), lambda a, c: a.ends_at, 17),
            Column(_("Place"), lambda a, c: a.place, 20),
            Column(_("Expected"), lambda a, c: a.expected_count, 6),
            Column(_("Present"), lambda a, c: a.present_count, 6),
            Column(_("On leave"), lambda a, c: a.leave_count, 6),
            Column(_("Points per attendance"), lambda a, c: a.points, 6),
        ]

    def prepare(self, queryset, context):
        Status = CheckIn.Status
        expected = Activity.expected_members.through.objects.filter(activity=OuterRef("pk"))
        check_ins = CheckIn.objects.filter(activity=OuterRef("pk"))
        return queryset.select_related("organisation").annotate(
            # One count each, not a count over the join of expected members with check-ins.
            expected_count=_count(expected),
            present_count=_count(check_ins.filter(status=Status.PRESENT)),
            leave_count=_count(check_ins.filter(status=Status.LEAVE)),
        )


def _count(rows):
    return Coalesce(Subquery(rows.order_by().values(total=Func("pk", function="COUNT"))), 0)


def reported_members():
    """How many active in-service members reported to the community from the unit (双报到)."""
    return Count(
        "reporting_members",
        filter=Q(
            reporting_members__category=Member.Category.IN_SERVICE, reporting_members__status=Member.Status.ACTIVE
        ),
    )


class UnitExport(ListExport):
    """The resident units (驻区单位) and their co-building."""

    title = _("Resident units")
    personal = True  # the contact person's phone

    def columns(self, context):
        return [
            Column(_("Name"), lambda u, c: u.name, 24),
            Column(_("Unified social credit code"), lambda u, c: u.credit_code, 20),
            Column(_("Community"), lambda u, c: u.community.name, 14),
            Column(_("Address"), lambda u, c: u.address, 28),
            Column(_("Contact person"), lambda u, c: u.contact_name, 10),
            Column(_("Contact phone"), lambda u, c: u.contact_phone if c.full else mask_phone(u.contact_phone), 14),
            Column(_("Co-building agreement from"), lambda u, c: u.agreement_starts_on, 12),
            Column(_("Co-building agreement until"), lambda u, c: u.agreement_ends_on, 12),
            Column(_("Co-building now"), lambda u, c: _agreement(u), 8),
            Column(_("Members reported"), lambda u, c: u.reported, 8),
        ]


class CheckInExport(ListExport):
    """The attendance records (考勤): a row per member and activity."""

    title = _("Attendance records")

    def columns(self, context):
        return [
            Column(_("Activity"), lambda a, c: a.activity.title, 30),
            Column(_("Type"), display("activity.kind"), 12),
            Column(_("Organisation"), lambda a, c: a.activity.organisation.name, 22),
            Column(_("Starts at"), lambda a, c: a.activity.starts_at, 17),
            Column(_("Member"), lambda a, c: a.member.name, 10),
            Column(_("Attendance"), display("status"), 8),
            Column(_("Recorded by way of"), display("method"), 10),
            Column(_("Recorded at"), lambda a, c: a.at, 17),
            Column(_("Reason"), lambda a, c: a.reason, 24),
            Column(_("Volunteer hours"), lambda a, c: a.hours, 8, "0.0"),
        ]

    def prepare(self, queryset, context):
        return queryset.select_related("activity__organisation", "member")


class PointsExport(ListExport):
    """The points ledger (积分明细)."""

    title = _("Points ledger")

    def columns(self, context):
        return [
            Column(_("Date"), lambda p, c: p.on, 12),
            Column(_("Member"), lambda p, c: p.member.name, 10),
            Column(_("Organisation"), lambda p, c: p.member.organisation.name, 22),
            Column(_("Points"), lambda p, c: p.points, 6),
            Column(_("Source"), display("source"), 10),
            Column(_("Reason"), lambda p, c: p.reason, 30),
            Column(_("Recorded at"), lambda p, c: p.created_at, 17),
        ]

    def prepare(self, queryset, context):
        return queryset.select_related("member__organisation")


class InServiceRegister(MemberExport):
    """双报到: the in-service members who reported to the community, by the unit they work at."""

    def columns(self, context):
        return [
            Column(_("Workplace unit"), lambda m, c: m.work_unit.name if m.work_unit_id else "", 24),
            Column(_("Co-building agreement"), lambda m, c: _agreement(m.work_unit), 12),
            Column(_("Workplace party branch"), lambda m, c: m.work_branch, 20),
            Column(_("Name"), lambda m, c: m.name, 10),
            Column(_("Phone"), _phone, 14),
            Column(_("Standing"), display("standing"), 10),
            Column(_("Reported to the community on"), lambda m, c: m.reported_on, 12),
            Column(_("Organisation"), lambda m, c: m.organisation.name, 22),
            Column(_("Post held"), lambda m, c: m.post, 10),
            Column(_("Lives at"), lambda m, c: str(m.resident.dwelling) if m.resident_id else "", 28),
        ]

    ordering = ("work_unit__name", "name", "pk")


def _agreement(unit):
    if unit is None:
        return ""
    return "是" if unit.is_co_building else "否"


REGISTERS = [
    Register(
        "roll",
        _("Party member roll"),
        _("The active members of the branches you see."),
        MemberExport,
        "partybuilding.view_member",
    ),
    Register(
        "reported",
        _("Dual-reporting register"),
        _("In-service members who reported to the community, by workplace unit."),
        InServiceRegister,
        "partybuilding.view_member",
        preset={"category": "in_service"},
    ),
]
