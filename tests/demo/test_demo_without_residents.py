"""`seed_demo --no-residents`: the areas and logins alone (apart from test_whole_demo.py, whose
tests share one whole demo)."""

import io

from django.core.management import call_command

from grids.models import Grid
from tests.demo.test_whole_demo import DEMO_MODELS


def test_seed_demo_without_residents_leaves_the_register_and_places_empty(db):
    call_command("seed_demo", "--no-residents", stdout=io.StringIO())

    assert Grid.objects.count() == 14
    assert all(model.objects.count() == 0 for model in DEMO_MODELS)
