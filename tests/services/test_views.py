import uuid

import pytest
from django.urls import reverse

from services import actions
from services.models import RequestEvent, ServiceItem, ServiceRequest

LIST = reverse("services:request-list")


@pytest.fixture
def requests_(demo, register, committee, new_request):
    """张三's 居住证明 (grid 1, dispatched to 多福巷社区居委会), 李四's 高龄津贴 (grid 2), 王五's request in
    another street, and a grid report by grid_a."""
    zhang = new_request()
    actions.request_transition(user=demo["window"], service_request=zhang, action="dispatch", department=committee)
    li = new_request(item="高龄津贴申领", resident="li")
    wang = new_request(item="居住证明", resident="wang", user="admin")
    report = new_request(
        item="路灯维修",
        resident=None,
        user="grid_a",
        community=register["grid_1"].community,
        grid=register["grid_1"],
        reported_by=demo["grid_a"],
        channel="grid_report",
        location="1号楼东侧",
    )
    return {"zhang": zhang, "li": li, "wang": wang, "report": report}


VISIBLE = [
    ("admin", {"zhang", "li", "wang", "report"}),
    ("official", {"zhang", "li", "wang", "report"}),
    ("street_official", {"wang"}),
    ("window", {"zhang", "li", "report"}),
    ("community_admin", {"zhang", "li", "report"}),
    ("grid_a", {"zhang", "report"}),
    ("grid_b", {"li"}),
    ("dept", {"zhang"}),
]


@pytest.mark.parametrize(("username", "visible"), VISIBLE)
def test_each_role_sees_exactly_its_requests_in_the_queue_and_404_outside(client, demo, requests_, username, visible):
    client.force_login(demo[username])

    listed = {r.pk for r in client.get(LIST).context["page"]}

    assert listed == {requests_[key].pk for key in visible}
    for key, service_request in requests_.items():
        expected = 200 if key in visible else 404
        assert client.get(service_request.get_absolute_url()).status_code == expected, (username, key)
        assert client.get(reverse("services:request-receipt", args=[service_request.pk])).status_code == expected


@pytest.mark.parametrize("username", ["grid_b", "street_official", "official", "secretary"])
def test_transitions_outside_scope_or_role_change_nothing(client, demo, requests_, username):
    zhang = requests_["zhang"]
    client.force_login(demo[username])

    response = client.post(reverse("services:request-transition", args=[zhang.pk, "cancel"]), {"cancel-note": "x"})

    assert response.status_code in (403, 404)
    zhang.refresh_from_db()
    assert zhang.status == "dispatched"


def test_the_detail_page_offers_only_the_actions_allowed_now(client, demo, requests_):
    zhang = requests_["zhang"]

    client.force_login(demo["window"])
    desk_actions = [a for a, _l, _f in client.get(zhang.get_absolute_url()).context["action_forms"]]
    client.force_login(demo["dept"])
    dept_actions = [a for a, _l, _f in client.get(zhang.get_absolute_url()).context["action_forms"]]
    client.force_login(demo["official"])
    official_actions = client.get(zhang.get_absolute_url()).context["action_forms"]

    assert desk_actions == ["cancel"]
    assert dept_actions == ["accept", "return"]
    assert [a for a, _l, _f in official_actions] == ["supervise"]  # 督办: a note, any open request


def test_a_liaison_accepts_and_resolves_from_the_detail_page(client, demo, requests_):
    zhang = requests_["zhang"]
    client.force_login(demo["dept"])

    client.post(reverse("services:request-transition", args=[zhang.pk, "accept"]), {})
    response = client.post(
        reverse("services:request-transition", args=[zhang.pk, "resolve"]), {"resolve-resolution": "已出具居住证明"}
    )

    assert response.status_code == 302
    zhang.refresh_from_db()
    assert (zhang.status, zhang.resolution) == ("resolved", "已出具居住证明")


def test_a_transition_form_with_a_missing_reason_shows_the_error_and_changes_nothing(client, demo, requests_):
    li = requests_["li"]
    client.force_login(demo["window"])

    response = client.post(reverse("services:request-transition", args=[li.pk, "reject"]), {"reject-note": ""})

    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode()
    li.refresh_from_db()
    assert li.status == "received"


