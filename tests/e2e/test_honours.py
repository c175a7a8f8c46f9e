"""Acceptance: a community admin records the democratic appraisal of a 星级文明家庭 nomination and puts it on
public notice (a notice too short is refused); the community's dashboard counts it as on notice now."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from honours.models import Nomination
from tests.honours.conftest import hon  # noqa: F401 - the honours fixture

from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_nomination_is_appraised_and_put_on_public_notice(page, live_server, hon, screenshot):  # noqa: F811
    nomination = hon["nomination"]
    today = timezone.localdate()
    log_in(page, live_server, "community_admin")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}{reverse('honours:nomination-list')}")
    page.locator(f"tr[data-nomination='{nomination.pk}'] a").click()
    page.wait_for_url(re.compile(rf"/honours/{nomination.pk}/$"))
    page.get_by_test_id("appraise").click()
    page.wait_for_url(re.compile(r"/appraise/$"))
    page.locator("#id_votes_for").fill("21")
    page.locator("#id_votes_against").fill("2")
    page.locator("#id_votes_abstain").fill("1")
    page.locator("#id_appraised_on").fill((today - datetime.timedelta(days=1)).isoformat())
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(rf"/honours/{nomination.pk}/$"))
    page.get_by_test_id("appraisal").wait_for()

    page.get_by_test_id("notice").click()
    page.locator("#id_starts_on").fill(today.isoformat())
    # Four days are too short: the form says so, and the nomination stays appraised.
    page.locator("#id_ends_on").fill((today + datetime.timedelta(days=3)).isoformat())
    page.locator("main form button[type=submit]").first.click()
    page.locator(".invalid-feedback, .alert-danger").first.wait_for()
    page.locator("#id_ends_on").fill((today + datetime.timedelta(days=6)).isoformat())
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(rf"/honours/{nomination.pk}/$"))
    page.get_by_test_id("objection").wait_for()
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.NOTICE
    screenshot("nomination-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("nomination-390")
    page.set_viewport_size({"width": 1280, "height": 800})

    page.goto(f"{live_server.url}{reverse('dashboards:area', args=['community', nomination.community_id])}")
    assert page.get_by_test_id("panel-notice").inner_text().strip() == "1"
    screenshot("dashboard-1280")
