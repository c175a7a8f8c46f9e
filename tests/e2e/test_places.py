import re

from grids.models import Dwelling

from .conftest import log_in


def test_a_grid_worker_registers_a_dwelling_on_a_phone(page, live_server, register, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, "grid_a")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/residents/places/")
    page.get_by_text("多福巷小区 1号楼").click()
    page.wait_for_url(re.compile(r"/places/buildings/\d+/$"))
    screenshot("building-phone")
    add = page.get_by_test_id("add-dwelling")
    assert add.bounding_box()["height"] >= 44

    add.click()
    page.get_by_label("房号").fill("601")
    page.get_by_label("楼层").fill("6")
    page.get_by_label("用途").select_option("rented")
    page.get_by_label("建筑面积（平方米）").fill("72.5")
    screenshot("dwelling-form-phone")
    page.get_by_role("button", name="保存").click()

    page.wait_for_url(re.compile(r"/places/buildings/\d+/$"))
    page.locator("[data-floor='6']").get_by_text("601").wait_for()
    assert Dwelling.objects.get(room="601").use == "rented"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    screenshot("building-after-phone")

    # A tenant household is registered at the new dwelling, and its page offers the household's changes.
    page.locator("[data-floor='6'] [data-testid=dwelling]").get_by_role("link", name="登记住户").click()
    page.get_by_label("户号").fill("H0601")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(re.compile(r"/residents/households/\d+/$"))
    assert page.get_by_role("link", name="分户").bounding_box()["height"] >= 44
    screenshot("household-phone")
