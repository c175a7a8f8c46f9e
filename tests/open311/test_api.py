"""The Open311 GeoReport v2 API, endpoint by endpoint, in JSON and XML, against the spec's field names."""

import datetime
import io
import json
from xml.etree import ElementTree

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from grids.models import Community, District
from open311.actions import client_create, key_revoke
from open311.models import ApiCall, ApiKey
from services import actions
from services.models import ServiceItem, ServiceRequest

SERVICE_FIELDS = ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"]
REQUEST_FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]
DUOFU, OTHER_STREET = "110101001001", "110101002001"


@pytest.fixture
def hotline(demo):
    """The district's 12345 hotline: reads, creates and calls back in every community."""
    client, key = client_create(
        name="12345热线", district=District.objects.get(), ticket_source="12345", may_create=True, may_callback=True
    )
    return client, key


@pytest.fixture
def duofu_key(demo):
    _client, key = client_create(name="多福巷小程序", community=Community.objects.get(code=DUOFU), may_create=True)
    return key


def url(name, fmt="json", **kwargs):
    return reverse(f"open311:{name}", kwargs={"fmt": fmt, **kwargs})


def post_request(client, key, fmt="json", **fields):
    data = {
        "api_key": key,
        "service_code": ServiceItem.objects.get(name="路灯维修").code,
        "description": "3号楼门口路灯不亮",
        "address_string": "多福巷3号楼",
        "first_name": "先生",
        "last_name": "王",
        "phone": "13800138000",
        **fields,
    }
    return client.post(url("requests", fmt), data)


def xml(response):
    return ElementTree.fromstring(response.content)  # noqa: S314 - the portal's own answer


def test_the_service_list_names_every_field_of_the_spec_in_json_and_xml(client, hotline):
    _client, key = hotline

    listed = client.get(url("services"), {"api_key": key}).json()
    root = xml(client.get(url("services", "xml"), {"api_key": key}))

    assert listed
    assert all(list(service) == SERVICE_FIELDS for service in listed)
    codes = {service["service_code"] for service in listed}
    window_only = set(ServiceItem.objects.filter(requires_resident=True).values_list("code", flat=True))
    assert codes
    assert not codes & window_only
    assert root.tag == "services"
    assert [child.tag for child in root[0]] == SERVICE_FIELDS
    assert {service.findtext("service_code") for service in root} == codes
    assert root[0].findtext("metadata") == "true"
    assert client.get(url("services", "xml"), {"api_key": key})["Content-Type"] == "text/xml; charset=utf-8"


def test_a_service_definition_lists_its_attributes_and_the_communities_of_the_key(client, hotline, duofu_key):
    _client, key = hotline
    code = ServiceItem.objects.get(name="路灯维修").code

    definition = client.get(url("service", code=code), {"api_key": key}).json()
    root = xml(client.get(url("service", "xml", code=code), {"api_key": key}))
    own = client.get(url("service", code=code), {"api_key": duofu_key}).json()

    assert definition["service_code"] == code
    attributes = {attribute["code"]: attribute for attribute in definition["attributes"]}
    assert attributes["community"]["datatype"] == "singlevaluelist"
    assert {value["key"] for value in attributes["community"]["values"]} == set(
        Community.objects.values_list("code", flat=True)
    )
    assert {"ticket_number", "contact_hours", "handling_hours", "handling_days"} <= attributes.keys()
    assert root.tag == "service_definition"
    assert root.find("attributes/attribute/values/value/key") is not None
    assert "community" not in {attribute["code"] for attribute in own["attributes"]}  # one community: implied
    assert client.get(url("service", code="XXXX"), {"api_key": key}).status_code == 404


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_without_a_key_or_with_a_revoked_one_a_post_is_refused_with_the_specs_error_body(client, hotline, fmt):
    api_client, key = hotline
    before = ServiceRequest.objects.count()

    missing = post_request(client, "", fmt)
    key_revoke(ApiKey.objects.get(client=api_client))
    revoked = post_request(client, key, fmt)
    wrong = post_request(client, key[:-2] + "xx", fmt)

    for response in (missing, revoked, wrong):
        assert response.status_code == 403
        if fmt == "json":
            assert list(response.json()[0]) == ["code", "description"]
            assert response.json()[0]["code"] == 403
        else:
            assert xml(response).tag == "errors"
            assert xml(response).findtext("error/code") == "403"
    assert ServiceRequest.objects.count() == before


def test_a_key_that_may_only_read_cannot_create(client, demo):
    _client, key = client_create(name="只读", community=Community.objects.get(code=DUOFU))

    assert post_request(client, key).status_code == 403
    assert client.get(url("services"), {"api_key": key}).status_code == 200


