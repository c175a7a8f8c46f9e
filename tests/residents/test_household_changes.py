"""Households kept on the pages: registered at a dwelling, their head changed, split, merged and
moved; each in the user's area, on the version the page showed, memberships ended and never deleted."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from residents.choices import Relationship
from residents.models import Household, HouseholdMembership, Resident

ENDED = {"ended_on__isnull": False}


def _version(client, url):
    return client.get(url).context["form"]["version"].value()


def _heads(household):
    return list(
        household.memberships.current().filter(relationship=Relationship.HEAD).values_list("resident__name", flat=True)
    )


def test_a_household_is_registered_at_a_dwelling_with_its_head_moving_in(client, demo, register):
    client.force_login(demo["grid_a"])
    zhao = register["zhao"]
    url = reverse("residents:household-create", args=[register["d1"].pk])

    response = client.post(url, {"number": "H0101", "kind": "family", "head": zhao.pk})

    assert response.status_code == 302
    new = Household.objects.get(number="H0101")
    assert _heads(new) == ["赵六"]
    assert zhao.memberships.filter(household=register["household"], **ENDED).exists()
    assert client.get(reverse("residents:household-create", args=[register["d2"].pk])).status_code == 404


def test_the_head_changes_and_the_former_head_gets_the_relationship_given(client, demo, register):
    client.force_login(demo["grid_a"])
    household = register["household"]
    url = reverse("residents:household-head", args=[household.pk])
    version = _version(client, url)

    response = client.post(
        url, {"new_head": register["zhao"].pk, "old_head_relationship": Relationship.GRANDCHILD, "version": version}
    )

    assert response.status_code == 302
    assert _heads(household) == ["赵六"]
    assert household.memberships.current().get(resident=register["zhang"]).relationship == Relationship.GRANDCHILD
    stale = client.post(url, {"new_head": register["zhang"].pk, "old_head_relationship": "99", "version": version})
    assert stale.status_code == 409


def test_a_split_keeps_one_current_head_and_one_current_household_each(client, demo, register):
    client.force_login(demo["grid_a"])
    household = register["household"]
    url = reverse("residents:household-split", args=[household.pk])
    version = _version(client, url)

    response = client.post(
        url, {"members": [register["zhao"].pk], "head": register["zhao"].pk, "number": "H0102", "version": version}
    )

    assert response.status_code == 302
    new = Household.objects.get(number="H0102")
    assert (_heads(household), _heads(new)) == (["张三"], ["赵六"])
    zhao = register["zhao"]
    assert zhao.memberships.current().get().household == new
    old = zhao.memberships.get(household=household)
    assert old.ended_on is not None  # the move keeps the old membership with its end date


def test_the_head_cannot_split_off_and_a_split_of_everyone_is_refused(client, demo, register):
    client.force_login(demo["grid_a"])
    household = register["household"]
    url = reverse("residents:household-split", args=[household.pk])

    response = client.post(
        url,
        {
            "members": [register["zhang"].pk],
            "head": register["zhang"].pk,
            "number": "H0103",
            "version": _version(client, url),
        },
    )

    assert response.status_code == 200
    assert not Household.objects.filter(number="H0103").exists()


def test_a_merge_moves_everyone_into_the_other_household_under_its_head(client, demo, register):
    client.force_login(demo["admin"])
    household, into = register["household_2"], register["household"]
    url = reverse("residents:household-merge", args=[household.pk])

    response = client.post(url, {"into": into.number, "version": _version(client, url)})

    assert response.status_code == 302
    assert _heads(into) == ["张三"]
    li = Resident.objects.get(pk=register["li"].pk)
    assert li.memberships.current().get().relationship == Relationship.OTHER
    assert li.dwelling_id == into.dwelling_id
    assert not household.memberships.current().exists()


def test_a_move_takes_the_members_along_and_needs_the_receiving_dwelling_in_the_users_area(client, demo, register):
    client.force_login(demo["grid_a"])
    household = register["household"]
    url = reverse("residents:household-move", args=[household.pk])
    version = _version(client, url)
    other = register["d2"]  # grid_b's

    refused = client.post(url, {"dwelling": other.pk, "version": version})
    client.force_login(demo["community_admin"])
    moved = client.post(url, {"dwelling": other.pk, "version": version})

    assert refused.status_code == 200
    assert moved.status_code == 302
    assert set(
        Resident.objects.filter(pk__in=[register["zhang"].pk, register["zhao"].pk]).values_list(
            "dwelling_id", flat=True
        )
    ) == {other.pk}
    assert Resident.objects.get(pk=register["zhang"].pk).grid_id == register["grid_2"].pk


@pytest.mark.parametrize("name", ["household-head", "household-split", "household-merge", "household-move"])
def test_a_household_of_another_grid_is_not_found(client, demo, register, name):
    client.force_login(demo["grid_a"])

    assert client.get(reverse(f"residents:{name}", args=[register["household_2"].pk])).status_code == 404


def test_the_database_refuses_two_current_heads_or_two_current_households(db, register):
    with pytest.raises(IntegrityError), transaction.atomic():
        HouseholdMembership.objects.create(
            household=register["household"],
            resident=register["li"],
            relationship=Relationship.HEAD,
            started_on="2026-01-01",
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        HouseholdMembership.objects.create(
            household=register["household_2"],
            resident=register["zhao"],
            relationship=Relationship.SON,
            started_on="2026-01-01",
        )


def test_a_resident_moves_in_from_another_household_keeping_the_old_membership(client, demo, register):
    client.force_login(demo["community_admin"])
    household = register["household"]
    url = reverse("residents:household-join", args=[household.pk])

    response = client.post(
        url, {"resident": register["li"].pk, "relationship": Relationship.SON, "version": _version(client, url)}
    )

    assert response.status_code == 302
    li = Resident.objects.get(pk=register["li"].pk)
    assert li.memberships.current().get().household == household
    assert li.memberships.get(household=register["household_2"]).ended_on is not None
    assert li.dwelling_id == household.dwelling_id


def test_a_head_with_members_cannot_move_out_of_their_household_by_joining_another(client, demo, register):
    client.force_login(demo["community_admin"])
    url = reverse("residents:household-join", args=[register["household_2"].pk])

    response = client.post(
        url, {"resident": register["zhang"].pk, "relationship": Relationship.OTHER, "version": _version(client, url)}
    )

    assert response.status_code == 200
    assert register["zhang"].memberships.current().get().household == register["household"]


def test_each_household_change_is_in_the_change_history_with_its_user(client, demo, register):
    from django.apps import apps

    client.force_login(demo["grid_a"])
    household = register["household"]
    url = reverse("residents:household-split", args=[household.pk])
    client.post(
        url,
        {
            "members": [register["zhao"].pk],
            "head": register["zhao"].pk,
            "number": "H0104",
            "version": _version(client, url),
        },
    )

    new = Household.objects.get(number="H0104")
    events = apps.get_model("residents", "HouseholdMembershipEvent").objects.filter(resident=register["zhao"])
    memberships = events.select_related("pgh_context")
    assert memberships.filter(pgh_label="insert", household=new).exists()
    assert memberships.filter(pgh_label="update", household=household, ended_on__isnull=False).exists()
    assert {e.pgh_context.metadata.get("user") for e in memberships if e.pgh_context} == {demo["grid_a"].pk}
    assert new.pk


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("household-split", lambda r: {"members": [r["zhao"].pk], "head": r["zhao"].pk, "number": "H0105"}),
        ("household-merge", lambda r: {"into": r["household_2"].number}),
        ("household-move", lambda r: {"dwelling": r["d2"].pk}),
        ("household-join", lambda r: {"resident": r["li"].pk, "relationship": Relationship.OTHER}),
    ],
)
def test_a_change_on_a_household_changed_since_the_page_was_opened_answers_409(client, demo, register, name, data):
    client.force_login(demo["community_admin"])
    household = register["household"]
    url = reverse(f"residents:{name}", args=[household.pk])
    seen = _version(client, url)
    Household.objects.filter(pk=household.pk).update(version=seen + 1)  # another desk changed it

    response = client.post(url, {**data(register), "version": seen})

    assert response.status_code == 409
    assert [m.resident_id for m in household.memberships.current().order_by("resident_id")] == sorted(
        [register["zhang"].pk, register["zhao"].pk]
    )
