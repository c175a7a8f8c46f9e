import io

from django.apps import apps
from django.conf import settings
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from common.worker import worker_alive
from exports.views import attachment
from exports.writing import Column, Context, Formatted, Sheet, write_workbook

from . import indicators, periods, ranking, rollups
from .areas import area_for, home_area

PERCENT = "0.0%"


class DashboardMixin(PermissionRequiredMixin):
    permission_required = "dashboards.view_dashboard"
    read_from_replica = True  # a dashboard only reads (common/replicas.py)

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
            "queue": indicators.queue(area, period),
            "refreshed_at": refreshed,
            "worker_alive": worker_alive(),
            "max_age_minutes": int(rollups.MAX_AGE.total_seconds() // 60),
        }


def app_panels(request, area, period):
    """The figures other apps keep of the area (deliberation, co-building, volunteers …), as the home page
    takes its panels: an app names a function in `dashboard_panel` on its AppConfig, which takes the
    request, the area (dashboards.areas.Area) and the period and returns None or a dict with the panel's
    `template` and what it shows. The dashboards import none of those apps."""
    panels = []
    for config in apps.get_app_configs():
        if getattr(config, "dashboard_panel", None):
            panel = import_string(config.dashboard_panel)(request, area, period)
            if panel is not None:
                panels.append(panel)
    return panels


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
            panels=app_panels(self.request, context["area"], period),
            chart_trend=context["requests"]["trend"],
            chart_categories=[
                {"name": row["label"], "value": row["received"]} for row in context["requests"].get("by_category", [])
            ][:12],
            **kwargs,
        )
        return context


class RankingView(DashboardMixin, TemplateView):
    """接诉即办 ranking of a street's or the district's communities, and of the departments serving them."""

    template_name = "dashboards/ranking.html"

    def get_context_data(self, level, pk, **kwargs):
        area = area_for(self.request.user, level, pk)
        if area.level not in ("street", "district"):
            raise Http404
        period = periods.parse(self.request.GET)
        return super().get_context_data(
            area=area,
            period=period,
            presets=periods.PRESETS,
            query=urlencode(period.query()),
            communities=ranking.communities(area, period),
            departments=ranking.departments(area, period),
            weights=[(ranking.RATES[name], weight) for name, weight in ranking.weights().items()],
            overdue_day_points=settings.HOTLINE_RANKING["overdue_day_points"],
            overdue_cap=settings.HOTLINE_RANKING["cap"],
            **kwargs,
        )


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
    register, party, requests = figures["register"], figures["party"], figures["requests"]
    for row in figures["children"]:
        # The row of requests without a grid: the area's requests that have none, and no residents.
        child = row["area"].filter_params() if row["area"] else {**where, "no_grid": "true"}
        row["links"] = {
            "residents": _link("residents:resident-list", **child) if row["area"] else None,
            "received": _link("services:request-list", **child, received_from=start, received_to=end),
            "resolved": _link("services:request-list", **child, resolved_from=start, resolved_to=end),
            "overdue_now": _link("services:request-list", **child, status="open", due="overdue"),
        }
    for key, name in (("by_channel", "channel"), ("by_category", "category")):
        for row in requests.get(key, []):
            row["link"] = _link(
                "services:request-list", **where, **{name: row["key"]}, received_from=start, received_to=end
            )
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
        definitions = [(indicators.NAMES[key], text) for key, text in indicators.DEFINITIONS.items()]
        return super().get_context_data(definitions=definitions, **kwargs)


class ReportView(AreaView):
    """A printable monthly report of an area."""

    template_name = "dashboards/report.html"

    def get_period(self):
        # Without a month: the last complete one (the month just begun has hardly any figures yet).
        last_complete = periods.add_months(timezone.localdate().replace(day=1), -1)
        month = periods.parse_month(self.request.GET.get("month", "")) or last_complete
        return periods.Period("custom", month, month)


class ExportView(DashboardMixin, View):
    """The dashboard's tables as the sheets of one .xlsx workbook: aggregates only, no one's name."""

    def get(self, request, level, pk):
        period = periods.parse(request.GET)
        data = self.figures(request, level, pk, period)
        context = Context(user=request.user, full=False)
        about = [
            ("内容", "数据看板（仅汇总数字，不含个人信息）"),
            ("范围", str(data["area"])),
            ("期间", period_label(period)),
            ("导出人", request.user.get_full_name() or request.user.get_username()),
            ("导出时间", timezone.localtime().strftime("%Y-%m-%d %H:%M")),
        ]
        file = io.BytesIO()  # a few small tables
        write_workbook(list(export_sheets(data)), context, file=file, about=about)
        name = "_".join(["数据看板", "".join(str(data["area"]).split()), period_label(period)]) + ".xlsx"
        return attachment(file.getvalue(), name, "xlsx")