def test_a_hotline_ticket_becomes_a_request_with_its_number_and_deadlines_and_is_not_doubled(client, hotline):
    _client, key = hotline
    before = timezone.now()

    created = post_request(
        client,
        key,
        **{
            "attribute[community]": DUOFU,
            "attribute[ticket_number]": "GD20261204001",
            "attribute[contact_hours]": "2",
            "attribute[handling_days]": "3",
        },
    )
    again = post_request(client, key, **{"attribute[community]": DUOFU, "attribute[ticket_number]": "GD20261204001"})

    assert created.status_code == 201
    number = created.json()[0]["service_request_id"]
    assert list(created.json()[0]) == ["service_request_id", "service_notice", "account_id"]
    assert again.status_code == 200
    assert again.json()[0]["service_request_id"] == number
    made = ServiceRequest.objects.get(number=number)
    assert (made.ticket_source, made.ticket_number, made.channel) == ("12345", "GD20261204001", "hotline")
    assert made.community.code == DUOFU
    assert made.contact_phone == "13800138000"
    assert made.contact_name == "王 先生"
    assert datetime.timedelta(hours=2) <= made.contact_deadline - before < datetime.timedelta(hours=2, minutes=1)
    assert made.due_date == timezone.localtime(made.handling_deadline).date()
    assert made.received_by == _client.user
    assert made.timeline.get().actor.get_full_name() == "12345热线"


def test_bad_input_is_a_400_that_says_what_is_wrong(client, hotline, duofu_key):
    _client, key = hotline

    no_place = post_request(client, duofu_key, address_string="")
    no_code = post_request(client, duofu_key, service_code="")
    unknown = post_request(client, duofu_key, service_code="ZZZZ")
    bad_phone = post_request(client, duofu_key, phone="12")
    no_community = post_request(client, key)

    assert no_place.status_code == 400
    assert "address_string" in no_place.json()[0]["description"]
    assert no_code.status_code == 400
    assert "service_code" in no_code.json()[0]["description"]
    assert unknown.status_code == 404
    assert bad_phone.status_code == 400
    assert bad_phone.json()[0]["description"].startswith("phone")
    assert no_community.status_code == 400
    assert "community" in no_community.json()[0]["description"]


def test_a_key_of_one_community_cannot_create_or_read_in_another(client, hotline, duofu_key):
    _client, hotline_key = hotline
    elsewhere = post_request(client, hotline_key, **{"attribute[community]": OTHER_STREET}).json()[0]

    refused = post_request(client, duofu_key, **{"attribute[community]": OTHER_STREET})
    read = client.get(url("request", number=elsewhere["service_request_id"]), {"api_key": duofu_key})
    listed = client.get(url("requests"), {"api_key": duofu_key}).json()

    assert refused.status_code == 403
    assert read.status_code == 404
    assert read.json()[0]["code"] == 404
    assert elsewhere["service_request_id"] not in {row["service_request_id"] for row in listed}


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_request_reads_back_with_every_field_of_the_spec_and_times_with_their_zone(client, hotline, fmt):
    _client, key = hotline
    number = post_request(client, key, lat="39.93", long="116.41", **{"attribute[community]": DUOFU}).json()[0][
        "service_request_id"
    ]

    response = client.get(url("request", fmt, number=number), {"api_key": key})

    if fmt == "json":
        (row,) = response.json()
        assert list(row) == REQUEST_FIELDS
        assert row["status"] == "open"
        assert row["lat"] == 39.93
        moment = datetime.datetime.fromisoformat(row["requested_datetime"])
        assert row["requested_datetime"].endswith("+08:00")
        assert row["expected_datetime"].endswith("+08:00")
        assert moment.utcoffset() == datetime.timedelta(hours=8)
        assert "13800138000" not in response.content.decode()
    else:
        root = xml(response)
        assert root.tag == "service_requests"
        assert [child.tag for child in root.find("request")] == REQUEST_FIELDS
        assert root.findtext("request/service_request_id") == number


