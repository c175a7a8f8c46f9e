"""Every count of the dashboards leads to the list that produces it, and the list says the same number."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dashboards import rollups
from grids.models import Community
from partybuilding import actions as party_actions
from partybuilding.models import Activity, CheckIn
from residents.choices import ResidenceType, TagKind, VisitKind
from residents.models import Resident, Visit
from tests.partybuilding.conftest import plan
from tests.residents.factories import ResidentTagFactory


@pytest.fixture(autouse=True)
def _refresh_inline(settings):
    settings.ROLLUP_REFRESH_IN_BACKGROUND = False


@pytest.fixture
def district(demo, register, history, party):
    """The register, the requests of `history`, visits, more special groups, and party activities
    with attendance this month; rolled up."""
    users = demo
    Resident.objects.filter(pk=register["wang"].pk).update(residence_type=ResidenceType.FLOATING)
    ResidentTagFactory(resident=register["zhao"], kind=TagKind.LOW_INCOME, since=datetime.date(2025, 1, 1))
    for day, resident, household in [(3, "zhang", "household"), (20, "li", "household_2")]:
        Visit.objects.create(
            grid=register[resident].grid,
            household=register[household],
            resident=register[resident],
            worker=users["grid_a"],
            visited_on=datetime.date(2026, 10, day),
            kind=VisitKind.ROUTINE,
        )
    activity = plan(users["secretary"], party["committee"], starts_in=-datetime.timedelta(hours=1))
    party_actions.attendance_record(
        user=users["secretary"], activity=activity, member=party["liu"], status=CheckIn.Status.PRESENT
    )
    plan(users["secretary"], party["branch_1"], kind=Activity.Kind.LECTURE, starts_in=-datetime.timedelta(hours=2))
    rollups.rebuild()


def figures_and_links(page):
    """(what the figure is, the figure, the address it links to) for every linked count of the page."""
    context = page.context
    register, requests, party = context["register"], context["requests"], context["party"]
    figures = {
        "residents": register["residents"],
        "households": register["households"],
        "visits": register["visits"],
        "received": requests["received"],
        "resolved": requests["resolved"],
        "overdue": requests["overdue_now"],
    }
    if party:
        figures.update(party_members=party["members_total"], attendances=party["present"])
    found = [(name, figures[name], context["links"][name]) for name in figures]
    for group in ("type_links", "tag_links", "member_links", "activity_links"):
        found += [(f"{group}: {label}", count, url) for label, count, url in context[group]]
    for row in context["children"]:
        found += [(f"{row['area']}: {name}", row[name], url) for name, url in row["links"].items()]
    for key in ("by_channel", "by_category"):
        found += [(f"{key}: {row['label']}", row["received"], row["link"]) for row in requests.get(key, [])]
    return found


@pytest.mark.parametrize(("level", "code"), [("community", "110101001001"), ("street", None), ("district", None)])
def test_every_linked_figure_is_the_count_of_its_list(client, demo, district, level, code):
    community = Community.objects.select_related("street").get(code="110101001001")
    area = {"community": community, "street": community.street, "district": community.street.district}[level]
    client.force_login(demo["official"])
    this_month = timezone.localdate().strftime("%Y-%m")

    page = client.get(
        reverse("dashboards:area", args=[level, area.pk]), {"period": "custom", "from": "2026-09", "to": this_month}
    )

    found = figures_and_links(page)
    assert len(found) > 30
    names = [name for name, _figure, _url in found]
    assert any(name.endswith(": received") for name in names)  # the areas below
    assert any(name.startswith("by_channel: ") for name in names)
    assert any(name.startswith("by_category: ") for name in names)
    assert sum(1 for _name, figure, _url in found if figure) > 12  # the data gives most figures something to count
    counted = {name: client.get(url).context["count"] for name, _figure, url in found}
    assert counted == {name: figure for name, figure, _url in found}


def test_the_figures_are_links_on_the_page(client, demo, district):
    community = Community.objects.get(code="110101001001")
    client.force_login(demo["official"])

    html = client.get(reverse("dashboards:area", args=["community", community.pk])).text

    for name in ("residents", "households", "visits", "received", "resolved", "overdue_now", "party_members"):
        assert f'data-count-link="{name}"' in html, name
    assert 'data-count-link="tag"' in html
    assert 'data-count-link="member"' in html
