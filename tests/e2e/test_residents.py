import re

import pytest

from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_grid_worker_updates_a_phone_and_sees_it_in_the_history(page, live_server, register, screenshot):
    log_in(page, live_server, "grid_a")
    page.wait_for_url(f"{live_server.url}/")

    page.get_by_role("link", name="居民", exact=True).first.click()
    page.get_by_label("查询").fill("zs")
    page.get_by_role("button", name="查询").click()
    page.get_by_role("link", name="张三").click()
    page.get_by_role("link", name="编辑").click()
    page.get_by_label("电话").fill("139 1234 0000")
    page.get_by_role("button", name="保存").click()

    page.wait_for_url(re.compile(r"/residents/\d+/$"))
    assert page.get_by_text("修改已保存").is_visible()
    history = page.get_by_test_id("history")
    assert "139****0000" in history.inner_text()
    assert "李强" in history.inner_text()
    screenshot("resident")

    response = page.goto(f"{live_server.url}{register['li'].get_absolute_url()}")
    assert response.status == 404
    assert page.get_by_text("不在您的管辖范围内").is_visible()


def test_a_full_id_number_typed_into_the_search_box_never_reaches_the_address_bar(page, live_server, register):
    log_in(page, live_server, "window")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/residents/")

    page.get_by_label("查询").fill("11010519491231002x")
    page.get_by_role("button", name="查询").click()

    page.wait_for_url(re.compile(r"/residents/\d+/$"))
    assert "11010519491231002" not in page.url
    assert page.get_by_role("heading", name=re.compile("张三")).is_visible()


def test_the_search_box_shows_matches_as_the_clerk_types(page, live_server, register, screenshot):
    log_in(page, live_server, "window")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/residents/")
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    rows = page.locator("#resident-results tbody tr")
    assert rows.count() == 3

    page.get_by_label("查询").press_sequentially("zs", delay=50)

    page.wait_for_url(re.compile(r"/residents/\?.*q=zs"))
    rows.filter(has_text="张三").wait_for()
    assert rows.count() == 1
    assert page.get_by_test_id("result-count").inner_text() == "符合条件的居民 1 人。"
    screenshot("live-search")

    # Digits that may be an ID number on its way are not sent while typing.
    page.get_by_label("查询").fill("")
    page.get_by_label("查询").press_sequentially("110105194912", delay=30)
    page.wait_for_timeout(700)
    assert not any("110105194912" in url for url in asked)

    # A phone number is searched as it is typed, in the request body: in no address, none pushed.
    page.get_by_label("查询").fill("")
    page.get_by_label("查询").press_sequentially("13812345678", delay=30)
    rows.filter(has_text="张三").wait_for()
    page.wait_for_timeout(400)
    assert rows.count() == 1
    assert not any("12345678" in url for url in asked)
    assert "12345678" not in page.url

    # Enter sends it to the number search by POST, which opens the one resident it finds.
    page.get_by_label("查询").press("Enter")
    page.wait_for_url(re.compile(r"/residents/\d+/$"))
    assert not any("12345678" in url for url in asked)