def test_the_list_filters_pages_and_reports_status_changes_for_the_hotline_to_pull(client, demo, hotline):
    _client, key = hotline
    numbers = [
        post_request(client, key, **{"attribute[community]": DUOFU, "description": f"第{n}件"}).json()[0][
            "service_request_id"
        ]
        for n in range(5)
    ]
    mark = timezone.now()
    first = ServiceRequest.objects.get(number=numbers[0])
    actions.request_transition(user=demo["window"], service_request=first, action="start", note="已联系来电人")

    page_1 = client.get(url("requests"), {"api_key": key, "page_size": 2}).json()
    page_3 = client.get(url("requests"), {"api_key": key, "page_size": 2, "page": 3}).json()
    chosen = client.get(url("requests"), {"api_key": key, "service_request_id": ",".join(numbers[:2])}).json()
    changed = client.get(url("requests"), {"api_key": key, "updated_after": mark.isoformat()}).json()
    closed = client.get(url("requests"), {"api_key": key, "status": "closed"}).json()
    later = client.get(
        url("requests"), {"api_key": key, "start_date": (timezone.now() + datetime.timedelta(hours=1)).isoformat()}
    ).json()
    bad = client.get(url("requests"), {"api_key": key, "start_date": "yesterday"})
    deep = client.get(url("requests"), {"api_key": key, "page": 100_000})

    assert [row["service_request_id"] for row in page_1] == numbers[::-1][:2]
    assert [row["service_request_id"] for row in page_3] == [numbers[0]]
    assert {row["service_request_id"] for row in chosen} == set(numbers[:2])
    assert [(row["service_request_id"], row["status_notes"]) for row in changed] == [(numbers[0], "已联系来电人")]
    assert closed == []
    assert later == []
    assert bad.status_code == 400
    assert "start_date" in bad.json()[0]["description"]
    assert deep.status_code == 400


def test_the_hotlines_unsatisfied_callback_reopens_the_request_for_rehandling(client, demo, hotline):
    _client, key = hotline
    number = post_request(client, key, **{"attribute[community]": DUOFU}).json()[0]["service_request_id"]
    made = ServiceRequest.objects.get(number=number)
    too_early = client.post(url("callback", number=number), {"api_key": key, "satisfaction": "satisfied"})
    for action, fields in [("start", {}), ("resolve", {"resolution": "已更换灯泡"})]:
        made = actions.request_transition(user=demo["window"], service_request=made, action=action, **fields)

    answer = client.post(url("callback", number=number), {"api_key": key, "satisfaction": "dissatisfied"})

    assert too_early.status_code == 400
    assert answer.status_code == 200
    row = answer.json()[0]
    assert row["status"] == "open"
    assert row["extended_attributes"]["first_satisfaction"] == "dissatisfied"
    assert row["extended_attributes"]["rehandled"] == 1
    made.refresh_from_db()
    assert made.status == "received"
    assert made.satisfaction == ""
    assert made.resolved_at is None


def test_every_call_is_recorded_without_its_key(client, hotline):
    api_client, key = hotline

    client.get(url("services"), {"api_key": key})
    client.get(url("services"), {"api_key": "nothing.like-a-key"})

    calls = list(ApiCall.objects.order_by("at"))
    assert [(call.client, call.status) for call in calls] == [(api_client, 200), (None, 403)]
    assert all(key not in call.endpoint and "api_key" not in call.endpoint for call in calls)


def test_create_api_client_prints_a_key_once_and_keeps_only_its_digest(demo):
    out = io.StringIO()

    call_command("create_api_client", "东城12345", "--community", DUOFU, "--create", stdout=out, stderr=io.StringIO())

    key = out.getvalue().strip()
    stored = ApiKey.objects.get(client__name="东城12345")
    assert ApiKey.find(key) == stored
    assert key.split(".")[1] not in json.dumps([stored.prefix, stored.digest])


def test_the_list_in_xml_holds_one_request_element_per_request(client, hotline):
    _client, key = hotline
    for n in range(3):
        post_request(client, key, **{"attribute[community]": DUOFU, "description": f"第{n}件"})

    root = xml(client.get(url("requests", "xml"), {"api_key": key, "extensions": "true"}))

    assert root.tag == "service_requests"
    assert len(root.findall("request")) == 3
    assert all(request.find("extended_attributes/ticket_number") is not None for request in root)
    assert all(request.findtext("requested_datetime").endswith("+08:00") for request in root)


def test_a_page_of_the_list_reads_a_bounded_number_of_queries(client, hotline, django_assert_max_num_queries):
    _client, key = hotline
    for n in range(30):
        post_request(client, key, **{"attribute[community]": DUOFU, "description": f"第{n}件"})

    # The key and its client, its communities, the page, the call's record (the key's last use: once a minute).
    with django_assert_max_num_queries(6):
        rows = client.get(url("requests"), {"api_key": key}).json()
    assert len(rows) == 30


