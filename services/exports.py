"""What the request queue exports (exports/): the request ledger (工单台账), with the columns of the
three rates a community reports (响应、办结、满意) for each request."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exports.registers import Register
from exports.writing import Column, ListExport, display


def _yes_no(value):
    return "是" if value else "否"


def _on_time(request):
    if request.resolved_at is None or request.due_date is None:
        return ""
    return _yes_no(timezone.localdate(request.resolved_at) <= request.due_date)


def _phone(request, context):
    return request.contact_phone if context.full else request.masked_contact_phone


class RequestExport(ListExport):
    title = _("Request ledger")
    personal = True

    def columns(self, context):
        return [
            Column(_("Number"), lambda r, c: r.number, 18),
            Column(_("Received at"), lambda r, c: r.received_at, 17),
            Column(_("Channel"), display("channel"), 10),
            Column(_("Category"), lambda r, c: r.item.category.name, 12),
            Column(_("Service item"), lambda r, c: r.item.name, 22),
            Column(_("Community"), lambda r, c: r.community.name, 14),
            Column(_("Grid"), lambda r, c: r.grid.name if r.grid_id else "", 10),
            Column(_("Contact name"), lambda r, c: r.contact_name, 10),
            Column(_("Contact phone"), _phone, 14),
            Column(_("Description"), lambda r, c: r.description, 40),
            Column(_("Priority"), display("priority"), 8),
            Column(_("Status"), display("status"), 8),
            Column(_("Department"), lambda r, c: r.department.name if r.department_id else "", 16),
            Column(_("Due date"), lambda r, c: r.due_date, 12),
            Column(_("Responded at"), lambda r, c: r.responded_at, 17),
            Column(_("Resolved at"), lambda r, c: r.resolved_at, 17),
            Column(_("Responded"), lambda r, c: _yes_no(r.responded_at) if r.dispatched_at else "", 6),
            Column(_("Resolved"), lambda r, c: _yes_no(r.resolved_at), 6),
            Column(_("Resolved on time"), lambda r, c: _on_time(r), 8),
            Column(_("Satisfaction"), display("satisfaction"), 10),
            Column(_("Resolution"), lambda r, c: r.resolution, 40),
        ]

    def prepare(self, queryset, context):
        return queryset.defer(None).select_related("item__category", "community", "grid", "department")


REGISTERS = [
    Register(
        "ledger",
        _("Request ledger"),
        _("Every request received in the month, with whether it was responded to, resolved, on time, and the rating."),
        RequestExport,
        "services.view_servicerequest",
        params={"community": "community", "grid": "grid", "month": ("received_from", "received_to")},
    ),
]
