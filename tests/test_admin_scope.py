"""The back office keeps the pages' promises for staff who are not superusers: they see their area's
rows, choose only rows of it, save nothing that leaves it, and records kept on the pages are read only."""

import pytest
from django.contrib.admin.sites import site
from django.db.models import ForeignKey, ManyToManyField
from django.forms.models import model_to_dict
from django.test import RequestFactory
from django.urls import resolve, reverse

from grids.models import Building, Compound, Dwelling
from residents import actions
from residents.choices import TagKind
from residents.models import Household, Resident, Visit
from tests.partybuilding.conftest import party  # noqa: F401 - the party organisations fixture
from tests.services.test_views import requests_  # noqa: F401 - the requests fixture


@pytest.fixture
def staff_grid_worker(request, demo, register):
    """grid_a (grid 1 of 多福巷社区) let into the back office, and a record of each kind around them."""
    request.getfixturevalue("party")
    user = demo["grid_a"]
    user.is_staff = True
    user.save()
    actions.tag_add(resident=register["zhang"], kind=TagKind.VETERAN, since="2026-01-01")
    visit = Visit(household=register["household"], kind="routine", visited_on="2026-11-20")
    actions.visit_record(user=user, visit=visit)
    return type(user).objects.get(pk=user.pk)


def _post_data(response):
    """What the change form sends back as it was opened, its inlines included."""
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        data[name] = [str(v) for v in value] if isinstance(value, list | tuple) else value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            data[formset.management_form.add_prefix(name)] = formset.management_form[name].value()
        for each in formset.forms:
            for name in each.fields:
                value = each[name].value()
                if value is not None:
                    data[each.add_prefix(name)] = value
    return data


def _outside(field, user):
    related = field.remote_field.model
    manager = related._default_manager
    if not hasattr(manager, "visible_to"):
        return None
    return manager.exclude(pk__in=manager.visible_to(user).values("pk")).first()


def test_every_admin_model_refuses_a_row_pointing_outside_the_grid(client, staff_grid_worker):
    user = staff_grid_worker
    client.force_login(user)
    request = RequestFactory().get("/")
    request.user = user
    request.resolver_match = resolve(reverse("admin:index"))
    tried = []
    for model, model_admin in site._registry.items():
        obj = model_admin.get_queryset(request).first()
        if obj is None:
            continue
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
        opened = client.get(url)
        if opened.status_code != 200:
            continue
        relations = [f for f in model._meta.get_fields() if isinstance(f, ForeignKey | ManyToManyField) and f.editable]
        for field in relations:
            outside = _outside(field, user)
            if outside is None or field.name not in opened.context["adminform"].form.fields:
                continue
            before = model_to_dict(model._default_manager.get(pk=obj.pk))
            data = _post_data(opened)
            data[field.name] = [str(outside.pk)] if field.many_to_many else str(outside.pk)

            response = client.post(url, data)

            assert response.status_code in (200, 403), (model, field.name, response.status_code)
            assert model_to_dict(model._default_manager.get(pk=obj.pk)) == before, (model, field.name)
            tried.append(f"{model._meta.label}.{field.name}")
    # The walk reached the records a grid worker keeps in the back office.
    assert {"grids.Dwelling.building", "grids.Dwelling.grid", "residents.Household.dwelling"} <= set(tried)


def test_records_kept_on_the_pages_are_read_only_in_the_back_office(client, staff_grid_worker, register):
    client.force_login(staff_grid_worker)
    zhang = register["zhang"]
    url = reverse("admin:residents_resident_change", args=[zhang.pk])

    opened = client.get(url)
    posted = client.post(url, {"name": "张三改", "dwelling": register["d1"].pk})

    assert opened.status_code == 200
    assert "张三改" not in opened.content.decode()
    assert posted.status_code == 403
    assert Resident.objects.get(pk=zhang.pk).name == "张三"
    assert client.get(reverse("admin:residents_resident_add")).status_code == 403


def test_a_new_dwelling_or_household_outside_the_grid_is_refused_and_nothing_is_saved(
    client, staff_grid_worker, register
):
    client.force_login(staff_grid_worker)
    other_grid = register["grid_2"]
    building = Building.objects.filter(dwellings__grid=other_grid).first()
    dwellings = Dwelling.objects.count()

    response = client.post(
        reverse("admin:grids_dwelling_add"),
        {"building": building.pk, "grid": other_grid.pk, "room": "999", "use": "self", "address": ""},
    )
    household = client.post(
        reverse("admin:residents_household_add"),
        {
            "number": "H9999",
            "kind": "family",
            "dwelling": register["household_2"].dwelling_id,
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert "grid" in response.context["adminform"].form.errors
    assert household.status_code == 200
    assert Dwelling.objects.count() == dwellings
    assert not Household.objects.filter(number="H9999").exists()
    assert Compound.objects.count()  # the walk had places to try


def test_a_superuser_adds_a_visit_in_the_back_office_through_the_visit_action(client, demo, register):
    client.force_login(demo["admin"])

    response = client.post(
        reverse("admin:residents_visit_add"),
        {"visited_on": "2026-11-20", "kind": "routine", "household": register["household"].pk, "notes": "x"},
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    visit = Visit.objects.get()
    assert (visit.grid, visit.worker) == (register["grid_1"], demo["admin"])


def test_a_save_leaving_the_area_is_rolled_back_even_past_the_choices(client, staff_grid_worker, register, monkeypatch):
    """The choices are the first guard; the saved row is re-checked in the save's transaction too."""
    from django.contrib.admin import ModelAdmin

    from grids.admin import ScopedChoicesMixin

    monkeypatch.setattr(ScopedChoicesMixin, "get_field_queryset", ModelAdmin.get_field_queryset)
    client.force_login(staff_grid_worker)
    household = register["household"]
    dwelling = household.dwelling_id
    url = reverse("admin:residents_household_change", args=[household.pk])
    data = _post_data(client.get(url))
    data["dwelling"] = register["household_2"].dwelling_id

    response = client.post(url, data, follow=True)

    assert "超出您的管辖范围" in response.content.decode()
    assert Household.objects.get(pk=household.pk).dwelling_id == dwelling


def test_the_back_offices_request_page_shows_the_contact_phone_masked(client, demo, request):
    zhang = request.getfixturevalue("requests_")["zhang"]
    client.force_login(demo["admin"])

    html = client.get(reverse("admin:services_servicerequest_change", args=[zhang.pk])).content.decode()

    assert zhang.contact_phone
    assert zhang.contact_phone not in html
    assert zhang.masked_contact_phone in html
