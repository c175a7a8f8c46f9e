"""接诉即办 ranking: communities on their hotline requests, departments on those dispatched to them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dashboards import rollups
from grids.models import Community, District, Street
from services import actions, supervision
from services.models import ServiceRequest


@pytest.fixture
def hotline_requests(demo, new_request):
    """Two hotline requests in 多福巷 (one resolved, called back satisfied; one 4 days overdue)."""
    duofu = Community.objects.get(code="110101001001")
    done = new_request(item="路灯维修", resident=None, community=duofu, channel="hotline", location="3号楼")
    for action, fields in [
        ("start", {}),
        ("resolve", {"resolution": "已修"}),
        ("callback", {"satisfaction": "satisfied"}),
    ]:
        done = actions.request_transition(user=demo["window"], service_request=done, action=action, **fields)
    late = new_request(item="路灯维修", resident=None, community=duofu, channel="hotline", location="5号楼")
    ServiceRequest.objects.filter(pk=late.pk).update(due_date=timezone.localdate() - datetime.timedelta(days=4))
    supervision.mark()
    rollups.refresh(force=True)
    return done, late


def test_communities_are_ranked_on_the_three_rates_less_their_overdue_days(client, demo, hotline_requests):
    client.force_login(demo["official"])
    street = Street.objects.get(communities__code="110101001001")

    page = client.get(reverse("dashboards:ranking", args=["street", street.pk]))

    rows = {row["label"]: row for row in page.context["communities"]}
    duofu = rows["多福巷社区"]
    assert duofu["received"] == 2
    assert duofu["resolution_rate"] == 0.5
    assert duofu["satisfaction_rate"] == 1
    assert (duofu["overdue_requests"], duofu["overdue_days"]) == (1, 4)
    # Response rate: nothing dispatched, so resolution and satisfaction carry the weights (0.45 each).
    assert duofu["score"] == round(100 * (0.5 * 0.45 + 1 * 0.45) / 0.9 - 0.4, 1)
    assert duofu["rank"] == 1
    assert all(row["rank"] is None for name, row in rows.items() if name != "多福巷社区")
    assert "0.45" in page.content.decode()  # the weighting is shown


def test_the_ranking_is_for_the_street_and_the_district_the_user_oversees(client, demo, hotline_requests):
    other_street = Street.objects.exclude(communities__code="110101001001").first()
    client.force_login(demo["street_official"])
    own = client.get(reverse("dashboards:ranking", args=["street", other_street.pk]))
    district = client.get(reverse("dashboards:ranking", args=["district", District.objects.get().pk]))
    community = client.get(reverse("dashboards:ranking", args=["community", Community.objects.first().pk]))

    assert own.status_code == 200
    assert district.status_code == 404
    assert community.status_code == 404


def test_the_ranking_reads_a_bounded_number_of_queries(client, demo, hotline_requests, django_assert_max_num_queries):
    client.force_login(demo["official"])
    url = reverse("dashboards:ranking", args=["district", District.objects.get().pk])

    with django_assert_max_num_queries(14):
        client.get(url)


def test_every_indicator_is_defined_under_its_name(client, demo):
    from dashboards.indicators import DEFINITIONS, NAMES

    client.force_login(demo["official"])

    page = client.get(reverse("dashboards:definitions")).content.decode()

    assert set(NAMES) == set(DEFINITIONS)
    assert "首次满意率" in page
    assert "on_time_rate" not in page


def test_the_monthly_report_opens_on_the_last_complete_month(client, demo):
    client.force_login(demo["official"])
    district = District.objects.get()

    report = client.get(reverse("dashboards:report", args=["district", district.pk]))

    this_month = timezone.localdate().replace(day=1)
    assert report.context["period"].first == (this_month - datetime.timedelta(days=1)).replace(day=1)
