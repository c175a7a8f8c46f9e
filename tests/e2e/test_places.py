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


def test_a_tenant_household_shows_in_the_rental_register_and_the_grids_completeness(
    page, live_server, register, screenshot
):
    from dashboards import rollups

    page.set_viewport_size({"width": 390, "height": 844})
    rollups.rebuild()
    log_in(page, live_server, "grid_a")
    page.wait_for_url(f"{live_server.url}/")
    before = page.get_by_test_id("home-completeness").get_by_test_id("completeness-score").first.inner_text()
    page.goto(f"{live_server.url}/residents/places/buildings/{register['d1'].building_id}/dwellings/new/")
    page.get_by_label("房号").fill("602")
    page.get_by_label("用途").select_option("rented")
    page.get_by_role("button", name="保存").click()
    page.locator("[data-testid=dwelling]", has_text="602").get_by_role("link", name="登记住户").click()
    page.get_by_label("户号").fill("H0602")
    head = page.get_by_label("户主")
    head.select_option(head.locator("option", has_text="赵六").get_attribute("value"))
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(re.compile(r"/residents/households/\d+/$"))

    page.goto(f"{live_server.url}/residents/places/rentals/")
    page.get_by_test_id("rentals").get_by_text("602").wait_for()
    assert "赵六" in page.get_by_test_id("rentals").inner_text()
    screenshot("rentals-phone")
    rollups.rebuild()
    page.goto(f"{live_server.url}/")
    after = page.get_by_test_id("home-completeness").get_by_test_id("completeness-score").first.inner_text()
    assert after != before  # one more occupied household, not yet visited
    screenshot("home-completeness-phone")