def test_an_unknown_action_is_not_found(client, demo, requests_):
    client.force_login(demo["window"])

    assert client.post(reverse("services:request-transition", args=[requests_["li"].pk, "explode"])).status_code == 404


def test_queue_filters_by_status_channel_item_and_deadline(client, demo, requests_):
    import datetime

    ServiceRequest.objects.filter(pk=requests_["li"].pk).update(due_date=datetime.date(2020, 1, 1))
    client.force_login(demo["window"])

    def listed(**params):
        return {r.pk for r in client.get(LIST, params).context["page"]}

    assert listed(status="dispatched") == {requests_["zhang"].pk}
    assert listed(channel="grid_report") == {requests_["report"].pk}
    assert listed(item=ServiceItem.objects.get(name="高龄津贴申领").pk) == {requests_["li"].pk}
    assert listed(due="overdue") == {requests_["li"].pk}
    assert listed(status="open") == {requests_["zhang"].pk, requests_["li"].pk, requests_["report"].pk}


def test_queue_and_detail_query_counts_stay_bounded(client, demo, register, new_request, django_assert_max_num_queries):
    for _ in range(30):
        new_request()
    client.force_login(demo["window"])
    some = ServiceRequest.objects.first()

    with django_assert_max_num_queries(20):
        response = client.get(LIST)
    assert len(response.context["page"]) == 30
    with django_assert_max_num_queries(30):
        client.get(some.get_absolute_url())


def test_intake_creates_a_request_and_opens_the_receipt(client, demo, register):
    client.force_login(demo["window"])
    item = ServiceItem.objects.get(name="居住证明")
    form = client.get(reverse("services:request-create")).context["form"]
    key = form["submission_key"].value()

    data = {
        "resident": register["zhang"].pk,
        "item": item.pk,
        "channel": "window",
        "priority": "normal",
        "contact_name": "",
        "contact_phone": "",
        "community": register["grid_1"].community.pk,
        "description": "开具居住证明用于子女入学",
        "submission_key": key,
        "materials_received": item.materials[:1],
        "accept_incomplete": "on",  # 容缺受理: the rest to follow
    }
    response = client.post(reverse("services:request-create"), data)
    again = client.post(reverse("services:request-create"), data)

    service_request = ServiceRequest.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("services:request-receipt", args=[service_request.pk]) + "?print=1"
    assert again.url == response.url  # a double submit opens the same receipt
    assert service_request.materials_received == item.materials[:1]
    assert service_request.materials_pending == item.materials[1:]
    receipt = client.get(response.url).content.decode()
    assert "data-print-now" in receipt
    assert item.materials[-1] in receipt  # to follow, on the receipt
    assert "/services/status/" in receipt
    assert service_request.number in receipt
    assert f"{service_request.due_date:%Y-%m-%d}" in receipt  # printed in Chinese, dates as everywhere
    assert "data:image/svg+xml" in receipt
    assert "王丽" in receipt
    assert item.materials[0] in receipt


