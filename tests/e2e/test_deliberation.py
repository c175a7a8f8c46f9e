"""Acceptance: a window request about a broken manhole cover (井盖破损) is raised from its page as a
deliberation topic; a 家门口议事 meeting records the decision; the follow-up is done, the topic closed and
the request resolved on its own page; the topic's page shows the whole chain."""

import datetime
import re

import pytest

from deliberation.models import Topic, TopicStep

from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def submit(page):
    page.locator("main form button[type=submit]").first.click()


def test_a_manhole_request_is_deliberated_decided_followed_up_and_resolved(
    page, live_server, register, new_request, screenshot
):
    manhole = new_request(
        item="公共设施损坏", resident="zhang", location="1号楼北侧", description="井盖破损，夜间有居民踩空。"
    )
    log_in(page, live_server, "window")
    page.wait_for_url(f"{live_server.url}/")

    # From the request's page: raise it as a topic (filled in from the request).
    page.goto(f"{live_server.url}{manhole.get_absolute_url()}")
    page.get_by_test_id("raise-topic").click()
    page.locator("#id_title").fill("井盖破损")
    screenshot("raise-form-desktop")
    submit(page)
    page.wait_for_url(re.compile(r"/deliberation/topics/\d+/$"))
    topic = Topic.objects.get()
    assert topic.request == manhole
    assert page.get_by_test_id("source-request").inner_text() == manhole.number
    # Raised the day before the meeting (the chain is in time order).
    yesterday = topic.raised_at - datetime.timedelta(days=1)
    Topic.objects.filter(pk=topic.pk).update(raised_at=yesterday)
    TopicStep.objects.filter(topic=topic).update(at=yesterday)

    # A 家门口议事 at the building's door.
    page.get_by_test_id("record-meeting").click()
    page.locator("#id_kind").select_option("doorstep")
    page.locator("#id_place").fill("1号楼北侧")
    page.locator("#id_residents").fill("9")
    page.locator("#id_company").fill("1")
    page.locator("#id_company_names").fill("物业项目经理")
    page.locator("#id_others").fill("2")
    page.locator("#id_remote").fill("2")
    page.locator("#id_minutes").fill("居民反映井盖破损，物业当场确认，同意三日内更换。")
    screenshot("meeting-form-desktop")
    submit(page)
    page.wait_for_url(f"{live_server.url}{topic.get_absolute_url()}")

    # Its decision, and the follow-up.
    page.get_by_test_id("record-decision").click()
    page.locator("#id_text").fill("由物业公司三日内更换井盖，社区网格员验收。")
    submit(page)
    page.wait_for_url(f"{live_server.url}{topic.get_absolute_url()}")
    page.get_by_test_id("add-task").click()
    page.locator("#id_what").fill("更换井盖")
    page.locator("#id_assignee").fill("物业公司")
    submit(page)
    page.wait_for_url(f"{live_server.url}{topic.get_absolute_url()}")
    page.get_by_test_id("task-done").click()
    page.locator("#id_note").fill("已更换新井盖")
    submit(page)
    page.wait_for_url(f"{live_server.url}{topic.get_absolute_url()}")

    # The topic is done; the page points to the request, which the desk resolves on its own page.
    page.locator("[data-step=done]").click()
    submit(page)
    page.wait_for_url(f"{live_server.url}{topic.get_absolute_url()}")
    page.get_by_test_id("resolve-request").get_by_role("link").click()
    page.wait_for_url(f"{live_server.url}{manhole.get_absolute_url()}")
    page.locator("form[data-action=start] button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}{manhole.get_absolute_url()}")
    page.locator("form[data-action=resolve] textarea").first.fill("经居民议事，物业已更换井盖。")
    page.locator("form[data-action=resolve] button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}{manhole.get_absolute_url()}")
    manhole.refresh_from_db()
    assert manhole.status == "resolved"
    assert "井盖破损" in page.get_by_test_id("request-topics").inner_text()
    screenshot("request-desktop")

    # The topic's page: the whole chain, in time order.
    page.goto(f"{live_server.url}{topic.get_absolute_url()}")
    entries = page.locator("[data-testid=chain] > li[data-entry]")
    kinds = [entries.nth(i).get_attribute("data-entry") for i in range(entries.count())]
    assert kinds == ["step", "meeting", "step", "decision", "step", "step", "task_done", "step"]
    chain = page.get_by_test_id("chain").inner_text()
    for text in (manhole.number, "1号楼北侧", "物业项目经理", "由物业公司三日内更换井盖", "更换井盖", "已更换新井盖"):
        assert text in chain
    assert page.get_by_test_id("resolve-request").count() == 0  # the request is resolved now
    screenshot("topic-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    screenshot("topic-phone")
    page.goto(f"{live_server.url}{manhole.get_absolute_url()}")
    screenshot("request-phone")
    page.goto(f"{live_server.url}/deliberation/")
    screenshot("list-phone")
