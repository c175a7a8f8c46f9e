import datetime
import io
from urllib.parse import unquote

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dashboards import rollups
from dashboards.models import DirtyMonth, RequestMonthStat, RollupState
from grids.models import Community, District, Grid, Street
from residents.models import Visit
from services import actions
from services.models import ServiceRequest
from tests.common.factories import worker_heartbeat
from tests.dashboards.conftest import at


@pytest.fixture(autouse=True)
def _refresh_inline(settings):
    settings.ROLLUP_REFRESH_IN_BACKGROUND = False


def stat(month, dimension="total", key="", community="110101001001"):
    return RequestMonthStat.objects.get(month=month, dimension=dimension, key=key, community__code=community)


def test_request_rollups_match_the_hand_computed_figures(history, register):
    september, october = stat(datetime.date(2026, 9, 1)), stat(datetime.date(2026, 10, 1))

    assert (
        september.received,
        september.resolved,
        september.resolved_on_time,
        september.dispatched,
        september.responded,
        september.rated,
        september.satisfied,
    ) == (2, 1, 1, 1, 1, 1, 1)
    assert september.resolve_working_days == 1
    assert (october.received, october.resolved, october.resolved_on_time, october.resolved_with_limit) == (2, 2, 1, 2)
    # B: received Thursday 10 September, resolved Friday 9 October: 16 working days (Sunday 20 September
    # worked, Mid-Autumn Friday 25 September and 1–7 October off); C: 2 working days.
    assert october.resolve_working_days == 16 + 2
    assert (october.rated, october.satisfied, october.dispatched, october.responded) == (1, 0, 1, 0)
    assert (october.disputes_resolved, october.disputes_mediated) == (1, 1)
    grid_2 = stat(datetime.date(2026, 9, 1), "grid", str(register["grid_2"].pk))
    assert grid_2.received == 1


def _recount():
    """Totals per month straight from the requests table, to compare with the rollups."""
    counts = {}
    for request in ServiceRequest.objects.all():
        month = timezone.localtime(request.received_at).date().replace(day=1)
        counts[month] = counts.get(month, 0) + 1
    return counts


def _rolled():
    return {row.month: row.received for row in RequestMonthStat.objects.filter(dimension="total") if row.received}


def test_rollups_equal_a_recount_after_creates_transitions_and_bulk_changes(history, new_request, demo):
    assert _rolled() == _recount()

    new_request(resident="li")  # a create
    actions.request_transition(user=demo["window"], service_request=history["d"], action="cancel", note="撤回")
    ServiceRequest.objects.filter(pk=history["b"].pk).update(received_at=at(2026, 8, 20))  # a bulk change

    assert DirtyMonth.objects.filter(month=datetime.date(2026, 8, 1)).exists()
    rollups.refresh(force=True)
    assert _rolled() == _recount()
    assert not DirtyMonth.objects.exists()
    assert _street_and_district_rows() == _community_rows_summed()


def _street_and_district_rows():
    from dashboards.models import AreaMonthStat

    return {
        (row.level, row.area_id, row.month, row.dimension, row.key): (row.received, row.resolved, row.rated)
        for row in AreaMonthStat.objects.all()
    }


def _community_rows_summed():
    sums = {}
    for row in RequestMonthStat.objects.exclude(dimension="grid").select_related("community__street"):
        street = row.community.street
        for level, area_id in (("street", street.pk), ("district", street.district_id)):
            key = (level, area_id, row.month, row.dimension, row.key)
            received, resolved, rated = sums.get(key, (0, 0, 0))
            sums[key] = (received + row.received, resolved + row.resolved, rated + row.rated)
    return sums


def test_the_dashboard_shows_the_figures_and_links_to_lists_with_the_same_count(client, demo, history):
    client.force_login(demo["official"])
    community = Community.objects.get(code="110101001001")
    params = {"period": "custom", "from": "2026-09", "to": "2026-10"}

    response = client.get(reverse("dashboards:area", args=["community", community.pk]), params)

    requests = response.context["requests"]
    assert (requests["received"], requests["resolved"]) == (4, 3)
    assert requests["on_time_rate"] == pytest.approx(2 / 3)
    assert requests["satisfaction_rate"] == pytest.approx(1 / 2)
    assert requests["response_rate"] == pytest.approx(1 / 2)
    assert requests["mediation_rate"] == 1
    listed = client.get(response.context["links"]["received"])
    assert listed.context["count"] == 4
    residents = client.get(response.context["links"]["residents"])
    assert residents.context["count"] == response.context["register"]["residents"] == 3


