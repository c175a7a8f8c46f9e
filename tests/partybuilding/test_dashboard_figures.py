"""The officials' dashboard counts party building from the same ledger and check-ins."""

import datetime

import pytest
from django.urls import reverse

from dashboards import rollups
from grids.models import Community
from partybuilding import actions
from partybuilding.models import Activity, CheckIn

from .conftest import plan


@pytest.fixture(autouse=True)
def _refresh_inline(settings):
    settings.ROLLUP_REFRESH_IN_BACKGROUND = False


def test_party_figures_of_a_community(client, party):
    users = party["users"]
    activity = plan(
        users["secretary"], party["committee"], kind=Activity.Kind.THEME_DAY, starts_in=-datetime.timedelta(hours=1)
    )
    actions.attendance_record(
        user=users["secretary"], activity=activity, member=party["liu"], status=CheckIn.Status.PRESENT
    )
    actions.attendance_record(
        user=users["secretary"], activity=activity, member=party["chen"], status=CheckIn.Status.LEAVE, reason="出差"
    )
    rollups.rebuild()
    client.force_login(users["official"])
    community = Community.objects.get(code="110101001001")

    figures = client.get(
        reverse("dashboards:area", args=["community", community.pk]), {"period": "this_month"}
    ).context["party"]

    expected = activity.expected_members.count()
    assert figures["members_total"] == 3
    assert {v: n for v, _l, n in figures["activities"]}[Activity.Kind.THEME_DAY] == 1
    assert figures["attendance_rate"] == pytest.approx(1 / expected)
    assert figures["branches"] == 2
    assert figures["top_members"][0][0] == "刘红"


def test_the_district_dashboard_counts_party_members_of_every_community(client, party):
    rollups.rebuild()
    client.force_login(party["users"]["official"])
    from grids.models import District

    figures = client.get(reverse("dashboards:area", args=["district", District.objects.get().pk])).context["party"]

    assert figures["members_total"] == 4
