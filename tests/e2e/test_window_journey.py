"""一窗受理 as a clerk does it, counting every interaction (clicks, typing into a box, key presses):
at most 8 from the home page for a resident found by pinyin initials, at most 6 from the resident's page."""

import re

import pytest

from services.models import ServiceRequest

from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


class Clerk:
    """The clerk's hands: each call is one interaction, and waiting for the page to answer is not."""

    def __init__(self, page):
        self.page, self.interactions = page, 0

    def click(self, locator):
        self.interactions += 1
        locator.click()

    def type(self, text):  # into whatever has the focus: the page must have put it in the right box
        self.interactions += 1
        self.page.keyboard.type(text, delay=40)

    def press(self, key):
        self.interactions += 1
        self.page.keyboard.press(key)


def finish(page, clerk):
    """The item is chosen by its everyday word, all materials ticked at once, and the form saved."""
    page.locator("#item-q:focus").wait_for()
    clerk.type("低保")
    page.locator("[data-choose=item]", has_text="最低生活保障申请").wait_for()
    clerk.press("Enter")
    page.get_by_test_id("chosen-item").wait_for()
    page.locator("#all-materials:focus").wait_for()
    clerk.press("Enter")  # 材料齐全
    page.locator("#intake-submit:focus").wait_for()
    clerk.press("Enter")
    page.wait_for_url(re.compile(r"/receipt/\?print=1$"))
    made = ServiceRequest.objects.get()
    assert made.materials_pending == []
    assert made.item.name == "最低生活保障申请"
    return made


def test_from_the_home_page_in_at_most_8_interactions(page, live_server, register, screenshot):
    log_in(page, live_server, "window")
    page.wait_for_url(f"{live_server.url}/")
    clerk = Clerk(page)

    clerk.click(page.get_by_test_id("home-requests").get_by_role("link", name="窗口受理"))
    page.locator("#resident-q:focus").wait_for()
    clerk.type("zs")
    page.locator("[data-choose=resident]", has_text="张三").wait_for()
    clerk.press("Enter")
    page.get_by_test_id("chosen-resident").wait_for()
    made = finish(page, clerk)

    screenshot("receipt")
    assert made.resident == register["zhang"]
    assert clerk.interactions <= 8, clerk.interactions


def test_from_the_residents_page_in_at_most_6_interactions(page, live_server, register):
    log_in(page, live_server, "window")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}{register['zhang'].get_absolute_url()}")
    clerk = Clerk(page)

    clerk.click(page.get_by_role("link", name="办理事项"))
    page.get_by_test_id("chosen-resident").wait_for()
    made = finish(page, clerk)

    assert made.resident == register["zhang"]
    assert clerk.interactions <= 6, clerk.interactions


def test_arrow_keys_pick_another_result(page, live_server, register):
    log_in(page, live_server, "window")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/services/requests/new/")
    page.locator("#resident-q").press_sequentially("z", delay=40)  # 张三 and 赵六
    page.locator("[data-choose=resident]").nth(1).wait_for()
    second = page.locator("[data-choose=resident]").nth(1).inner_text()

    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")

    assert page.get_by_test_id("chosen-resident").inner_text().split()[0] in second
