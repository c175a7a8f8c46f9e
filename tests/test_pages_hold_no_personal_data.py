"""Every page of the urlconf that a grid worker, a party secretary and an official can open, with the
ids of their own records and of others', holds no full ID number or phone number: not in its text
(values are masked on every page; the full value is the logged POST "Show"), and not in the address
of any link or form on it."""

import re

import pytest

from residents.logmasking import mask_personal_data
from tests.pages import OTHER_DATES, page_text, urls_for, world  # noqa: F401 - world: the data they show
from tests.partybuilding.conftest import party  # noqa: F401 - the party organisations fixture
from tests.services.test_views import requests_  # noqa: F401 - the requests fixture

USERS = ["grid_a", "secretary", "official"]
ADDRESSES = re.compile(r'(?:href|action|src|hx-get|hx-post|hx-push-url|data-[a-z-]*url)="([^"]*)"')


@pytest.mark.parametrize("username", USERS)
def test_no_page_holds_a_full_id_number_or_phone(client, demo, world, username):  # noqa: F811
    user = demo[username]
    client.force_login(user)
    opened = 0
    for url in urls_for(user):
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        opened += 1
        html = response.content.decode()
        shown = sorted(number for number in world if number in html)
        assert not shown, f"{url} shows {shown}"
        for address in ADDRESSES.findall(html):
            assert mask_personal_data(address) == address, f"{url} links to {address}"
        # and, in Chinese as in English (tests/test_english_pages.py), writes its dates one way
        assert OTHER_DATES.findall(page_text(html)) == [], url
    assert opened >= 20  # the pages each role opens (about 25), own and others' ids
