"""One form, one save: the submission key of every action page, and unique constraints won by a
concurrent save answered as form errors."""

import re

import pytest
from django.urls import reverse

from partybuilding.models import Member
from residents.forms import ResidentCreateForm
from residents.models import Resident, Visit
from services.models import ServiceItem, ServiceRequest
from tests.residents.test_actions import ZHANG_SAN, form_data


def _key(response):
    return re.search(r'name="submission_key" value="([0-9a-f-]{36})"', response.content.decode())[1]


def _post_twice(client, url, data):
    first = client.post(url, data)
    second = client.post(url, data)
    return first, second


def test_the_visit_form_posted_twice_saves_one_visit_and_lands_on_it_again(client, demo, register):
    client.force_login(demo["grid_a"])
    url = reverse("residents:household-visit-create", args=[register["household"].pk])
    data = {"visited_on": "2026-11-20", "kind": "routine", "notes": "", "submission_key": _key(client.get(url))}

    first, second = _post_twice(client, url, data)

    assert first.status_code == second.status_code == 302
    assert second.url == first.url
    assert Visit.objects.count() == 1


def test_the_grid_report_posted_twice_saves_one_request(client, demo, register):
    client.force_login(demo["grid_a"])
    url = reverse("services:grid-report")
    data = {
        "item": ServiceItem.objects.get(name="路灯维修").pk,
        "grid": register["grid_1"].pk,
        "location": "1号楼东侧路灯",
        "description": "路灯不亮已三天",
        "priority": "normal",
        "submission_key": _key(client.get(url)),
    }

    first, second = _post_twice(client, url, data)

    assert (first.status_code, second.status_code) == (302, 302)
    assert second.url == first.url
    assert ServiceRequest.objects.count() == 1


def test_a_second_post_of_an_edit_that_was_saved_lands_on_its_result_not_on_a_conflict(client, demo, register):
    client.force_login(demo["grid_a"])
    zhang = register["zhang"]
    version = zhang.version
    url = reverse("residents:resident-update", args=[zhang.pk])
    data = {**form_data(zhang, phone="13600001111"), "version": zhang.version, "submission_key": _key(client.get(url))}

    first, second = _post_twice(client, url, data)

    assert (first.status_code, second.status_code) == (302, 302)
    zhang.refresh_from_db()
    assert zhang.version == version + 1


def test_without_a_key_a_form_still_saves(client, demo, register):
    client.force_login(demo["grid_a"])

    response = client.post(
        reverse("residents:household-visit-create", args=[register["household"].pk]),
        {"visited_on": "2026-11-20", "kind": "routine"},
    )

    assert response.status_code == 302
    assert Visit.objects.count() == 1


@pytest.mark.parametrize(
    ("username", "url_name", "args"),
    [
        ("grid_a", "residents:resident-create", []),
        ("grid_a", "residents:resident-update", ["zhang"]),
        ("grid_a", "residents:resident-leave", ["zhang"]),
        ("grid_a", "residents:tag-create", ["zhang"]),
        ("grid_a", "residents:resident-visit-create", ["zhang"]),
        ("grid_a", "services:grid-report", []),
        ("window", "services:request-create", []),
        ("secretary", "partybuilding:member-create", []),
        ("secretary", "partybuilding:activity-create", []),
    ],
)
def test_every_form_page_carries_a_submission_key(client, demo, register, party, username, url_name, args):
    client.force_login(demo[username])

    response = client.get(reverse(url_name, args=[register[name].pk for name in args]))

    assert response.status_code == 200
    assert _key(response)


def test_a_duplicate_id_number_saved_at_the_same_moment_is_the_form_error_not_a_500(
    client, demo, register, monkeypatch
):
    """Both clerks' checks passed before either row was saved: the database refuses the second row,
    and its clerk sees the validation's message with what they typed."""
    client.force_login(demo["grid_b"])
    monkeypatch.setattr(ResidentCreateForm, "validate_unique", lambda form: None)
    full_clean = Resident.full_clean
    monkeypatch.setattr(Resident, "full_clean", lambda self, **kw: full_clean(self, **{**kw, "validate_unique": False}))

    response = client.post(
        reverse("residents:resident-create"),
        {**form_data(register["li"], name="张小三", id_number=ZHANG_SAN, phone="13611112222"), "household": ""},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "已有居民使用此身份证号" in html
    assert "13611112222" in html
    assert Resident.objects.filter(id_number=ZHANG_SAN).count() == 1
    assert not Member.objects.filter(name="张小三").exists()
