"""State changes on a page carry the version the page was opened at, as edits do: a change made
meanwhile by someone else is not overwritten by a step taken on what the page showed."""

import re

from django.urls import reverse

from partybuilding.models import Member
from residents.choices import ResidentStatus
from residents.models import Resident


def _version(response):
    return int(re.search(r'name="version" value="(\d+)"', response.content.decode())[1])


def test_a_move_out_on_a_resident_changed_since_the_page_was_opened_answers_409(client, demo, register):
    zhao = register["zhao"]  # not the head: no new head to choose
    client.force_login(demo["grid_a"])
    url = reverse("residents:resident-leave", args=[zhao.pk])
    seen = _version(client.get(url))
    Resident.objects.filter(pk=zhao.pk).update(phone="13600009999", version=seen + 1)  # another desk saved

    response = client.post(url, {"status": ResidentStatus.MOVED_OUT, "on": "2026-11-30", "version": seen})

    assert response.status_code == 409
    assert Resident.objects.get(pk=zhao.pk).status == ResidentStatus.ACTIVE
    # The page now carries the saved version: leaving again, having seen it, goes through.
    again = client.post(url, {"status": ResidentStatus.MOVED_OUT, "on": "2026-11-30", "version": seen + 1})
    assert again.status_code == 302, again.context["form"].errors
    assert Resident.objects.get(pk=zhao.pk).status == ResidentStatus.MOVED_OUT


def test_a_members_transfer_on_a_stale_page_answers_409_and_changes_nothing(client, party):
    liu = party["liu"]
    client.force_login(party["users"]["secretary"])
    url = reverse("partybuilding:member-leave", args=[liu.pk])
    seen = _version(client.get(url))
    Member.objects.filter(pk=liu.pk).update(post="组织委员", version=seen + 1)

    response = client.post(url, {"status": Member.Status.DECEASED, "on": "2026-11-30", "version": seen})

    assert response.status_code == 409
    assert Member.objects.get(pk=liu.pk).status == Member.Status.ACTIVE
