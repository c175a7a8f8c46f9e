"""Seeding the demo party building alone (the whole demo's party is checked in test_whole_demo.py)."""

import time

from demo.party import seed_party
from partybuilding.models import Member


def test_seeding_the_party_alone_takes_under_five_seconds(demo):
    started = time.monotonic()

    seed_party()

    assert time.monotonic() - started < 5
    assert Member.objects.filter(resident__isnull=True).count() == Member.objects.count() >= 140
