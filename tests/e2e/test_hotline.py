"""接诉即办 in a browser: a grid worker reports with a photo on a phone; the street supervises an
overdue request; the desk sees the note; the ranking reads at desktop width."""

import datetime
import io
import re

import pytest
from django.utils import timezone
from PIL import Image

from dashboards import rollups
from grids.models import Street
from services import supervision
from services.models import ServiceRequest

from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def jpeg_with_location():
    image = Image.new("RGB", (1200, 900), (90, 140, 200))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (39.0, 55.0, 30.0), 3: "E", 4: (116.0, 24.0, 10.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return {"name": "现场.jpg", "mimeType": "image/jpeg", "buffer": out.getvalue()}


def test_a_grid_worker_reports_with_a_photo_and_the_street_supervises_it(page, live_server, register, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, "grid_a")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/services/report/")
    page.get_by_label("服务事项").select_option(label="路灯维修")
    page.get_by_label("地点").fill("1号楼东侧")
    page.get_by_label("说明").fill("路灯不亮，夜间行人看不清台阶")
    page.get_by_label("照片").set_input_files([jpeg_with_location()])
    screenshot("report-phone")
    page.get_by_role("button", name="上报").click()
    page.wait_for_url(re.compile(r"/services/requests/\d+/$"))
    page.get_by_test_id("photos").locator("img").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("reported-phone")

    report = ServiceRequest.objects.get(channel="grid_report")
    ServiceRequest.objects.filter(pk=report.pk).update(due_date=timezone.localdate() - datetime.timedelta(days=3))
    supervision.mark()
    rollups.refresh(force=True)
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, live_server, "official")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/services/supervision/")
    row = page.get_by_test_id("supervised-request").filter(has_text=report.number)
    assert "3" in row.inner_text()
    screenshot("supervision-list")
    row.get_by_role("link", name=report.number).click()
    page.locator("[data-action=supervise] textarea").fill("请于明日前修复并回复居民")
    page.locator("[data-action=supervise]").get_by_role("button").click()
    page.get_by_test_id("timeline").get_by_text("请于明日前修复并回复居民").wait_for()
    screenshot("supervised-request")
    street = Street.objects.get(communities=report.community)
    page.goto(f"{live_server.url}/dashboards/street/{street.pk}/ranking/")
    page.get_by_test_id("weighting").wait_for()
    screenshot("ranking")

    page.context.clear_cookies()
    log_in(page, live_server, "window")
    page.wait_for_url(f"{live_server.url}/")
    supervised = page.locator("[data-figure=supervised]")
    assert supervised.locator(".badge").inner_text() == "1"
    supervised.click()
    page.get_by_role("link", name=report.number).wait_for()
