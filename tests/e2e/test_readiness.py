"""Acceptance: a community admin takes life vests out of the store, is refused taking more than is on
hand, and the supply's page shows what is left."""

import re

import pytest

from readiness.models import Supply
from tests.readiness.conftest import rdy  # noqa: F401 - the readiness fixture

from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_supplies_are_taken_out_of_the_store(page, live_server, rdy, screenshot):  # noqa: F811
    log_in(page, live_server, "community_admin")
    page.wait_for_url(f"{live_server.url}/")
    vests = rdy["vests"]

    page.goto(f"{live_server.url}/readiness/")
    page.locator(f"tr[data-supply='{vests.pk}'] a").click()
    page.wait_for_url(re.compile(rf"/readiness/supplies/{vests.pk}/$"))
    page.get_by_test_id("movement-create").click()
    page.locator("#id_direction").select_option("out")
    page.locator("#id_quantity").fill("25")
    page.locator("#id_reason").fill("汛期调拨至低洼院落")
    page.locator("main form button[type=submit]").first.click()
    page.locator("#id_quantity.is-invalid").wait_for()
    screenshot("movement-refused-1280")

    page.locator("#id_quantity").fill("8")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(rf"/readiness/supplies/{vests.pk}/$"))
    assert page.get_by_test_id("on-hand").inner_text().strip().startswith("12")
    assert Supply.objects.get(pk=vests.pk).quantity == 12
    screenshot("supply-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/readiness/")
    screenshot("supplies-390")
