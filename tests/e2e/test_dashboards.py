import pytest
from openpyxl import load_workbook

from .conftest import ARTEFACTS, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def _refresh_inline(settings):
    settings.ROLLUP_REFRESH_IN_BACKGROUND = False


def test_an_official_drills_down_changes_the_period_and_downloads_the_workbook(
    page, live_server, register, new_request, screenshot
):
    new_request()
    new_request(item="高龄津贴申领", resident="li")
    log_in(page, live_server, "official")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/dashboards/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("东城区")
    for name in ("东华门街道", "多福巷社区", "第一网格"):
        page.locator("[data-drill]", has_text=name).click()
        page.wait_for_load_state()
    crumbs = page.get_by_test_id("breadcrumbs").inner_text()
    assert all(name in crumbs for name in ("东城区", "东华门街道", "多福巷社区", "第一网格"))

    page.get_by_test_id("breadcrumbs").get_by_role("link", name="多福巷社区").click()
    page.locator("#period").select_option("last_12_months")  # applies at once, without its months
    page.wait_for_url("**period=last_12_months**")
    assert "from=" not in page.url
    assert "to=" not in page.url
    page.locator("[data-chart=trend][data-rendered=true] canvas").wait_for()
    page.locator("[data-chart=categories][data-rendered=true] canvas").wait_for()
    screenshot("dashboard")

    with page.expect_download() as download:
        page.get_by_test_id("export").click()
    path = ARTEFACTS / download.value.suggested_filename
    download.value.save_as(path)
    workbook = load_workbook(path)
    summary = {row[0]: row[1] for row in workbook.worksheets[0].iter_rows(values_only=True)}
    assert summary["受理事项数"] == 2


def test_an_official_follows_a_figure_to_its_list_and_exports_that_many_rows(
    page, live_server, register, new_request, screenshot
):
    for resident in ("zhang", "li", "zhao"):
        new_request(resident=resident)
    log_in(page, live_server, "official")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/dashboards/")
    page.locator("[data-drill]", has_text="东华门街道").click()
    page.locator("[data-drill]", has_text="多福巷社区").click()
    page.wait_for_load_state()
    figure = int(page.locator('[data-count-link="received"]').inner_text())

    page.locator('[data-count-link="received"]').click()
    page.wait_for_url("**/services/requests/**")
    assert page.get_by_test_id("result-count").inner_text() == f"符合条件的事项 {figure} 件。"
    screenshot("list")
    with page.expect_download() as download:
        page.get_by_test_id("export-links").get_by_role("link", name="Excel").click()

    assert download.value.suggested_filename.startswith("工单台账_多福巷社区_")
    path = ARTEFACTS / download.value.suggested_filename
    download.value.save_as(path)
    sheet = load_workbook(path).worksheets[0]
    assert figure == 3
    assert sheet.max_row - 1 == figure


def test_the_registers_page_on_a_phone(page, live_server, register, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, "community_admin")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/exports/registers/")

    assert page.get_by_role("heading", level=1).inner_text() == "报表名册"
    screenshot("registers-phone")
    with page.expect_download() as download:
        page.locator('[data-register="residents:elderly-alone"]').click()

    assert download.value.suggested_filename.startswith("独居老人名单_多福巷社区_")
