import io

from django.conf import settings
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from common.worker import worker_alive

from . import indicators, periods, rollups
from .areas import area_for, home_area


class DashboardMixin(PermissionRequiredMixin):
    permission_required = "dashboards.view_dashboard"

    def figures(self, request, level, pk, period):
        area = area_for(request.user, level, pk)
        refreshed = rollups.ensure_fresh(background=settings.ROLLUP_REFRESH_IN_BACKGROUND)
        return {
            "area": area,
            "period": period,
            "requests": indicators.requests(area, period),
            "register": indicators.register(area, period, request.user),
            "children": indicators.children(area, period),
            "party": indicators.party(area, period),
            "refreshed_at": refreshed,
            "worker_alive": worker_alive(),
            "max_age_minutes": int(rollups.MAX_AGE.total_seconds() // 60),
        }


class HomeView(DashboardMixin, View):
    """The dashboard opens on the user's own area."""

    def get(self, request):
        area = home_area(request.user)
        if area is None:
            raise Http404
        return redirect(area.get_absolute_url())


class AreaView(DashboardMixin, TemplateView):
    template_name = "dashboards/area.html"

    def get_period(self):
        return periods.parse(self.request.GET)

    def get_context_data(self, level, pk, **kwargs):
        period = self.get_period()
        context = self.figures(self.request, level, pk, period)
        context.update(
            presets=periods.PRESETS,
            definitions=indicators.DEFINITIONS,
            query=urlencode(period.query()),
            **figure_links(context),
            chart_trend=context["requests"]["trend"],
            chart_categories=[
                {"name": row["label"], "value": row["received"]} for row in context["requests"].get("by_category", [])
            ][:12],
            **kwargs,
        )
        return context


def _link(url_name, **params):
    params = {name: value for name, value in params.items() if value not in (None, "")}
    return f"{reverse(url_name)}?{urlencode(params, doseq=True)}" if params else reverse(url_name)


def figure_links(figures) -> dict:
    """Each count of the dashboard with the address of the list that produces it: the list's own
    filters for the area and the period, so that the list counts what the figure counts."""
    area, period = figures["area"], figures["period"]
    where = area.filter_params()  # {"community": 5}; party lists know streets and communities only
    start, end = period.start_date.isoformat(), period.end_date.isoformat()
    party_where = {} if area.level == "grid" else where
    links = {
        "residents": _link("residents:resident-list", **where),
        "households": _link("residents:household-list", **where),
        "visits": _link("residents:visit-list", **where, visited_from=start, visited_to=end),
        "received": _link("services:request-list", **where, received_from=start, received_to=end),
        "resolved": _link("services:request-list", **where, resolved_from=start, resolved_to=end),
        "overdue": _link("services:request-list", **where, status="open", due="overdue"),
        "party_members": _link("partybuilding:member-list", **party_where),
        "attendances": _link(
            "partybuilding:checkin-list", **party_where, status="present", held_from=start, held_to=end
        ),
    }
    register, party = figures["register"], figures["party"]
    return {
        "links": links,
        "type_links": [
            (label, count, _link("residents:resident-list", **where, residence_type=value))
            for value, label, count in register["by_residence_type"]
        ],
        "tag_links": [
            (label, count, _link("residents:tag-list", **where, kind=value))
            for value, label, count in register["by_tag"]
        ],
        "member_links": [
            (label, count, _link("partybuilding:member-list", **party_where, category=value))
            for value, label, count in (party["members"] if party else [])
        ],
        "activity_links": [
            (
                label,
                count,
                _link("partybuilding:activity-list", **party_where, kind=value, starts_from=start, starts_to=end),
            )
            for value, label, count in (party["activities"] if party else [])
        ],
    }


class DefinitionsView(DashboardMixin, TemplateView):
    template_name = "dashboards/definitions.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(definitions=indicators.DEFINITIONS, **kwargs)


class ReportView(AreaView):
    """A printable monthly report of an area."""

    template_name = "dashboards/report.html"

    def get_period(self):
        month = periods.parse_month(self.request.GET.get("month", "")) or timezone.localdate().replace(day=1)
        return periods.Period("custom", month, month)


class ExportView(DashboardMixin, View):
    """Every table of the dashboard as a sheet of one .xlsx workbook (aggregates only, nothing personal)."""

    def get(self, request, level, pk):
        from openpyxl import Workbook

        period = periods.parse(request.GET)
        data = self.figures(request, level, pk, period)
        workbook = Workbook()
        workbook.remove(workbook.active)
        for title, header, rows in export_tables(data):
            sheet = workbook.create_sheet(title[:31])
            sheet.append(header)
            for row in rows:
                sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        name = f"dashboard-{data['area'].level}-{slugify(str(data['area'].obj.pk))}-{period.label}.xlsx"
        response = HttpResponse(
            buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


def _pct(value):
    return None if value is None else round(value * 100, 1)


def export_tables(data):
    requests, register = data["requests"], data["register"]
    rate_header = [_("Received"), _("Resolved"), _("On-time rate (%)"), _("Satisfaction rate (%)")]
    yield (
        _("Summary"),
        [_("Indicator"), _("Value")],
        [
            [_("Area"), str(data["area"])],
            [_("Period"), data["period"].label],
            [_("Residents"), register["residents"]],
            [_("Households"), register["households"]],
            [_("Visits"), register["visits"]],
            [_("Households visited in 90 days (%)"), _pct(register["visited_share"])],
            [_("Requests received"), requests["received"]],
            [_("Requests resolved"), requests["resolved"]],
            [_("On-time rate (%)"), _pct(requests["on_time_rate"])],
            [_("Overdue now"), requests["overdue_now"]],
            [_("Average working days to resolve"), requests["avg_days"] and round(requests["avg_days"], 1)],
            [_("Response rate (%)"), _pct(requests["response_rate"])],
            [_("Satisfaction rate (%)"), _pct(requests["satisfaction_rate"])],
            [_("Mediation success rate (%)"), _pct(requests["mediation_rate"])],
        ],
    )
    yield (
        _("Areas"),
        [_("Area"), _("Residents"), _("Households"), *rate_header, _("Overdue now")],
        [
            [
                str(row["area"]),
                row["residents"],
                row["households"],
                row["received"],
                row["resolved"],
                _pct(row["on_time_rate"]),
                _pct(row["satisfaction_rate"]),
                row["overdue_now"],
            ]
            for row in data["children"]
        ],
    )
    yield (
        _("Monthly trend"),
        [_("Month"), _("Received"), _("Resolved")],
        [[row["month"], row["received"], row["resolved"]] for row in requests["trend"]],
    )
    for title, key in (
        (_("By channel"), "by_channel"),
        (_("By category"), "by_category"),
        (_("By department"), "by_department"),
    ):
        if key in requests:
            yield (
                title,
                [_("Name"), *rate_header],
                [
                    [
                        str(row["label"]),
                        row["received"],
                        row["resolved"],
                        _pct(row["on_time_rate"]),
                        _pct(row["satisfaction_rate"]),
                    ]
                    for row in requests[key]
                ],
            )
    yield (
        _("Residents by type"),
        [_("Residence type"), _("Residents")],
        [[str(label), count] for _value, label, count in register["by_residence_type"]],
    )
    yield (
        _("Special groups"),
        [_("Special group"), _("Residents")],
        [[str(label), count] for _value, label, count in register["by_tag"]],
    )
    party = data["party"]
    if party:
        yield (
            _("Party members"),
            [_("Category"), _("Members")],
            [[str(label), count] for _value, label, count in party["members"]],
        )
        yield (
            _("Party activities"),
            [_("Type"), _("Activities")],
            [[str(label), count] for _value, label, count in party["activities"]],
        )
        yield (_("Points ranking"), [_("Member"), _("Points")], [list(row) for row in party["top_members"]])