def test_intake_keeps_what_was_typed_when_the_resident_is_missing(client, demo, register):
    client.force_login(demo["window"])
    item = ServiceItem.objects.get(name="居住证明")

    response = client.post(
        reverse("services:request-create"),
        {
            "item": item.pk,
            "channel": "window",
            "priority": "normal",
            "community": register["grid_1"].community.pk,
            "description": "急需办理",
            "submission_key": uuid.uuid4(),
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "急需办理" in html
    assert 'data-testid="chosen-item"' in html
    assert not ServiceRequest.objects.exists()


def test_intake_search_fragments_find_residents_in_scope_and_items_by_initials(client, demo, register):
    client.force_login(demo["window"])

    residents = client.post(reverse("services:intake-residents"), {"resident_q": "zs"}, HTTP_HX_REQUEST="true")
    outside = client.post(reverse("services:intake-residents"), {"resident_q": "王五"}, HTTP_HX_REQUEST="true")
    by_phone = client.post(reverse("services:intake-residents"), {"resident_q": "13812345678"}, HTTP_HX_REQUEST="true")
    items = client.get(reverse("services:intake-items"), {"q": "jzzm"}, HTTP_HX_REQUEST="true")
    chosen = client.get(reverse("services:intake-item", args=[ServiceItem.objects.get(name="居住证明").pk]))

    assert [r.name for r in residents.context["residents"]] == ["张三"]
    assert list(outside.context["residents"]) == []
    assert [r.name for r in by_phone.context["residents"]] == ["张三"]
    assert client.get(reverse("services:intake-residents"), {"q": "13812345678"}).status_code == 405
    assert [i.name for i in items.context["items"]] == ["居住证明"]
    assert "<html" not in items.content.decode()
    assert chosen.context["due"][0] is not None
    assert 'data-testid="due-date"' in chosen.content.decode()


def test_intake_of_a_resident_outside_scope_is_refused(client, demo, register):
    client.force_login(demo["window"])

    response = client.get(reverse("services:intake-resident", args=[register["wang"].pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("username", ["grid_a", "dept", "official"])
def test_only_the_desk_uses_the_intake_page(client, demo, username):
    client.force_login(demo[username])

    assert client.get(reverse("services:request-create")).status_code == 403


def test_a_grid_worker_reports_an_incident_in_their_grid(client, demo, register):
    client.force_login(demo["grid_a"])
    item = ServiceItem.objects.get(name="路灯维修")

    response = client.post(
        reverse("services:grid-report"),
        {
            "item": item.pk,
            "grid": register["grid_1"].pk,
            "dwelling": "",
            "location": "1号楼东侧路灯",
            "description": "路灯不亮已三天",
            "priority": "normal",
            "contact_name": "",
            "contact_phone": "",
        },
    )

    service_request = ServiceRequest.objects.get()
    assert response.status_code == 302
    assert (service_request.channel, service_request.reported_by, service_request.grid) == (
        "grid_report",
        demo["grid_a"],
        register["grid_1"],
    )
    assert client.get(service_request.get_absolute_url()).status_code == 200


def test_a_grid_worker_cannot_report_in_another_grid(client, demo, register):
    client.force_login(demo["grid_a"])

    response = client.post(
        reverse("services:grid-report"),
        {
            "item": ServiceItem.objects.get(name="路灯维修").pk,
            "grid": register["grid_2"].pk,
            "location": "x",
            "description": "y",
            "priority": "normal",
        },
    )

    assert response.status_code == 200
    assert not ServiceRequest.objects.exists()


def test_the_public_lookup_needs_the_matching_phone_digits_and_shows_nothing_personal(client, requests_):
    zhang = requests_["zhang"]
    url = reverse("services:status-lookup")

    right = client.post(url, {"number": zhang.number, "phone_tail": "5678"})
    wrong = client.post(url, {"number": zhang.number, "phone_tail": "0000"})
    unknown = client.post(url, {"number": "110101001001-20200101-9999", "phone_tail": "5678"})

    assert right.context["found"] == zhang
    html = right.content.decode()
    for personal in ("张三", "13812345678", "138****5678", "11010519491231002X"):
        assert personal not in html
    assert wrong.context["found"] is None
    assert wrong.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()
    assert "没有与此编号和电话相符的事项" in wrong.content.decode()


def test_the_public_lookup_is_rate_limited(client, requests_):
    url = reverse("services:status-lookup")

    statuses = [client.post(url, {"number": f"X{n}", "phone_tail": "0000"}).status_code for n in range(11)]

    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429


def test_the_resident_page_lists_the_residents_requests_in_scope(client, demo, register, requests_):
    client.force_login(demo["window"])

    html = client.get(register["zhang"].get_absolute_url()).content.decode()

    assert requests_["zhang"].get_absolute_url() in html


def test_the_timeline_shows_every_step(client, demo, requests_):
    client.force_login(demo["window"])

    timeline = client.get(requests_["zhang"].get_absolute_url()).context["timeline"]

    assert [e.action for e in timeline] == ["receive", "dispatch"]
    assert RequestEvent.objects.filter(request=requests_["zhang"]).count() == 2


def test_a_refused_action_shows_the_detail_page_with_that_form_and_its_errors_and_the_others_blank(
    client, demo, requests_
):
    li = requests_["li"]
    client.force_login(demo["window"])

    response = client.post(reverse("services:request-transition", args=[li.pk, "reject"]), {"reject-note": ""})

    forms = {action: form for action, _label, form in response.context["action_forms"]}
    assert response.templates[0].name == "services/request_detail.html"
    assert response.context["service_request"] == li
    assert [e.action for e in response.context["timeline"]] == ["receive"]
    assert forms["reject"].errors == {"note": ["这个字段是必填项。"]}
    assert not forms["cancel"].is_bound


def test_a_done_action_says_so_and_returns_to_the_request(client, demo, requests_):
    li = requests_["li"]
    client.force_login(demo["window"])

    response = client.post(reverse("services:request-transition", args=[li.pk, "start"]), {}, follow=True)

    assert response.redirect_chain == [(li.get_absolute_url(), 302)]
    assert "社区自行办理：已完成。" in response.content.decode()


def test_intake_finds_a_resident_by_the_last_4_of_a_phone_or_id_number_and_an_item_by_an_everyday_word(
    client, demo, register
):
    client.force_login(demo["window"])
    li = register["li"]

    by_phone = client.post(reverse("services:intake-residents"), {"resident_q": li.phone[-4:]})
    by_id = client.post(reverse("services:intake-residents"), {"resident_q": li.id_number[-4:]})
    item = client.get(reverse("services:intake-items"), {"q": "低保"})
    by_pinyin = client.get(reverse("services:intake-items"), {"q": "zuidi sheng"})
    resident_by_pinyin = client.post(reverse("services:intake-residents"), {"resident_q": "lisi"})

    assert li in by_phone.context["residents"]
    assert li in by_id.context["residents"]
    assert [found.name for found in item.context["items"]] == ["最低生活保障申请"]
    assert [found.name for found in by_pinyin.context["items"]] == ["最低生活保障申请"]
    assert list(resident_by_pinyin.context["residents"]) == [li]


def test_missing_materials_are_a_warning_with_a_choice_and_nothing_typed_is_lost(client, demo, register):
    client.force_login(demo["window"])
    item = ServiceItem.objects.get(name="居住证明")

    response = client.post(
        reverse("services:request-create"),
        {
            "resident": register["zhang"].pk,
            "item": item.pk,
            "channel": "window",
            "priority": "normal",
            "community": register["grid_1"].community.pk,
            "description": "子女入学",
            "submission_key": uuid.uuid4(),
            "materials_received": item.materials[:1],
        },
    )

    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["materials_received"])
    assert item.materials[1] in errors
    assert "容缺受理" in errors
    assert "子女入学" in response.content.decode()
    assert not ServiceRequest.objects.exists()


def test_the_receipt_is_printed_in_chinese_whatever_the_clerks_language(client, demo, new_request):
    made = new_request()
    client.force_login(demo["window"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    receipt = client.get(reverse("services:request-receipt", args=[made.pk])).content.decode()
    home = client.get(reverse("portal:home")).content.decode()

    assert '<main class="receipt" lang="zh-Hans"' in receipt
    assert "服务事项受理回执" in receipt  # the sheet, in Chinese
    assert "Next resident" in receipt  # the clerk's buttons around it, in the clerk's language
    assert '<html lang="en">' in home


def test_intake_opens_with_the_resident_chosen_from_their_page(client, demo, register):
    client.force_login(demo["window"])
    zhang = register["zhang"]

    page = client.get(zhang.get_absolute_url()).content.decode()
    intake = client.get(reverse("services:request-create"), {"resident": zhang.pk})
    elsewhere = client.get(reverse("services:request-create"), {"resident": register["wang"].pk})

    assert f"{reverse('services:request-create')}?resident={zhang.pk}" in page
    assert intake.context["resident"] == zhang
    assert 'data-testid="chosen-resident"' in intake.content.decode()
    assert elsewhere.context["resident"] is None  # another street's resident: not chosen


def test_the_receipts_qr_opens_the_status_page_with_the_number_filled_in(client, demo, new_request):
    made = new_request()

    page = client.get(reverse("services:status-lookup"), {"number": made.number})

    assert page.status_code == 200
    assert f'value="{made.number}"' in page.content.decode()