def period_label(period) -> str:
    """2026年9月 or 2026年9月至2026年10月, as the period reads in a file's name."""
    months = [f"{month.year}年{month.month}月" for month in (period.first, period.last)]
    return months[0] if period.first == period.last else "至".join(months)


def _rate(value):
    return Formatted(value, PERCENT)


def _column(header, index, width=10, number_format=None):
    return Column(header, lambda row, c: row[index], width, number_format)


def export_sheets(data):
    requests, register = data["requests"], data["register"]

    def rate_columns(start):
        return [
            _column(_("Received"), start, 8),
            _column(_("Resolved"), start + 1, 8),
            _column(_("On-time rate"), start + 2, 10, PERCENT),
            _column(_("Satisfaction rate"), start + 3, 10, PERCENT),
        ]

    yield Sheet(
        _("Summary"),
        [_column(_("Indicator"), 0, 28), _column(_("Value"), 1, 14)],
        [
            [_("Area"), str(data["area"])],
            [_("Period"), period_label(data["period"])],
            [_("Residents"), register["residents"]],
            [_("Households"), register["households"]],
            [_("Visits"), register["visits"]],
            [_("Households visited in 90 days"), _rate(register["visited_share"])],
            [_("Requests received"), requests["received"]],
            [_("Requests resolved"), requests["resolved"]],
            [_("On-time rate"), _rate(requests["on_time_rate"])],
            [_("Overdue now"), requests["overdue_now"]],
            [_("Average working days to resolve"), Formatted(requests["avg_days"], "0.0")],
            [_("Response rate"), _rate(requests["response_rate"])],
            [_("Satisfaction rate"), _rate(requests["satisfaction_rate"])],
            [_("Mediation success rate"), _rate(requests["mediation_rate"])],
        ],
    )
    yield Sheet(
        _("Areas"),
        [
            _column(_("Area"), 0, 24),
            _column(_("Residents"), 1, 10),
            _column(_("Households"), 2, 10),
            *rate_columns(3),
            _column(_("Overdue now"), 7, 10),
        ],
        [
            [
                str(row["area"] or _("Not linked to a grid")),
                row["residents"],
                row["households"],
                row["received"],
                row["resolved"],
                row["on_time_rate"],
                row["satisfaction_rate"],
                row["overdue_now"],
            ]
            for row in data["children"]
        ],
    )
    yield Sheet(
        _("Monthly trend"),
        [_column(_("Month"), 0, 10), _column(_("Received"), 1, 8), _column(_("Resolved"), 2, 8)],
        [
            [row["month"] + (_(" (so far)") if row["partial"] else ""), row["received"], row["resolved"]]
            for row in requests["trend"]
        ],
    )
    for title, key, first in (
        (_("By channel"), "by_channel", _("Channel")),
        (_("By category"), "by_category", _("Category")),
        (_("By department"), "by_department", _("Department")),
    ):
        if key in requests:
            yield Sheet(
                title,
                [_column(first, 0, 24), *rate_columns(1)],
                [
                    [str(row["label"]), row["received"], row["resolved"], row["on_time_rate"], row["satisfaction_rate"]]
                    for row in requests[key]
                ],
            )
    yield Sheet(
        _("Residents by type"),
        [_column(_("Residence type"), 0, 20), _column(_("Residents"), 1, 10)],
        [[str(label), count] for _value, label, count in register["by_residence_type"]],
    )
    yield Sheet(
        _("Special groups"),
        [_column(_("Special group"), 0, 20), _column(_("Residents"), 1, 10)],
        [[str(label), count] for _value, label, count in register["by_tag"]],
    )
    party = data["party"]
    if party:
        yield Sheet(
            _("Party members"),
            [_column(_("Category"), 0, 20), _column(_("Members"), 1, 10)],
            [[str(label), count] for _value, label, count in party["members"]],
        )
        yield Sheet(
            _("Party activities"),
            [_column(_("Type"), 0, 20), _column(_("Activities"), 1, 10)],
            [[str(label), count] for _value, label, count in party["activities"]],
        )
