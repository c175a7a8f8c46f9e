import io
import logging
from contextlib import contextmanager

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from common.clientaddress import ClientAddressFilter, ClientAddressMiddleware, client_address
from common.ratelimit import limit_per_ip

PROXY = "127.0.0.1"  # nginx on the same host
CLIENT_A = "203.0.113.5"
CLIENT_B = "198.51.100.7"
LOGIN = "/accounts/login/"

behind_the_proxy = override_settings(TRUSTED_PROXIES=[PROXY])
without_trusted_proxies = override_settings(TRUSTED_PROXIES=[])


def address(remote_addr, forwarded_for=None):
    meta = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client_address(RequestFactory().get("/", **meta))


def statuses(view, *requests):
    factory = RequestFactory()
    return [view(factory.post("/", **meta)).status_code for meta in requests]


def limited_view(limit=2):
    return limit_per_ip("test", limit=limit, period=60)(lambda request: HttpResponse("ok"))


# --- the rule ---------------------------------------------------------------------------------------


@without_trusted_proxies
def test_without_trusted_proxies_the_client_is_the_connecting_address_whatever_the_header_says():
    assert address(PROXY, CLIENT_A) == PROXY
    assert address(CLIENT_B, CLIENT_A) == CLIENT_B


@behind_the_proxy
def test_behind_a_trusted_proxy_the_client_is_the_address_the_proxy_appended():
    assert address(PROXY, CLIENT_A) == CLIENT_A


@behind_the_proxy
def test_a_client_connecting_directly_is_its_own_address_even_with_a_forwarded_header():
    assert address(CLIENT_B, CLIENT_A) == CLIENT_B
    assert address(CLIENT_B, f"{CLIENT_A}, {PROXY}") == CLIENT_B


@behind_the_proxy
def test_what_the_client_wrote_left_of_the_proxys_entry_is_ignored():
    assert address(PROXY, f"10.9.9.9, {CLIENT_A}") == CLIENT_A
    assert address(PROXY, f"not an address, {CLIENT_A}") == CLIENT_A


@override_settings(TRUSTED_PROXIES=[PROXY, "10.0.0.0/8"])
def test_trusted_proxies_are_stripped_from_the_right_up_to_the_first_untrusted_hop():
    # A load balancer in 10/8 in front of nginx: client, balancer, then nginx connecting.
    assert address(PROXY, f"{CLIENT_A}, 10.1.2.3") == CLIENT_A
    assert address(PROXY, f"1.1.1.1, {CLIENT_A}, 10.1.2.3") == CLIENT_A
    # Seen from inside the trusted networks, the furthest hop is the client.
    assert address(PROXY, "10.1.2.3, 10.4.5.6") == "10.1.2.3"


@behind_the_proxy
@pytest.mark.parametrize(
    "header",
    ["", "   ", "not an address", f"{CLIENT_A}, garbage", f"{CLIENT_A},", "999.1.1.1", "[::1", f"{CLIENT_A}:99999"],
)
def test_a_malformed_header_from_the_proxy_falls_back_to_the_connecting_address(header):
    assert address(PROXY, header) == PROXY


@behind_the_proxy
def test_a_proxy_request_without_the_header_is_the_proxys_own():
    assert address(PROXY) == PROXY


@override_settings(TRUSTED_PROXIES=["127.0.0.1", "::1"])
def test_ports_brackets_and_ipv4_mapped_addresses_are_read_as_plain_addresses():
    assert address("::ffff:127.0.0.1", f"{CLIENT_A}:51234") == CLIENT_A
    assert address("::1", "[2001:db8::7]:443") == "2001:db8::7"
    assert address(PROXY, f"::ffff:{CLIENT_A}") == CLIENT_A


@override_settings(TRUSTED_PROXIES=["127.0.0.1", "nginx.internal"])
def test_a_trusted_proxy_that_is_no_address_is_refused():
    with pytest.raises(ImproperlyConfigured, match=r"nginx\.internal"):
        address(PROXY, CLIENT_A)


# --- rate limits ------------------------------------------------------------------------------------


@without_trusted_proxies
def test_without_trusted_proxies_a_spoofed_header_does_not_give_a_fresh_bucket(db):
    results = statuses(
        limited_view(),
        *({"REMOTE_ADDR": CLIENT_B, "HTTP_X_FORWARDED_FOR": f"192.0.2.{n}"} for n in range(3)),
    )

    assert results == [200, 200, 429]


@behind_the_proxy
def test_behind_the_trusted_proxy_two_clients_have_separate_buckets(db):
    view = limited_view()
    via_proxy = {"REMOTE_ADDR": PROXY}

    a = statuses(view, *[{**via_proxy, "HTTP_X_FORWARDED_FOR": CLIENT_A}] * 3)
    b = statuses(view, {**via_proxy, "HTTP_X_FORWARDED_FOR": CLIENT_B})

    assert a == [200, 200, 429]
    assert b == [200]


