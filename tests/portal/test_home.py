"""The home page: each user's work for today, from the panels of the apps (portal.views.HomeView)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from residents.models import Visit
from services.models import ServiceRequest

HOME = reverse("portal:home")


def figure(html, key):
    match = re.search(rf'data-figure="{key}">.*?<span class="badge[^"]*">(\d+)\+?</span>', html, re.S)
    return int(match.group(1))


@pytest.mark.parametrize(
    ("username", "panels"),
    [
        ("window", {"home-requests", "home-residents"}),
        ("grid_a", {"home-requests", "home-residents", "home-completeness"}),
        ("secretary", {"home-party"}),
        ("official", {"home-requests", "home-residents", "home-dashboard"}),
        ("dept", {"home-requests"}),
        ("nobody", set()),
    ],
)
def test_each_role_gets_the_panels_of_its_work(client, demo, username, panels, django_assert_max_num_queries):
    client.force_login(demo[username])
    client.get(HOME)

    with django_assert_max_num_queries(16):
        html = client.get(HOME).content.decode()

    assert set(re.findall(r'data-testid="(home-[a-z]+)"', html)) - {"home-panels"} == panels


def test_the_queue_counts_are_those_of_the_users_community(client, demo, register, new_request):
    client.force_login(demo["window"])
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    before = client.get(HOME).content.decode()

    mine = new_request()
    ServiceRequest.objects.filter(pk=mine.pk).update(due_date=yesterday)
    far = new_request(resident="wang")  # another street's community
    ServiceRequest.objects.filter(pk=far.pk).update(due_date=yesterday)
    after = client.get(HOME).content.decode()

    assert figure(after, "overdue") == figure(before, "overdue") + 1
    assert figure(after, "open") == figure(before, "open") + 1
    assert figure(after, "overdue") == ServiceRequest.objects.visible_to(demo["window"]).overdue().count()
    assert f'href="{reverse("services:request-list")}?status=open&amp;due=overdue"' in after


def test_a_grid_worker_sees_the_households_of_their_grids_not_visited_lately(client, demo, register):
    client.force_login(demo["grid_a"])
    grid = register["grid_1"]

    html = client.get(HOME).content.decode()
    assert f'data-grid="{grid.pk}"' in html
    assert f'data-grid="{register["grid_2"].pk}"' not in html  # grid_b's
    unvisited = int(re.search(rf'data-grid="{grid.pk}">.*?<span class="badge[^"]*">(\d+)</span>', html, re.S).group(1))

    Visit.objects.create(
        grid=grid, household=register["household"], worker=demo["grid_a"], visited_on=timezone.localdate()
    )
    html = client.get(HOME).content.decode()
    assert int(re.search(rf'data-grid="{grid.pk}">.*?<span class="badge[^"]*">(\d+)</span>', html, re.S).group(1)) == (
        unvisited - 1
    )


def test_the_lookup_box_sends_full_id_numbers_by_post(client, demo):
    client.force_login(demo["window"])

    html = client.get(HOME).content.decode()

    assert f'action="{reverse("residents:resident-list")}" id="resident-filter"' in html
    assert f'action="{reverse("residents:resident-id-search")}" id="id-search"' in html
    assert "js/resident-search" in html


def test_the_dashboard_panel_opens_the_officials_area(client, demo):
    client.force_login(demo["street_official"])

    html = client.get(HOME).content.decode()

    assert "/dashboards/street/" in html