def test_grid_level_and_comparison_of_children(client, demo, register, history):
    client.force_login(demo["official"])
    community = Community.objects.get(code="110101001001")
    params = {"period": "custom", "from": "2026-09", "to": "2026-10"}

    children = client.get(reverse("dashboards:area", args=["community", community.pk]), params).context["children"]
    grid = client.get(reverse("dashboards:area", args=["grid", register["grid_2"].pk]), params).context

    by_grid = {row["area"].obj.pk: row for row in children}
    assert by_grid[register["grid_1"].pk]["received"] == 3
    assert by_grid[register["grid_2"].pk]["received"] == 1
    assert grid["requests"]["received"] == 1
    assert [a.level for a in grid["area"].ancestors()] == ["district", "street", "community"]


def test_register_figures(client, demo, register):
    Visit.objects.create(
        grid=register["grid_1"], household=register["household"], worker=demo["grid_a"], visited_on=timezone.localdate()
    )
    rollups.rebuild()
    client.force_login(demo["admin"])
    community = Community.objects.get(code="110101001001")

    figures = client.get(reverse("dashboards:area", args=["community", community.pk])).context["register"]

    assert (figures["residents"], figures["households"], figures["visits"]) == (3, 2, 1)
    assert figures["visited_share"] == 0.5
    assert {v: n for v, _l, n in figures["by_residence_type"]}["registered"] == 3


@pytest.mark.parametrize(
    ("username", "level", "code", "status"),
    [
        ("official", "district", "110101000000", 200),
        ("street_official", "street", "110101002000", 200),
        ("street_official", "street", "110101001000", 404),
        ("street_official", "district", "110101000000", 404),
        ("community_admin", "community", "110101001001", 200),
        ("community_admin", "community", "110101001002", 404),
        ("window", "community", "110101001001", 403),
        ("grid_a", "district", "110101000000", 403),
    ],
)
def test_dashboard_scope_for_every_role(client, demo, username, level, code, status):
    model = {"district": District, "street": Street, "community": Community}[level]
    client.force_login(demo[username])

    url = reverse("dashboards:area", args=[level, model.objects.get(code=code).pk])

    assert client.get(url).status_code == status
    assert client.get(url.replace("/", "/", 1) + "../export.xlsx").status_code in (status, 404)


def test_the_dashboard_opens_on_the_users_own_area(client, demo):
    client.force_login(demo["street_official"])

    response = client.get(reverse("dashboards:home"))

    assert response.url == reverse("dashboards:area", args=["street", Street.objects.get(code="110101002000").pk])


def test_a_grid_outside_the_community_admins_area_is_not_found(client, demo):
    client.force_login(demo["community_admin"])
    far = Grid.objects.get(community__code="110101002001", number=1)

    assert client.get(reverse("dashboards:area", args=["grid", far.pk])).status_code == 404


def test_the_export_holds_every_table(client, demo, history):
    client.force_login(demo["official"])
    community = Community.objects.get(code="110101001001")

    response = client.get(
        reverse("dashboards:export", args=["community", community.pk]),
        {"period": "custom", "from": "2026-09", "to": "2026-10"},
    )

    workbook = load_workbook(io.BytesIO(response.getvalue()))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    summary_sheet = workbook.worksheets[0]
    summary = {row[0].value: row[1] for row in summary_sheet.iter_rows(min_row=2)}
    assert summary["受理事项数"].value == 4
    assert summary["按期办结率"].value == pytest.approx(2 / 3)
    assert summary["按期办结率"].number_format == "0.0%"  # shown as 66.7%, not a bare 66.7
    assert len(workbook.worksheets) >= 6
    assert "11010519491231002X" not in str([list(ws.values) for ws in workbook.worksheets])
    for sheet in workbook.worksheets[:-1]:
        assert sheet.freeze_panes == "A2", sheet.title
        assert all(cell.font.b for cell in sheet[1]), sheet.title
    first_columns = {sheet.title: sheet["A1"].value for sheet in workbook.worksheets}
    assert (first_columns["按渠道"], first_columns["按类别"], first_columns["按部门"]) == ("渠道", "类别", "承办部门")
    assert workbook.worksheets[-1].title == "说明"
    disposition = unquote(response["Content-Disposition"])
    assert disposition.endswith("数据看板_多福巷社区_2026年9月至2026年10月.xlsx")


