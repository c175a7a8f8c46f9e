"""A window request without a resident has no grid: every dashboard level, the monthly report and the
export count it in their totals, and the community's comparison of grids shows it on a row of its own."""

import pytest
from django.urls import reverse

from dashboards import rollups
from grids.models import Community, District, Street

from .conftest import at

PARAMS = {"period": "custom", "from": "2026-09", "to": "2026-10"}


@pytest.fixture
def gridless(history, new_request):
    community = Community.objects.get(code="110101001001")
    request = new_request(item="垃圾清运", resident=None, community=community, received_at=at(2026, 10, 21))
    rollups.rebuild()
    return request


def test_every_dashboard_level_counts_a_request_without_a_grid(client, demo, gridless):
    client.force_login(demo["official"])
    community = Community.objects.get(code="110101001001")
    areas = [
        ("community", community.pk),
        ("street", Street.objects.get(code="110101001000").pk),
        ("district", District.objects.get().pk),
    ]
    for level, pk in areas:
        for name in ("dashboards:area", "dashboards:report", "dashboards:export"):
            params = {"month": "2026-10"} if name == "dashboards:report" else PARAMS
            response = client.get(reverse(name, args=[level, pk]), params)
            assert response.status_code == 200, (level, name)
        page = client.get(reverse("dashboards:area", args=[level, pk]), PARAMS)
        assert page.context["requests"]["received"] == 5, level


def test_the_comparison_of_grids_shows_the_requests_without_a_grid_and_links_to_them(client, demo, gridless):
    client.force_login(demo["official"])
    community = Community.objects.get(code="110101001001")

    response = client.get(reverse("dashboards:area", args=["community", community.pk]), PARAMS)

    unlinked = [row for row in response.context["children"] if row["area"] is None]
    assert len(unlinked) == 1
    assert unlinked[0]["received"] == 1
    assert "未关联网格" in response.content.decode()
    listed = client.get(unlinked[0]["links"]["received"])
    assert listed.context["count"] == 1
    assert [row.pk for row in listed.context["page"].object_list] == [gridless.pk]
