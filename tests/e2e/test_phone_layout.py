"""The grid worker walks the grid with a phone (390 × 844): every page they can open fits the screen's width,
its links and buttons are big enough for a finger (44 px high), no column header or button is broken a
character per line, and phone and number boxes bring up the keypad. "My grids" opens with the households
to visit, above the buildings, which are closed."""

import pytest
from django.urls import reverse

from grids.models import Building, Dwelling
from tests.grids.factories import BuildingFactory, DwellingFactory
from tests.pages import urls_for, world  # noqa: F401 - the pages, and the data they show
from tests.partybuilding.conftest import party  # noqa: F401 - the party organisations fixture
from tests.residents.factories import HouseholdFactory
from tests.services.test_views import requests_  # noqa: F401 - the requests fixture

from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}
FINGER = 44  # px: the smallest target a finger takes reliably (WCAG 2.5.5, Apple's guidelines)

# What is wrong with the page as shown: one line per problem. Hidden elements (not rendered, or the 1 px
# of .visually-hidden) are not looked at.
PROBLEMS = """(finger) => {
  const problems = [];
  const shown = (el) => {
    const box = el.getBoundingClientRect();
    return box.width > 1 && box.height > 1 && el.checkVisibility({visibilityProperty: true});
  };
  const named = (el) => `<${el.tagName.toLowerCase()}> "${(el.innerText || el.value || "").trim().slice(0, 30)}"`;
  const lines = (el) => {
    const tops = [];
    const range = document.createRange();
    const texts = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    while (texts.nextNode()) {
      range.selectNodeContents(texts.currentNode);
      for (const box of range.getClientRects()) if (box.width > 0) tops.push(box.top);
    }
    tops.sort((a, b) => a - b);
    return tops.filter((top, i) => i === 0 || top - tops[i - 1] > 4).length;
  };
  const width = document.documentElement.scrollWidth;
  if (width > window.innerWidth) problems.push(`the page is ${width} px wide, the screen ${window.innerWidth} px`);
  const targets = "a[href], button, summary, [role=button], input[type=submit], input[type=button]";
  for (const el of document.querySelectorAll(`main :is(${targets})`)) {
    const height = el.getBoundingClientRect().height;
    if (shown(el) && height < finger) problems.push(`${named(el)} is ${Math.round(height)} px high`);
  }
  for (const el of document.querySelectorAll("main :is(thead th, .btn)")) {
    if (shown(el) && lines(el) > 1) problems.push(`${named(el)} is broken onto ${lines(el)} lines`);
  }
  for (const el of document.querySelectorAll("main input[name$=phone]")) {
    if (el.type !== "tel") problems.push(`the phone box ${el.name} is of type ${el.type}, not tel`);
  }
  for (const el of document.querySelectorAll("main input[type=number]")) {
    if (!["numeric", "decimal"].includes(el.inputMode)) problems.push(`the number box ${el.name} has no inputmode`);
  }
  return problems;
}"""


def grid_worker_pages(user):
    """Every page of the urlconf the grid worker may open, and those urls_for leaves out: the exports'
    pages (it skips every name with "export" for the files) and the forms under a building or dwelling."""
    yield from urls_for(user)
    yield reverse("exports:list")
    yield reverse("exports:registers")
    dwelling = Dwelling.objects.editable_by(user).order_by("pk").first()
    yield reverse("residents:household-create", kwargs={"dwelling_pk": dwelling.pk})
    building = Building.objects.filter(dwellings__in=Dwelling.objects.editable_by(user)).order_by("pk").first()
    yield reverse("residents:dwelling-create", kwargs={"building_pk": building.pk})


@pytest.mark.usefixtures("world")
def test_every_page_of_the_grid_worker_fits_a_phone(page, live_server, client, demo, screenshot):
    # The pages that open for the grid worker: asked first without the browser, which has nothing to show
    # of a refusal without a body (405).
    client.force_login(demo["grid_a"])
    opened = [
        url
        for url in dict.fromkeys(grid_worker_pages(demo["grid_a"]))
        if (response := client.get(url)).status_code == 200 and "html" in response["Content-Type"]
    ]
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "grid_a")
    page.wait_for_url(f"{live_server.url}/")
    problems = {}

    for url in opened:
        page.goto(f"{live_server.url}{url}")
        if found := page.evaluate(PROBLEMS, FINGER):
            problems[url] = found

    assert len(opened) >= 35, opened  # the grid worker's pages, with their own records' ids
    assert not problems, "\n".join(f"{url}: {'; '.join(found)}" for url, found in problems.items())
    page.goto(f"{live_server.url}{reverse('residents:resident-list')}")
    screenshot("residents")


def test_my_grids_on_a_phone_opens_with_the_households_to_visit(page, live_server, register, screenshot):
    compound = register["d1"].building.compound
    for number in range(1, 26):
        building = BuildingFactory(compound=compound, name=f"{number + 1}号楼")
        for room in ("101", "102", "201", "202"):
            dwelling = DwellingFactory(grid=register["grid_1"], building=building, unit="1单元", room=room)
            HouseholdFactory(dwelling=dwelling)
    buildings = Building.objects.filter(dwellings__grid=register["grid_1"]).distinct().count()
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "grid_a")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}{reverse('residents:my-grids')}")

    to_visit = page.get_by_test_id("unvisited").bounding_box()
    listed = page.get_by_test_id("buildings")
    assert to_visit["y"] < PHONE["height"]  # on the first screen
    assert to_visit["y"] < listed.bounding_box()["y"]
    assert listed.bounding_box()["height"] < 60 * buildings  # a line each: closed
    screenshot("closed")
    first = listed.locator("details").filter(has=page.get_by_text(str(register["d1"].building), exact=True))
    first.locator("summary").click()
    assert first.get_by_role("link", name=register["household"].number).is_visible()
    assert page.evaluate(PROBLEMS, FINGER) == []
    screenshot("opened")
