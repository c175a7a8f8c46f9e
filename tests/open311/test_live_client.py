"""A separate HTTP client (urllib, not Django's test client) drives the API of a live server the way a
hotline system would: list the services, create a request, read it back, see the desk's dispatch."""

import json
import urllib.error
import urllib.parse
import urllib.request

import pytest

from grids.models import District
from open311.actions import client_create
from services import actions
from services.models import Department, ServiceItem, ServiceRequest
from tests.conftest import _load_shipped_data

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def call(base, path, key, data=None, **params):
    query = urllib.parse.urlencode({"api_key": key, **params}) if data is None else ""
    body = urllib.parse.urlencode({"api_key": key, **data}).encode() if data is not None else None
    request = urllib.request.Request(f"{base}/open311/v2/{path}?{query}", data=body)  # noqa: S310 - a live test server
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_a_hotline_lists_services_creates_a_request_reads_it_back_and_sees_it_dispatched(live_server, demo):
    _load_shipped_data()
    _client, key = client_create(name="12345热线", district=District.objects.get(), may_create=True)
    base = live_server.url

    status, services = call(base, "services.json", key)
    code = next(service["service_code"] for service in services if service["service_name"] == "路灯维修")
    created_status, created = call(
        base,
        "requests.json",
        key,
        data={
            "service_code": code,
            "description": "路灯不亮",
            "address_string": "多福巷3号楼",
            "attribute[community]": "110101001001",
            "attribute[ticket_number]": "GD-LIVE-1",
        },
    )
    number = created[0]["service_request_id"]
    _read_status, (before,) = call(base, f"requests/{number}.json", key, extensions="true")
    service_request = ServiceRequest.objects.get(number=number)
    actions.request_transition(
        user=demo["window"],
        service_request=service_request,
        action="dispatch",
        department=Department.objects.get(name="多福巷社区居委会"),
    )
    _after_status, (after,) = call(base, f"requests/{number}.json", key, extensions="true")

    assert status == 200
    assert code == ServiceItem.objects.get(name="路灯维修").code
    assert created_status == 201
    assert before["status"] == "open"
    assert before["agency_responsible"] == ""
    assert before["extended_attributes"]["ticket_number"] == "GD-LIVE-1"
    assert after["agency_responsible"] == "多福巷社区居委会"
    assert after["extended_attributes"]["portal_status"] == "dispatched"
    assert after["updated_datetime"] >= before["updated_datetime"]
    _status, changed = call(base, "requests.json", key, updated_after=before["updated_datetime"])
    assert [row["service_request_id"] for row in changed] == [number]
