"""Movements keep the quantity on hand; taking out more than is there is refused; history is kept."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from common.actions import StaleEdit
from readiness import actions
from readiness.models import Movement, MovementEvent, Supply, SupplyEvent

from .conftest import stock


def test_movements_add_and_take_from_the_quantity_on_hand(rdy):
    cadmin = rdy["users"]["community_admin"]

    stock(cadmin, rdy["vests"], 5)
    stock(cadmin, rdy["vests"], 8, direction=Movement.Direction.OUT, reason="汛期调拨")

    vests = Supply.objects.get(pk=rdy["vests"].pk)
    assert vests.quantity == 17
    assert vests.movements.count() == 3
    assert vests.movements.first().recorded_by == cadmin


def test_taking_out_more_than_is_on_hand_is_refused(rdy):
    with pytest.raises(ValidationError) as refused:
        stock(rdy["users"]["community_admin"], rdy["vests"], 21, direction=Movement.Direction.OUT)

    assert "quantity" in refused.value.message_dict
    vests = Supply.objects.get(pk=rdy["vests"].pk)
    assert vests.quantity == 20
    assert vests.movements.count() == 1


def test_a_movement_outside_the_community_is_refused(rdy):
    with pytest.raises(ValidationError):
        stock(rdy["users"]["community_admin"], rdy["far_supply"], 3)
    assert Supply.objects.get(pk=rdy["far_supply"].pk).quantity == 0


def test_an_edit_keeps_the_quantity_and_the_history(rdy):
    cadmin = rdy["users"]["community_admin"]
    vests = Supply.objects.get(pk=rdy["vests"].pk)
    vests.quantity = 999  # not the form's to change
    vests.place = "社区党群服务中心"
    actions.supply_save(user=cadmin, supply=vests, version=vests.version)

    saved = Supply.objects.get(pk=vests.pk)
    assert (saved.quantity, saved.place) == (20, "社区党群服务中心")
    quantities = list(
        SupplyEvent.objects.filter(pgh_obj=vests.pk).order_by("pgh_id").values_list("quantity", flat=True)
    )
    assert quantities[-1] == 20
    assert 0 in quantities
    assert MovementEvent.objects.filter(supply=vests.pk).count() == 1


def test_an_edit_of_a_supply_changed_since_is_stale(rdy):
    cadmin = rdy["users"]["community_admin"]
    seen = Supply.objects.get(pk=rdy["vests"].pk)
    stock(cadmin, seen, 1)  # moves the version on

    with pytest.raises(StaleEdit):
        actions.supply_save(user=cadmin, supply=seen, version=seen.version)


def test_the_page_answers_a_refused_movement_on_the_form(client, rdy):
    client.force_login(rdy["users"]["community_admin"])
    url = reverse("readiness:movement-create", args=[rdy["vests"].pk])

    response = client.post(url, {"direction": "out", "quantity": 50, "date": "2026-01-01", "reason": "调拨"})

    assert response.status_code == 200
    assert response.context["form"].errors["quantity"]
    assert Supply.objects.get(pk=rdy["vests"].pk).quantity == 20

    response = client.post(url, {"direction": "out", "quantity": 5, "date": "2026-01-01", "reason": "调拨"})
    assert response.status_code == 302
    assert Supply.objects.get(pk=rdy["vests"].pk).quantity == 15