def test_a_nul_character_anywhere_is_a_400_and_the_call_is_recorded(client, hotline):
    _client, key = hotline

    answers = [
        client.get(url("request", number="\x00"), {"api_key": key}),
        client.get(url("requests"), {"api_key": key, "service_request_id": "\x00"}),
        client.get(url("requests"), {"api_key": "\x00" * 8 + ".x"}),
        client.get(url("services"), {"api_key": key, "jurisdiction_id": "\x00"}),
    ]

    assert [answer.status_code for answer in answers] == [400, 400, 400, 400]
    assert ApiCall.objects.filter(status=400).count() == 4


def test_requests_of_a_residents_own_affairs_are_not_given_out(client, demo, hotline, new_request):
    _client, key = hotline
    welfare = new_request(item="最低生活保障申请")

    listed = client.get(url("requests"), {"api_key": key}).json()
    read = client.get(url("request", number=welfare.number), {"api_key": key})

    assert welfare.number not in {row["service_request_id"] for row in listed}
    assert read.status_code == 404


def test_the_streets_supervision_notes_stay_inside_the_portal(client, demo, hotline):
    _client, key = hotline
    number = post_request(client, key, **{"attribute[community]": DUOFU}).json()[0]["service_request_id"]
    made = ServiceRequest.objects.get(number=number)
    actions.request_transition(user=demo["window"], service_request=made, action="start", note="已联系居民")
    actions.request_transition(user=demo["official"], service_request=made, action="supervise", note="内部督办要求")

    (row,) = client.get(url("request", number=number), {"api_key": key}).json()

    assert row["status_notes"] == "已联系居民"


def test_a_ticket_number_of_another_client_with_the_same_source_is_a_conflict(client, demo, hotline):
    _client, key = hotline
    _other, other_key = client_create(
        name="另一个系统", community=Community.objects.get(code=DUOFU), ticket_source="12345", may_create=True
    )
    post_request(client, other_key, **{"attribute[ticket_number]": "GD-SAME"})

    answer = post_request(client, key, **{"attribute[community]": DUOFU, "attribute[ticket_number]": "GD-SAME"})

    assert answer.status_code == 409
    assert ServiceRequest.objects.filter(ticket_number="GD-SAME").count() == 1


def test_control_characters_are_left_out_of_the_xml_and_coordinates_are_rounded(client, hotline):
    _client, key = hotline
    number = post_request(
        client, key, description="路灯\x0b不亮", lat="39.9042123", long="116.4073963", **{"attribute[community]": DUOFU}
    ).json()[0]["service_request_id"]

    root = xml(client.get(url("request", "xml", number=number), {"api_key": key}))

    assert root.findtext("request/description") == "路灯不亮"
    assert root.findtext("request/lat") == "39.904212"


def test_a_jurisdiction_id_is_the_keys_own_district(client, hotline):
    _client, key = hotline

    own = client.get(url("services"), {"api_key": key, "jurisdiction_id": District.objects.get().code})
    other = client.get(url("services"), {"api_key": key, "jurisdiction_id": "990000"})

    assert own.status_code == 200
    assert other.status_code == 404


def test_a_pull_of_changes_resumes_exactly_after_its_cursor_however_many_share_a_moment(client, hotline):
    _client, key = hotline
    numbers = [
        post_request(client, key, **{"attribute[community]": DUOFU}).json()[0]["service_request_id"] for _ in range(5)
    ]
    moment = timezone.now() - datetime.timedelta(minutes=1)
    ServiceRequest.objects.filter(number__in=numbers).update(updated_at=moment)  # five changes at one moment
    start = "0~0"

    first = client.get(url("requests"), {"api_key": key, "changes_after": start, "page_size": 2}).json()
    cursor = first[-1]["extended_attributes"]["change_cursor"]
    rest = client.get(url("requests"), {"api_key": key, "changes_after": cursor, "page_size": 10}).json()
    bad = client.get(url("requests"), {"api_key": key, "changes_after": "yesterday"})

    pulled = [row["service_request_id"] for row in first + rest]
    assert sorted(pulled) == sorted(numbers)
    assert len(set(pulled)) == 5
    assert bad.status_code == 400


def test_a_post_in_xml_answers_with_the_new_requests_id(client, hotline):
    _client, key = hotline

    answer = post_request(client, key, "xml", **{"attribute[community]": DUOFU})

    root = xml(answer)
    assert answer.status_code == 201
    assert root.tag == "service_requests"
    assert [child.tag for child in root.find("request")] == ["service_request_id", "service_notice", "account_id"]
    assert ServiceRequest.objects.filter(number=root.findtext("request/service_request_id")).exists()
