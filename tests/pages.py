"""Every GET page of the urlconf, with the ids of records a user may see and of records they may not:
the pages the whole-site tests walk."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import URLResolver, get_resolver, reverse

from grids.models import Community, Dwelling, Grid
from partybuilding.models import Activity, Member, Organisation, Unit
from residents import actions
from residents.choices import TagKind
from residents.models import Household, Resident, Visit
from services.models import ServiceRequest

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

# Dates are written one way in both languages (config/formats), as the date fields take them.
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
OTHER_DATES = re.compile(
    r"\d{4}年\d{1,2}月\d{1,2}日|\b\d{4}/\d{1,2}/\d{1,2}\b|\b\d{1,2}/\d{1,2}/\d{4}\b"
    r"|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, \d{4}\b"
)


class Text(HTMLParser):
    """What a reader sees of a page: its text and the words of placeholders, titles and labels."""

    ATTRIBUTES = {"placeholder", "title", "aria-label", "alt"}

    def __init__(self):
        super().__init__()
        self.parts, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._hidden += 1
        self.parts += [value for name, value in attrs if name in self.ATTRIBUTES and value]

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


# A passage the page declares Chinese (the receipt printed for the resident).
DECLARED_CHINESE = re.compile(r'<(\w+)[^>]*\slang="zh[^"]*"[^>]*>.*?</\1>', re.DOTALL)


def page_text(html):
    parser = Text()
    parser.feed(DECLARED_CHINESE.sub("", html))
    return "\n".join(part.strip() for part in parser.parts if part.strip())


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
    """The demo district with residents, party organisations, requests, a tag, a visit and a rented
    dwelling: something on every page. Returns every full ID number and phone number it holds."""
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
