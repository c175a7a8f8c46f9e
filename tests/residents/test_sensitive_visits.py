"""A visit to released prisoners or people under correction tells what the hidden tags hide: it is
shown, listed, offered and recorded in the history only to users who see those tags."""

import datetime

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse

from residents import actions
from residents.choices import VisitKind
from residents.models import Visit

SENSITIVE = "走访两劳人员"


@pytest.fixture
def sensitive_visit(demo, register):
    visit = Visit(resident=register["zhang"], household=register["household"], kind=VisitKind.EX_OFFENDER)
    visit.visited_on = datetime.date(2026, 11, 20)
    visit.notes = "定期走访"
    return actions.visit_record(user=demo["grid_a"], visit=visit)


@pytest.mark.parametrize(("username", "shown"), [("grid_a", True), ("window", False), ("official", False)])
def test_the_residents_and_households_pages_show_the_visit_only_to_who_sees_the_tags(
    client, demo, register, sensitive_visit, username, shown
):
    client.force_login(demo[username])

    for url in (register["zhang"].get_absolute_url(), register["household"].get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200
        assert (SENSITIVE in response.content.decode()) is shown, url


def test_the_history_leaves_the_visit_out_for_who_does_not_see_the_tags(client, demo, register, sensitive_visit):
    client.force_login(demo["window"])

    history = client.get(register["zhang"].get_absolute_url()).context["history"]

    assert not [entry for entry in history if entry.what == str(Visit._meta.verbose_name)]


def test_the_visit_form_offers_the_kind_only_to_who_sees_the_tags(client, demo, register, django_user_model):
    from django.contrib.auth.models import Permission

    grid_a = demo["grid_a"]
    client.force_login(grid_a)
    url = reverse("residents:resident-visit-create", args=[register["zhang"].pk])
    assert VisitKind.EX_OFFENDER in dict(client.get(url).context["form"].fields["kind"].choices)

    for group in grid_a.groups.all():
        group.permissions.remove(Permission.objects.get(codename="view_sensitive_tags"))
    grid_a = django_user_model.objects.get(pk=grid_a.pk)
    client.force_login(grid_a)

    assert VisitKind.EX_OFFENDER not in dict(client.get(url).context["form"].fields["kind"].choices)
    response = client.post(url, {"visited_on": "2026-11-20", "kind": VisitKind.EX_OFFENDER})
    assert response.status_code == 200
    assert not Visit.objects.filter(kind=VisitKind.EX_OFFENDER).exists()


def test_the_admin_lists_the_visit_only_to_who_sees_the_tags(demo, sensitive_visit):
    request = RequestFactory().get("/")
    request.user = demo["official"]

    assert not site._registry[Visit].get_queryset(request).filter(pk=sensitive_visit.pk).exists()


@pytest.mark.parametrize(("username", "counted"), [("admin", 2), ("official", 1)])
def test_the_dashboards_visit_figure_counts_them_as_the_visit_list_it_links_to(
    client, demo, register, sensitive_visit, username, counted
):
    from dashboards import rollups
    from grids.models import Grid

    actions.visit_record(
        user=demo["grid_a"], visit=Visit(household=register["household"], kind="routine", visited_on="2026-11-21")
    )
    rollups.rebuild()
    client.force_login(demo[username])
    grid = Grid.objects.get(pk=register["grid_1"].pk)

    page = client.get(
        reverse("dashboards:area", args=["grid", grid.pk]), {"period": "custom", "from": "2026-11", "to": "2026-11"}
    )

    assert page.context["register"]["visits"] == counted
    assert client.get(page.context["links"]["visits"]).context["count"] == counted
