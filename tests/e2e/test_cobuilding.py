"""共建 in the browser: a need found on a visit is matched with a unit's resource into a project, and a pairing's
help visit appears on the household's page; at a desk's width and a phone's."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cobuilding.models import Need, Pairing
from tests.cobuilding.conftest import party, world  # noqa: F401 - the fixtures of the co-building tests

from .conftest import ARTEFACTS, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def signed_in(browser, live_server, username, width=1280):
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
    page = context.new_page()
    log_in(page, live_server, username)
    page.wait_for_url(f"{live_server.url}/")
    return page


def shot(page, name):
    ARTEFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / f"cobuilding-{name}.png"), full_page=True)


def save(page):
    page.locator("form.card button[type=submit]").click()


def test_a_need_from_a_visit_is_matched_with_a_units_resource_into_a_project(browser, live_server, world):  # noqa: F811
    household = world["household"]

    # The grid worker visits 张三's household, then records the need found there from the household's page.
    grid_worker = signed_in(browser, live_server, "grid_a", width=390)
    grid_worker.goto(f"{live_server.url}{household.get_absolute_url()}")
    grid_worker.get_by_role("link", name=re.compile("走访|Log a visit")).first.click()
    grid_worker.locator("#id_notes").fill("孙子放学后无人照看")
    save(grid_worker)
    grid_worker.wait_for_url(f"{live_server.url}{household.get_absolute_url()}")
    grid_worker.get_by_test_id("record-need").click()
    grid_worker.wait_for_url(re.compile(r"/cobuilding/needs/add/\?household=\d+&visit=\d+$"))
    grid_worker.locator("#id_kind").select_option("education")
    grid_worker.locator("#id_description").fill("学生课后托管：孙子放学后无人照看")
    shot(grid_worker, "need-form-390")
    save(grid_worker)
    grid_worker.wait_for_url(f"{live_server.url}{household.get_absolute_url()}")
    expect(grid_worker.get_by_test_id("cobuilding-household-panel")).to_contain_text("学生课后托管")
    need = Need.objects.get()
    assert (need.source, need.visit.household) == (Need.Source.VISIT, household)

    # The community admin starts the 四点半课堂 with the unit's classroom, taking the need up.
    admin = signed_in(browser, live_server, "community_admin")
    admin.goto(f"{live_server.url}/cobuilding/needs/unmatched/")
    expect(admin.locator(f'tr[data-need="{need.pk}"]')).to_contain_text("多福巷社区党委")
    shot(admin, "unmatched-1280")
    admin.goto(f"{live_server.url}/cobuilding/projects/add/")
    admin.locator("#id_title").fill("四点半课堂")
    admin.locator("#id_lead_name").fill("社区党委")
    admin.locator(f'input[name=resources][value="{world["classroom"].pk}"]').check()
    admin.locator(f'input[name=needs][value="{need.pk}"]').check()
    save(admin)
    admin.wait_for_url(re.compile(r"/cobuilding/projects/\d+/$"))
    expect(admin.get_by_test_id("project-resources")).to_contain_text("四点半课堂教室")
    expect(admin.get_by_test_id("project-needs")).to_contain_text("学生课后托管")
    shot(admin, "project-1280")
    need.refresh_from_db()
    assert need.status == Need.Status.MATCHED

    phone = signed_in(browser, live_server, "community_admin", width=390)
    phone.goto(admin.url)
    expect(phone.get_by_test_id("project-needs")).to_be_visible()
    shot(phone, "project-390")


def test_a_pairings_help_visit_appears_on_the_households_page(browser, live_server, world):  # noqa: F811
    household = world["household"]

    # The community admin pairs the household on 低保 with 第二党支部.
    admin = signed_in(browser, live_server, "community_admin")
    admin.goto(f"{live_server.url}/cobuilding/pairings/unpaired/")
    admin.locator(f'tr[data-household="{household.pk}"] a.btn').click()
    admin.locator("#id_organisation").select_option(str(world["branch_2"].pk))
    save(admin)
    admin.wait_for_url(re.compile(r"/cobuilding/pairings/\d+/$"))
    pairing = Pairing.objects.get()

    # The branch's secretary records a help visit on a phone.
    secretary = signed_in(browser, live_server, "branch_secretary", width=390)
    secretary.goto(f"{live_server.url}/cobuilding/pairings/")
    secretary.locator(f'tr[data-pairing="{pairing.pk}"] a').click()
    secretary.get_by_role("link", name=re.compile("Record a help visit|登记帮扶走访")).click()
    secretary.locator("#id_visitors").fill("周强")
    secretary.locator(f'input[name=members][value="{world["zhou"].pk}"]').check()
    secretary.locator("#id_done").fill("送去米面油，了解近期身体状况")
    secretary.locator("#id_hours").fill("1.5")
    shot(secretary, "help-visit-form-390")
    save(secretary)
    secretary.wait_for_url(f"{live_server.url}{pairing.get_absolute_url()}")
    expect(secretary.get_by_test_id("help-visits")).to_contain_text("送去米面油")
    shot(secretary, "pairing-390")

    # The grid worker sees it on the household's page.
    for width in (1280, 390):
        grid_worker = signed_in(browser, live_server, "grid_a", width=width)
        grid_worker.goto(f"{live_server.url}{household.get_absolute_url()}")
        panel = grid_worker.get_by_test_id("cobuilding-household-panel")
        expect(panel).to_contain_text("送去米面油")
        expect(panel).to_contain_text("第二党支部")
        shot(grid_worker, f"household-{width}")

    # The community's dashboard counts the pairing and its visit.
    admin.goto(
        f"{live_server.url}{reverse('dashboards:area', args=['community', household.dwelling.grid.community_id])}"
    )
    card = admin.get_by_test_id("cobuilding-panel")
    expect(card).to_be_visible()
    card.scroll_into_view_if_needed()
    card.screenshot(path=str(ARTEFACTS / "cobuilding-dashboard-card-1280.png"))
