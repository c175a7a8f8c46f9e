"""Acceptance: a community admin records a patrol of the 平安巡逻队, confirms the hours, and the
volunteer's page and the list show them in the volunteer's total."""

import re

import pytest
from django.urls import reverse

from tests.volunteering.conftest import vol  # noqa: F401 - the volunteering fixture
from volunteering.models import ServiceRecord

from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_service_is_recorded_confirmed_and_counted(page, live_server, vol, screenshot):  # noqa: F811
    log_in(page, live_server, "community_admin")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/volunteers/records/")
    page.get_by_test_id("record-create").click()
    page.locator("#id_team").select_option(str(vol["patrol"].pk))
    page.locator("#id_title").fill("楼道消防通道清理")
    page.locator("#id_place").fill("多福巷小区1号楼")
    page.get_by_label("钱七").check()
    page.locator("#id_hours").fill("3")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/volunteers/records/\d+/$"))
    record = ServiceRecord.objects.get(title="楼道消防通道清理")
    screenshot("record-1280")

    page.get_by_test_id("confirm").click()
    page.get_by_test_id("record-status").filter(has_text="Confirmed").or_(
        page.get_by_test_id("record-status").filter(has_text="已确认")
    ).wait_for()
    record.refresh_from_db()
    assert record.is_confirmed

    page.goto(f"{live_server.url}{vol['qian'].get_absolute_url()}")
    # 2.5 hours of the fixture's confirmed patrol, and these 3.
    assert page.get_by_test_id("hours-year").inner_text().strip() == "5.5"
    screenshot("volunteer-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("volunteer-390")

    page.goto(f"{live_server.url}/volunteers/")
    row = page.locator(f"tr[data-volunteer='{vol['qian'].pk}']")
    assert row.get_by_test_id("hours-total").inner_text().strip() == "5.5"
    screenshot("list-390")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/volunteers/organisations/")
    screenshot("organisations-1280")

    # The community's dashboard counts the confirmed hours: 2.5 × 2 of the fixture's patrol and these 3.
    page.goto(f"{live_server.url}{reverse('dashboards:area', args=['community', vol['community'].pk])}")
    assert page.get_by_test_id("panel-hours-own").inner_text().strip() == "8.0"
    screenshot("dashboard-1280")
