"""In English, the pages speak English: no Chinese outside names and data (what the records hold:
names of people, places and items, materials, notes) and passages declared Chinese (lang="zh-Hans"),
and dates written one way."""

import re

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.urls import reverse

from tests.pages import ISO_DATE, OTHER_DATES, page_text, urls_for, world  # noqa: F401 - world: the data
from tests.partybuilding.conftest import party  # noqa: F401 - the party organisations fixture
from tests.services.test_views import requests_  # noqa: F401 - the requests fixture
from tests.test_translations import PO

CHINESE = re.compile(r"[\u3400-\u9fff]+")
QUOTED = re.compile(r"“[^”]*”")  # a value to type as it is, e.g. “是” in an import's error
# The name of a language is written in that language (the language menu).
OWN_NAMES = {name for _code, name in settings.LANGUAGES}
USERS = ["window", "grid_a", "secretary", "community_admin", "official", "dept"]


def data_texts():
    """Every text the database holds, longest first: on a page they are data, in whatever language."""
    texts = set()
    for model in apps.get_models():
        fields = [f.attname for f in model._meta.concrete_fields if isinstance(f, models.CharField | models.TextField)]
        for values in model._default_manager.values_list(*fields) if fields else ():
            texts.update(value for value in values if value and CHINESE.search(value))
        for field in (f for f in model._meta.concrete_fields if isinstance(f, models.JSONField)):
            for value in model._default_manager.values_list(field.attname, flat=True):
                texts.update(str(item) for item in (value if isinstance(value, list) else []) if item)
    return sorted(texts, key=len, reverse=True)


def test_no_english_message_holds_chinese():
    """The English text is the msgid: a Chinese term in it would show in English (a quoted value to
    type is allowed)."""
    with_chinese = [
        message
        for entry in polib.pofile(str(PO))
        for message in (entry.msgid, entry.msgid_plural)
        if message and CHINESE.search(QUOTED.sub("", message))
    ]

    assert with_chinese == []


@pytest.mark.parametrize("username", USERS)
def test_pages_in_english_hold_no_chinese_outside_names_and_data(client, demo, world, username):  # noqa: F811
    user = demo[username]
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    data = data_texts()
    opened = 0
    for url in urls_for(user):
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        opened += 1
        text = page_text(response.content.decode())
        for value in data:
            text = text.replace(value, "")
        for name in OWN_NAMES:
            text = text.replace(name, "")
        leaks = [line for line in text.splitlines() if CHINESE.search(QUOTED.sub("", line))]
        assert leaks == [], f"{url} in English shows {leaks}"
        assert OTHER_DATES.findall(text) == [], f"{url} writes dates otherwise than {ISO_DATE.pattern}"
    assert opened >= 8  # a liaison's few pages; others open 15 to 30
