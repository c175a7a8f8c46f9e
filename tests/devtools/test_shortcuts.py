"""The bench's comparison of each speed shortcut with Django's way compares like with like."""

import re

import pytest
from django.urls import reverse

from common.auth import PermissionBackend
from devtools.bench import shortcuts

pytestmark = pytest.mark.slow

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"|"X-CSRFToken": "[^"]+"')


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return CSRF.sub("", response.content.decode())


@pytest.mark.parametrize("key", ["permissions", "bootstrap_fields"])
def test_each_shortcut_gives_the_page_django_gives(client, demo, register, key):
    client.force_login(demo["window"])
    url = reverse("residents:resident-list")
    fast = page(client, url)

    with shortcuts.django_way(key):
        plain = page(client, url)

    if key == "bootstrap_fields":  # the same elements and text; crispy puts other white space between tags
        fast, plain = (re.sub(r"\s*([<>])\s*", r"\1", re.sub(r"\s+", " ", html)) for html in (fast, plain))
    assert fast == plain
    assert "张三" in fast


def test_the_django_way_is_undone_after_the_block():
    before = PermissionBackend.get_all_permissions

    with shortcuts.django_way("permissions"):
        assert PermissionBackend.get_all_permissions is not before

    assert PermissionBackend.get_all_permissions is before


def test_every_shortcut_has_a_django_way():
    for key in shortcuts.KEYS:
        with shortcuts.django_way(key):
            pass
    with pytest.raises(KeyError), shortcuts.django_way("no_such_shortcut"):
        pass