def test_the_export_holds_no_ones_name(client, demo, party):
    from partybuilding.models import Member, PointsEntry

    member = party["liu"]
    Member.objects.filter(pk=member.pk).update(name="=HYPERLINK(1)")
    PointsEntry.objects.create(member=member, on=timezone.localdate(), points=9, reason="志愿服务", source="manual")
    rollups.rebuild()
    client.force_login(demo["official"])
    community = Community.objects.get(code="110101001001")

    response = client.get(reverse("dashboards:export", args=["community", community.pk]))

    workbook = load_workbook(io.BytesIO(response.getvalue()))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell for cell in cells if "HYPERLINK" in str(cell.value)]
    assert not [cell for cell in cells if cell.data_type == "f"]


def test_the_monthly_report_prints_one_month(client, demo, history):
    client.force_login(demo["official"])
    community = Community.objects.get(code="110101001001")

    response = client.get(reverse("dashboards:report", args=["community", community.pk]), {"month": "2026-09"})

    assert response.context["requests"]["received"] == 2
    assert response.context["period"].months == [datetime.date(2026, 9, 1)]


def test_dashboard_query_count_is_bounded(client, demo, history, django_assert_max_num_queries):
    client.force_login(demo["official"])
    district = District.objects.get()

    # The dashboard's own figures (about 32 queries) and the five co-governance panels' counts (about 20:
    # a few each); none grows with the area's size.
    with django_assert_max_num_queries(55):
        client.get(reverse("dashboards:area", args=["district", district.pk]))


def test_community_rollups_are_the_sums_of_their_grids(demo, register):
    from collections import Counter

    from dashboards.models import CommunityMonthStat, CommunitySnapshot, GridMonthStat, GridSnapshot

    Visit.objects.create(
        grid=register["grid_2"],
        household=register["household_2"],
        worker=demo["grid_b"],
        visited_on=timezone.localdate(),
    )
    rollups.rebuild()

    for snapshot in CommunitySnapshot.objects.all():
        grids = GridSnapshot.objects.filter(grid__community=snapshot.community_id)
        assert snapshot.residents == sum(g.residents for g in grids)
        assert snapshot.households_visited_90d == sum(g.households_visited_90d for g in grids)
        assert Counter(snapshot.by_tag) == sum((Counter(g.by_tag) for g in grids), Counter())
        assert Counter(snapshot.by_residence_type) == sum((Counter(g.by_residence_type) for g in grids), Counter())
    months = Counter()
    for row in GridMonthStat.objects.select_related("grid"):
        months[row.month, row.grid.community_id] += row.visits
    assert months == Counter({(row.month, row.community_id): row.visits for row in CommunityMonthStat.objects.all()})
    assert CommunitySnapshot.objects.get(community__code="110101001001").residents == 3


def test_register_figures_agree_from_grid_to_district(client, demo, register):
    rollups.rebuild()
    client.force_login(demo["admin"])
    community = Community.objects.get(code="110101001001")

    def residents(level, pk):
        return client.get(reverse("dashboards:area", args=[level, pk])).context["register"]["residents"]

    by_grid = sum(residents("grid", grid.pk) for grid in community.grids.all())
    assert by_grid == residents("community", community.pk) == 3
    assert residents("district", community.street.district_id) == 4  # 王五 lives in another street


@pytest.fixture
def old_figures(monkeypatch, demo):
    """Figures three refresh intervals old; `refresh` replaced by a recorder of its calls."""
    rollups.refresh(force=True)
    old = timezone.now() - rollups.REFRESH_AFTER * 3
    RollupState.objects.filter(pk=1).update(refreshed_at=old)
    started = []
    monkeypatch.setattr(rollups, "refresh", lambda **kwargs: started.append(kwargs))
    return old, started


def test_while_a_task_worker_runs_readers_leave_old_figures_to_it(old_figures):
    old, started = old_figures
    worker_heartbeat()

    assert rollups.ensure_fresh(background=False) == old
    assert started == []


def test_without_a_live_task_worker_readers_refresh_old_figures(old_figures):
    _old, started = old_figures
    worker_heartbeat(at=timezone.now() - datetime.timedelta(minutes=5))  # a worker that died

    rollups.ensure_fresh(background=False)
    assert started == [{}]


def test_the_dashboard_warns_while_no_task_worker_runs(client, demo):
    client.force_login(demo["official"])
    url = reverse("dashboards:area", args=["district", District.objects.get().pk])

    assert 'data-testid="worker-down"' in client.get(url).text
    worker_heartbeat()
    assert 'data-testid="worker-down"' not in client.get(url).text
