"""排队叫号 in a browser: a ticket from the kiosk, called at a window, shown on the hall's screen."""

import pytest

from callqueue.models import QueueLine
from grids.models import Community

from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_ticket_from_the_kiosk_is_called_and_shown_on_the_screen(page, live_server, register, screenshot):
    hall = Community.objects.get(code="110101001001")
    QueueLine.objects.create(community=hall, letter="A", name="社会保障")
    log_in(page, live_server, "window")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/queue/kiosk/{hall.pk}/")
    page.get_by_role("button", name="A 社会保障").click()
    assert "A001" in page.get_by_test_id("kiosk-ticket").inner_text()
    screenshot("kiosk")

    page.goto(f"{live_server.url}/queue/?community={hall.pk}")
    page.get_by_label("窗口").fill("3号窗口")
    page.get_by_role("button", name="叫号").click()
    page.get_by_test_id("serving-code").wait_for()
    assert page.get_by_test_id("serving-code").inner_text() == "A001"
    screenshot("desk")

    page.goto(f"{live_server.url}/queue/display/{hall.pk}/")
    assert page.get_by_test_id("latest-call").inner_text() == "A001"
    screenshot("display")
