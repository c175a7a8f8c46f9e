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
