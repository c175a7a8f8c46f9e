"""Every page of the urlconf that a grid worker, a party secretary and an official can open, with the
ids of their own records and of others', holds no full ID number or phone number: not in its text
(values are masked on every page; the full value is the logged POST "Show"), and not in the address
of any link or form on it."""

import re

import pytest
from django.urls import URLResolver, get_resolver, reverse

from grids.models import Community, Dwelling, Grid
from partybuilding.models import Activity, Member, Organisation, Unit
from residents import actions
from residents.choices import TagKind
from residents.logmasking import mask_personal_data
from residents.models import Household, Resident, Visit
from services.models import ServiceRequest
from tests.partybuilding.conftest import party  # noqa: F401 - the party organisations fixture
from tests.services.test_views import requests_  # noqa: F401 - the requests fixture

USERS = ["grid_a", "secretary", "official"]
# The record a URL parameter names, for views that do not say it themselves (view.model).
MODELS = {
    "residents:resident-visit-create": Resident,
    "residents:household-visit-create": Household,
    "services:intake-resident": Resident,
    "partybuilding:organisation-detail": Organisation,
    "partybuilding:member-detail": Member,
    "partybuilding:activity-detail": Activity,
    "partybuilding:activity-attendance": Activity,
    "partybuilding:activity-qr": Activity,
    "partybuilding:unit-detail": Unit,
}
AREAS = {"community": Community, "grid": Grid}
# Files (their contents are masked by the exports' own tests), and addresses that take no reader.
SKIPPED = re.compile(r"export|download|errors|template|qr-image|check-in$|^admin:|^djdt:|healthz|readyz|logout")
ADDRESSES = re.compile(r'(?:href|action|src|hx-get|hx-post|hx-push-url|data-[a-z-]*url)="([^"]*)"')


def patterns(resolver=None, namespace=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}".strip(":") if entry.namespace else namespace
            yield from patterns(entry, inner)
        elif entry.name:
            yield f"{namespace}:{entry.name}".strip(":"), entry


def _own_and_other(model, user):
    manager = model._default_manager
    visible = manager.visible_to(user) if hasattr(manager, "visible_to") else manager.all()
    own = visible.order_by("pk").first()
    other = manager.exclude(pk__in=visible.values("pk")).order_by("pk").first()
    return [obj.pk for obj in (own, other) if obj is not None]


def urls_for(user):
    for name, entry in patterns():
        if SKIPPED.search(name):
            continue
        params = set(entry.pattern.converters)
        view = getattr(entry.callback, "view_class", None)
        if not params:
            yield reverse(name)
        elif params == {"pk"} or params == {"household_pk"} or params == {"pk", "field"}:
            model = MODELS.get(name) or getattr(view, "model", None)
            if model is None:
                continue
            for pk in _own_and_other(model, user):
                kwargs = {next(iter(params - {"field"})): pk} | ({"field": "id_number"} if "field" in params else {})
                yield reverse(name, kwargs=kwargs)
        elif params == {"level", "pk"}:
            for level, model in AREAS.items():
                for pk in _own_and_other(model, user):
                    yield reverse(name, kwargs={"level": level, "pk": pk})


@pytest.fixture
def world(request, demo, register):
    request.getfixturevalue("party")
    request.getfixturevalue("requests_")
    actions.tag_add(resident=register["zhang"], kind=TagKind.LOW_INCOME, since="2026-01-01")
    actions.visit_record(
        user=demo["grid_a"], visit=Visit(household=register["household"], kind="routine", visited_on="2026-11-20")
    )
    numbers = set()
    for model in (Resident, Member):
        for id_number, phone in model._default_manager.values_list("id_number", "phone"):
            numbers |= {id_number, phone} - {"", None}
    numbers |= set(ServiceRequest.objects.exclude(contact_phone="").values_list("contact_phone", flat=True))
    Dwelling.objects.filter(pk=register["d1"].pk).update(use="rented", owner_name="钱房东", owner_phone="13566667777")
    numbers.add("13566667777")
    return numbers


@pytest.mark.parametrize("username", USERS)
def test_no_page_holds_a_full_id_number_or_phone(client, demo, world, username):
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
    assert opened >= 20  # the pages each role opens (about 25), own and others' ids