@behind_the_proxy
def test_a_client_cannot_get_a_fresh_bucket_by_writing_its_own_header_through_the_proxy(db):
    results = statuses(
        limited_view(),
        *({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"192.0.2.{n}, {CLIENT_A}"} for n in range(3)),
    )

    assert results == [200, 200, 429]


@behind_the_proxy
def test_a_client_connecting_directly_is_keyed_by_its_own_address_not_by_its_header(db):
    view = limited_view()

    direct = statuses(view, *({"REMOTE_ADDR": CLIENT_B, "HTTP_X_FORWARDED_FOR": f"192.0.2.{n}"} for n in range(3)))
    # The address it claimed has its own bucket, untouched.
    claimed = statuses(view, {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "192.0.2.0"})

    assert direct == [200, 200, 429]
    assert claimed == [200]


# --- log-in lockouts --------------------------------------------------------------------------------


@pytest.fixture
def clerk(db):
    return get_user_model().objects.create_user("clerk", password="the-right-password-7")


def log_in(client, password, **meta):
    return client.post(LOGIN, {"username": "clerk", "password": password}, **meta)


@behind_the_proxy
@override_settings(AXES_FAILURE_LIMIT=3)
def test_behind_the_trusted_proxy_failures_from_one_client_do_not_lock_the_user_out_for_another(client, clerk):
    from_a = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": CLIENT_A}
    from_b = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": CLIENT_B}
    for _ in range(3):
        log_in(client, "wrong", **from_a)

    locked = log_in(client, "the-right-password-7", **from_a)
    other = log_in(client, "the-right-password-7", **from_b)

    assert locked.status_code == 429
    assert other.status_code == 302


@pytest.mark.parametrize("trusted", [[], [PROXY]], ids=["no trusted proxies", "proxy trusted"])
def test_a_header_the_client_writes_itself_cannot_dodge_the_lockout(client, clerk, settings, trusted):
    settings.TRUSTED_PROXIES = trusted
    settings.AXES_FAILURE_LIMIT = 3
    # Directly, or through the proxy with a made-up address left of the one nginx appends.
    remote = CLIENT_B if not trusted else PROXY
    for n in range(3):
        header = f"192.0.2.{n}" if not trusted else f"192.0.2.{n}, {CLIENT_B}"
        log_in(client, "wrong", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=header)

    header = "192.0.2.99" if not trusted else f"192.0.2.99, {CLIENT_B}"
    response = log_in(client, "the-right-password-7", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=header)

    assert response.status_code == 429


@without_trusted_proxies
@override_settings(AXES_FAILURE_LIMIT=3)
def test_without_trusted_proxies_a_forged_header_cannot_lock_out_a_user_at_another_address(client, clerk):
    for _ in range(3):
        log_in(client, "wrong", REMOTE_ADDR=CLIENT_A, HTTP_X_FORWARDED_FOR=CLIENT_B)

    response = log_in(client, "the-right-password-7", REMOTE_ADDR=CLIENT_B)

    assert response.status_code == 302


# --- logs -------------------------------------------------------------------------------------------


@contextmanager
def console_output():
    """What the console handler of settings.LOGGING writes, for the duration of the block."""
    (handler,) = [h for h in logging.getLogger().handlers if any(isinstance(f, ClientAddressFilter) for f in h.filters)]
    output = io.StringIO()
    previous = handler.setStream(output)
    try:
        yield output
    finally:
        handler.setStream(previous)


@behind_the_proxy
@override_settings(AXES_FAILURE_LIMIT=2)
def test_the_request_log_and_the_lockout_warning_name_the_client_behind_the_proxy(client, clerk):
    with console_output() as output:
        for _ in range(3):
            log_in(client, "wrong", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CLIENT_A)

    lines = output.getvalue().splitlines()
    refused = [line for line in lines if " django.request " in line and "Too Many Requests" in line]
    locked_out = [line for line in lines if " axes." in line and "Locking out" in line]
    assert refused
    assert locked_out
    assert all(f"[{CLIENT_A}]" in line for line in refused + locked_out)


@behind_the_proxy
def test_a_warning_logged_while_a_request_is_handled_names_its_client():
    def view(request):
        logging.getLogger("services").warning("a warning of ours")
        return HttpResponse()

    with console_output() as output:
        ClientAddressMiddleware(view)(RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CLIENT_A))
        logging.getLogger("services").warning("and one outside any request")

    assert f"services [{CLIENT_A}] a warning of ours" in output.getvalue()
    assert "services [-] and one outside any request" in output.getvalue()
