import re

import pytest

from services.models import ServiceRequest

from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def choose(page, box, typed, option, text):
    """Type into an htmx search box as a person does, then pick the option showing `text`."""
    page.locator(box).press_sequentially(typed, delay=60)
    page.locator(option, has_text=text).click(timeout=15_000)


def log_out(page):
    page.context.clear_cookies()


def test_a_request_goes_from_the_window_to_the_department_and_back(page, live_server, register, screenshot):
    # The window clerk finds the resident by pinyin initials and logs a 居住证明 request.
    log_in(page, live_server, "window")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/services/requests/new/")
    choose(page, "#resident-q", "zs", "[data-choose=resident]", "张三")
    page.get_by_test_id("chosen-resident").wait_for()
    choose(page, "#item-q", "jzzm", "[data-choose=item]", "居住证明")
    page.get_by_test_id("due-date").wait_for()
    page.locator("[data-all-materials]").click()
    page.locator("#intake-submit").click()

    page.wait_for_url(re.compile(r"/receipt/\?print=1$"))
    service_request = ServiceRequest.objects.get()
    assert page.get_by_test_id("receipt-number").inner_text() == service_request.number
    assert service_request.due_date.isoformat() in page.get_by_test_id("receipt-due").inner_text()
    screenshot("receipt")

    # The clerk dispatches it to the community committee.
    page.goto(f"{live_server.url}{service_request.get_absolute_url()}")
    dispatch = page.locator("form[data-action=dispatch]")
    dispatch.locator("select").select_option(label="多福巷社区居委会")
    dispatch.locator("button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}{service_request.get_absolute_url()}")

    # The department's liaison finds it in their queue, accepts it and resolves it.
    log_out(page)
    log_in(page, live_server, "dept")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/services/requests/")
    page.get_by_role("link", name=service_request.number).click()
    page.locator("form[data-action=accept] button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}{service_request.get_absolute_url()}")
    page.locator("form[data-action=resolve] textarea").fill("已出具居住证明")
    page.locator("form[data-action=resolve] button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/services/requests/")  # done with it: back to the queue

    # The window records the satisfaction callback; the timeline shows every step.
    log_out(page)
    log_in(page, live_server, "window")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}{service_request.get_absolute_url()}")
    page.locator("form[data-action=callback] input[value=satisfied]").check()
    page.locator("form[data-action=callback] button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}{service_request.get_absolute_url()}")

    timeline = page.get_by_test_id("timeline").inner_text()
    for step in ("已受理", "已派单", "办理中", "已办结", "已回访"):
        assert step in timeline
    screenshot("timeline")
    service_request.refresh_from_db()
    assert (service_request.status, service_request.satisfaction) == ("closed", "satisfied")


def test_results_of_an_older_query_cannot_be_chosen_while_a_new_one_is_on_its_way(page, live_server, register):
    import time

    def slow_for_li(route):
        if "resident_q=ls" in (route.request.post_data or ""):
            time.sleep(2)
        route.continue_()

    log_in(page, live_server, "window")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/services/requests/new/")
    page.route("**/services/intake/residents/", slow_for_li)
    page.locator("#resident-q").press_sequentially("zs", delay=60)
    old = page.locator("[data-choose=resident]", has_text="张三")
    old.wait_for()

    page.locator("#resident-q").fill("")
    page.locator("#resident-q").press_sequentially("ls", delay=60)

    results = page.locator("#resident-results")
    assert "results-stale" in (results.get_attribute("class") or "")
    with pytest.raises(Exception, match="Timeout"):
        old.click(timeout=800)
    page.locator("[data-choose=resident]", has_text="李四").wait_for(timeout=15_000)
    assert "results-stale" not in (results.get_attribute("class") or "")
    assert page.locator("[data-choose=resident]", has_text="张三").count() == 0
