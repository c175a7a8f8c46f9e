import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from demo.party import seed_party
from partybuilding.models import Member, Organisation

from .conftest import ARTEFACTS, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def points_total(page, live_server, member):
    page.goto(f"{live_server.url}{member.get_absolute_url()}")
    return int(page.get_by_test_id("points-total").inner_text())


def test_a_member_checks_in_by_qr_code_on_a_phone_and_the_secretary_sees_it_live(
    page, browser, live_server, demo, screenshot
):
    seed_party()
    committee = Organisation.objects.get(kind=Organisation.Kind.COMMITTEE, community__code="110101001001")
    member = (
        Member.objects.active()
        .filter(resident__isnull=True, organisation__in=committee.subtree())
        .order_by("pk")
        .first()
    )
    log_in(page, live_server, "secretary")
    page.wait_for_url(f"{live_server.url}/")
    before = points_total(page, live_server, member)

    # The secretary plans a 主题党日 starting in a few minutes and opens its QR code.
    page.goto(f"{live_server.url}/party/activities/new/")
    starts = timezone.localtime() + datetime.timedelta(minutes=5)
    page.locator("#id_organisation").select_option(str(committee.pk))
    page.locator("#id_kind").select_option("theme_day")
    page.locator("#id_title").fill("主题党日：重温入党誓词")
    page.locator("#id_starts_at").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_ends_at").fill((starts + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_place").fill("社区党群服务中心二楼会议室")
    page.get_by_test_id("save").click()
    page.wait_for_url(re.compile(r"/party/activities/\d+/$"))
    activity_url = page.url
    page.get_by_test_id("open-qr").click()
    page.wait_for_url(re.compile(r"/party/activities/\d+/qr/$"))
    qr = page.get_by_test_id("qr-image")
    expect(qr).to_be_visible()
    assert page.evaluate("document.querySelector('[data-testid=qr-image]').naturalWidth") > 100
    check_in_link = page.get_by_test_id("check-in-link").get_attribute("href")
    screenshot("qr")

    page.goto(activity_url)
    row = page.locator(f'#attendance tr[data-member="{member.pk}"]')
    expect(row).to_have_attribute("data-status", "none")
    page.evaluate("window.notReloaded = true")

    # On a phone, with no login, the member checks in.
    phone_context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = phone_context.new_page()
    phone.goto(check_in_link)
    phone.locator("#id_phone").fill(member.phone)
    phone.locator("#id_id_tail").fill(member.id_number[-4:])
    phone.get_by_test_id("check-in-submit").click()
    expect(phone.get_by_test_id("check-in-done")).to_be_visible()
    assert member.name in phone.get_by_test_id("check-in-done").inner_text()
    phone.screenshot(path=str(ARTEFACTS / "party-check-in-on-a-phone.png"), full_page=True)
    phone_context.close()

    # The secretary's page shows them present without a reload.
    expect(row).to_have_attribute("data-status", "present", timeout=15_000)
    assert page.evaluate("window.notReloaded") is True
    screenshot("attendance")

    assert points_total(page, live_server, member) > before
