"""Every page needs a login, except the login page itself, the health check and static files."""

import re

from django.urls import get_resolver, resolve
from django.urls.exceptions import Resolver404

OPEN_TO_EVERYONE = {
    "login",
    "portal:healthz",
    "portal:readyz",
    "admin:login",
    "services:status-lookup",
    "partybuilding:check-in",
}
SAMPLE_VALUES = ["1", "auth", "x"]
# The back office keeps its own login page; both go through the same authentication and throttling.
LOGIN_PAGES = ("/accounts/login/?next=", "/admin/login/?next=")


def concrete_urls(resolver=None, prefix="/", namespace=""):
    """One concrete URL for every named pattern of the urlconf (namespaces included)."""
    resolver = resolver or get_resolver()
    urls = {}
    for _key, entries in resolver.reverse_dict.lists():
        for possibilities, _pattern, _defaults, _converters in entries:
            for template, params in possibilities:
                for sample in SAMPLE_VALUES:
                    url = prefix + template % dict.fromkeys(params, sample)
                    try:
                        match = resolve(url)
                    except Resolver404:
                        continue
                    urls[url] = match.view_name
                    break
    for ns, (ns_prefix, sub_resolver) in resolver.namespace_dict.items():
        ns_prefix = re.sub(r"\(\?P<\w+>[^)]*\)", "x", ns_prefix.lstrip("^"))
        urls.update(concrete_urls(sub_resolver, prefix + ns_prefix, f"{namespace}{ns}:"))
    return urls


def test_the_urlconf_walk_finds_every_app(db):
    names = set(concrete_urls().values())

    assert {"portal:home", "grids:grid-list", "grids:grid-detail", "admin:index", "set_language"} <= names


def test_anonymous_requests_to_every_page_are_sent_to_login(client, db):
    checked = 0
    for url, name in concrete_urls().items():
        if name in OPEN_TO_EVERYONE:
            continue
        response = client.get(url)
        assert response.status_code == 302, f"{url} ({name}) answered {response.status_code}"
        assert response.url.startswith(LOGIN_PAGES), f"{url} ({name}) went to {response.url}"
        checked += 1
    assert checked > 20


def test_login_page_and_health_check_need_no_login(client, db):
    assert client.get("/accounts/login/").status_code == 200
    assert client.get("/healthz").status_code == 200


def test_static_files_need_no_login(live_server):
    import urllib.request

    with urllib.request.urlopen(f"{live_server.url}/static/css/portal.css") as response:  # noqa: S310
        assert response.status == 200
