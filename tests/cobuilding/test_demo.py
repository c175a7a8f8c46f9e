"""The demo co-building of `seed_cobuilding`, on the whole demo district (seeded once: it takes seconds)."""

import io

from django.core.management import call_command

from cobuilding.models import HelpVisit, Need, Pairing, Project, Resource, unpaired
from demo.cobuilding import seed_cobuilding
from residents.models import Household


def test_the_demo_has_the_three_lists_and_pairings_with_help_visits(db):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)  # seed_cobuilding among the rest

    seed_cobuilding()  # a second run adds nothing

    assert "Demo co-building" in out.getvalue()
    assert Resource.objects.filter(unit__name="北京市第二十四中学", title="四点半课堂教室").count() == 1
    assert Resource.objects.filter(unit__name="景山医院").exists()
    assert Need.objects.filter(source=Need.Source.VISIT, household__isnull=False).count() >= 3
    assert set(Need.objects.values_list("status", flat=True)) >= {"open", "matched", "met"}
    assert set(Project.objects.values_list("status", flat=True)) >= {"planned", "running", "done"}
    pairings = Pairing.objects.active()
    assert pairings.filter(organisation__isnull=False).exists()
    assert pairings.filter(unit__name="景山医院").exists()
    assert HelpVisit.objects.count() >= pairings.count()
    assert unpaired(Household.objects.all()).exists()  # some are left for the dashboard's figure
    for model in (Resource, Need, Project, Pairing, HelpVisit):
        for row in model.objects.all()[:20]:
            row.full_clean()
