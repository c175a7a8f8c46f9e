import pytest

from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_window_staff_log_in_and_see_the_home_page_in_chinese(page, live_server, demo, screenshot):
    log_in(page, live_server, "window")

    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.get_by_role("heading", name="您好，王丽").is_visible()
    assert page.get_by_text("窗口工作人员").is_visible()
    screenshot("home")


def test_a_wrong_password_shows_a_chinese_error_on_a_phone(browser, live_server, demo):
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()

    log_in(page, live_server, "grid_a", password="not-the-password")

    assert page.get_by_role("alert").inner_text().startswith("请输入一个正确的")
    context.close()
