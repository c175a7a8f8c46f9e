"""The promises of every page kept at the edges: logs, caches, refusals and sessions that end."""

import logging

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from residents.logmasking import PersonalDataFilter, mask_personal_data
from residents.models import Resident
from tests.grids.factories import PASSWORD
from tests.residents.test_actions import form_data

ID_NUMBER = "110101197707077212"
MOBILE = "19257616307"


def _record(message, *args, exc_info=None):
    return logging.LogRecord("x", logging.ERROR, __file__, 1, message, args, exc_info)


@pytest.mark.parametrize(
    "text",
    [
        f"Key (id_number)=({ID_NUMBER}) already exists.",
        f'"GET /residents/?q={MOBILE} HTTP/1.1" 200',
        "phone +86 192-5761-6307 and 11010119770707721x",
        "historic number 110101770707721",
    ],
)
def test_the_log_filter_masks_id_numbers_and_phones_in_messages(text):
    masked = mask_personal_data(text)

    assert ID_NUMBER not in masked
    assert "7616307" not in masked.replace("-", "")
    assert "770707721" not in masked


def test_the_log_filter_masks_arguments_and_exception_text():
    try:
        raise ValueError(f"duplicate key {ID_NUMBER}")
    except ValueError:
        import sys

        record = _record("saving %s for %s failed", "张三", MOBILE, exc_info=sys.exc_info())

    PersonalDataFilter().filter(record)
    text = logging.Formatter().format(record)

    assert ID_NUMBER not in text
    assert MOBILE not in text
    assert "110101********7212" in text
    assert "192****6307" in text
    assert "张三" in text


def test_request_numbers_and_dates_are_left_as_they_are():
    text = "request 110101001001-20261203-0001 at 2026-12-03 13:00:00, 1234567 rows in 1733212800.123 s"
    assert mask_personal_data(text) == text


def test_the_configured_handlers_mask_what_django_logs(caplog, settings):
    from django.conf import settings as live

    assert "personal_data" in live.LOGGING["handlers"]["console"]["filters"]


def test_signed_in_pages_are_not_stored_by_any_cache(client, demo):
    client.force_login(demo["grid_a"])

    for url in (reverse("portal:home"), reverse("residents:resident-list")):
        assert "no-store" in client.get(url)["Cache-Control"]


def test_a_refusal_on_a_records_address_is_in_the_security_log_with_who_tried(client, demo, register, caplog):
    client.force_login(demo["grid_b"])
    zhang = register["zhang"]

    with caplog.at_level(logging.WARNING, logger="portal.security"):
        assert client.get(reverse("residents:resident-detail", args=[zhang.pk])).status_code == 404
        client.force_login(demo["official"])
        assert client.post(reverse("residents:resident-reveal", args=[zhang.pk, "id_number"])).status_code == 403

    lines = [r.getMessage() for r in caplog.records if r.name == "portal.security"]
    assert lines == [
        f"refused user=grid_b path=/residents/{zhang.pk}/ object=residents.resident outcome=404",
        f"refused user=official path=/residents/{zhang.pk}/reveal/id_number/ object=residents.resident outcome=403",
    ]


def _expire(client):
    Session.objects.filter(session_key=client.session.session_key).update(expire_date="2000-01-01T00:00Z")


def test_a_form_posted_after_the_session_ended_is_given_back_after_signing_in_again(demo, register):
    zhang = register["zhang"]
    url = reverse("residents:resident-update", args=[zhang.pk])
    desk = Client()
    desk.force_login(demo["grid_a"])
    typed = {**form_data(zhang, phone="13600001111", skills="电工"), "version": zhang.version}
    _expire(desk)

    posted = desk.post(url, typed)

    assert posted.status_code == 302
    assert posted.url.startswith(reverse("login"))
    desk.post(posted.url, {"username": "grid_a", "password": PASSWORD})
    page = desk.get(url)
    html = page.content.decode()
    assert "电工" in html
    assert page.context["form"].data["skills"] == "电工"
    assert Resident.objects.get(pk=zhang.pk).skills != "电工"  # nothing saved until the clerk saves it
    assert "电工" not in desk.get(url).content.decode()  # given back once


def test_a_form_kept_for_one_user_is_not_given_to_another_signing_in_at_the_same_desk(demo, register):
    zhang = register["zhang"]
    url = reverse("residents:resident-update", args=[zhang.pk])
    desk = Client()
    desk.force_login(demo["grid_a"])
    _expire(desk)
    posted = desk.post(url, {**form_data(zhang, skills="电工"), "version": zhang.version})

    desk.post(posted.url, {"username": "admin", "password": PASSWORD})

    page = desk.get(url)
    assert page.status_code == 200
    assert "电工" not in page.content.decode()


def test_an_htmx_request_after_the_session_ended_is_sent_to_the_sign_in_page_as_a_whole(demo):
    desk = Client()
    desk.force_login(demo["window"])
    _expire(desk)

    response = desk.get(
        reverse("services:intake-residents"),
        {"q": "张"},
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/services/requests/new/"},
    )

    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("login") + "?next=/services/requests/new/"


@pytest.mark.parametrize("change", ["deactivate", "password"])
def test_deactivating_an_account_or_changing_its_password_ends_its_sessions(demo, change):
    desk = Client()
    desk.force_login(demo["grid_a"])
    other = Client()
    other.force_login(demo["window"])
    user = demo["grid_a"]

    if change == "deactivate":
        user.is_active = False
        user.save()
        user.is_active = True
        user.save()
    else:
        user.set_password("another-password-1")
        user.save()

    assert desk.get(reverse("portal:home")).status_code == 302
    assert other.get(reverse("portal:home")).status_code == 200
