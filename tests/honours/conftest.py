import datetime

import pytest
from django.utils import timezone

from grids.models import Building
from honours import actions
from honours.models import HonourKind, Nomination
from tests.residents.factories import HouseholdFactory


@pytest.fixture
def hon(demo, register):
    """Honours: in 多福巷社区 (community_admin) the household H0001 nominated for 星级文明家庭 this year,
    the building 1号楼 awarded 文明楼栋 last year; in 景山东街社区 王五's household nominated."""
    admin, cadmin = demo["admin"], demo["community_admin"]
    family = HonourKind.objects.create(name="星级文明家庭", target=HonourKind.Target.HOUSEHOLD)
    building_kind = HonourKind.objects.create(name="文明楼栋", target=HonourKind.Target.BUILDING)
    year = timezone.localdate().year
    nomination = actions.nomination_create(
        user=cadmin,
        nomination=Nomination(year=year, kind=family, household=register["household"], reason="孝老爱亲"),
    )
    building = Building.objects.get(compound__community=register["grid_1"].community, name="1号楼")
    awarded = actions.nomination_create(
        user=cadmin, nomination=Nomination(year=year - 1, kind=building_kind, building=building, reason="楼道整洁")
    )
    old = datetime.date(year - 1, 11, 1)
    actions.nomination_appraise(
        user=cadmin, nomination=awarded, votes_for=20, votes_against=1, votes_abstain=0, appraised_on=old
    )
    actions.nomination_start_notice(
        user=cadmin, nomination=awarded, starts_on=old, ends_on=old + datetime.timedelta(days=6)
    )
    awarded = actions.nomination_award(user=cadmin, nomination=awarded, awarded_on=old + datetime.timedelta(days=10))
    far_household = HouseholdFactory(dwelling=register["far"], number="H0099", head=False)
    far = actions.nomination_create(
        user=admin, nomination=Nomination(year=year, kind=family, household=far_household, reason="民族团结")
    )
    return {
        "users": demo,
        "family": family,
        "building_kind": building_kind,
        "nomination": nomination,
        "awarded": awarded,
        "far": far,
        "year": year,
        "register": register,
    }
