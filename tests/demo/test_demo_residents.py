"""The demo residents of `seed_demo`. Loading them takes seconds, so each test checks several things."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Max, Q
from django.utils import timezone

from grids.models import Building, Compound, Dwelling, Grid
from residents.choices import Relationship, TagKind
from residents.identity import birth_date_of, validate_id_number, validate_phone
from residents.models import Household, HouseholdMembership, Resident, ResidentTag, Visit

DEMO_MODELS = [Compound, Building, Dwelling, Household, Resident, HouseholdMembership, ResidentTag, Visit]


@pytest.fixture
def demo_residents(db):
    call_command("seed_demo", stdout=io.StringIO())


def _counts():
    return {model.__name__: model.objects.count() for model in DEMO_MODELS}


def test_the_demo_has_two_thousand_residents_in_every_grid_and_visits_by_its_grid_workers(demo_residents):
    assert Resident.objects.count() >= 2000
    assert 600 <= Household.objects.count() <= 700
    assert Grid.objects.count() == 14
    assert not Grid.objects.exclude(dwellings__households__isnull=False).exists()
    assert set(ResidentTag.objects.values_list("kind", flat=True)) == set(TagKind.values)
    assert Resident.objects.filter(name__contains="·", ethnicity="05").count() >= 2
    assert Resident.objects.filter(name="张𠮷").exists()
    assert 1200 <= Visit.objects.count() <= 1800
    assert not Visit.objects.filter(household__isnull=False).exclude(grid=F("household__dwelling__grid")).exists()
    assert not Visit.objects.filter(visited_on__gt=timezone.localdate()).exists()

    cutoff = timezone.localdate() - datetime.timedelta(days=90)
    for number, worker in [(1, "grid_a"), (2, "grid_b")]:
        grid = Grid.objects.get(community__code="110101001001", number=number)
        households = Household.objects.filter(dwelling__grid=grid).annotate(last_visit=Max("visits__visited_on"))
        overdue = households.filter(Q(last_visit__isnull=True) | Q(last_visit__lt=cutoff)).count()
        assert households.count() >= 60
        assert 0 < overdue < households.count() / 3
        assert set(Visit.objects.filter(grid=grid).values_list("worker__username", flat=True)) == {worker}


def test_every_active_demo_resident_belongs_to_one_current_household_that_has_one_head(demo_residents):
    current = Q(memberships__ended_on__isnull=True)
    residents = Resident.objects.annotate(households=Count("memberships", filter=current))
    assert not residents.filter(status="active").exclude(households=1).exists()
    assert residents.exclude(status="active").count() >= 5
    assert not residents.exclude(status="active").exclude(households=0).exists()
    assert not residents.exclude(status="active").filter(status_changed_on__isnull=True).exists()
    assert not HouseholdMembership.objects.exclude(resident__dwelling=F("household__dwelling")).exists()

    heads = Household.objects.annotate(
        heads=Count("memberships", filter=Q(memberships__ended_on__isnull=True, memberships__relationship="02"))
    )
    assert not heads.exclude(heads=1).exists()
    assert not Household.objects.filter(dwelling__use__in=["vacant", "commercial"]).exists()


def test_every_demo_id_number_is_valid_unique_and_gives_birth_date_and_gender(demo_residents):
    rows = list(Resident.objects.values_list("id_number", "birth_date", "gender", "phone"))

    assert len({id_number for id_number, *_rest in rows}) == len(rows)
    for id_number, birth_date, gender, phone in rows:
        validate_id_number(id_number)
        assert birth_date == birth_date_of(id_number)
        assert datetime.date(1930, 1, 1) <= birth_date <= datetime.date(2024, 12, 31)
        assert gender == ("1" if int(id_number[16]) % 2 else "2")
        if phone:
            validate_phone(phone)
    assert sum(1 for id_number, *_rest in rows if not id_number.startswith("110101")) > 100


def test_ages_in_demo_households_fit_their_relationships(demo_residents):
    memberships = HouseholdMembership.objects.current().select_related("resident")
    head_birth = {m.household_id: m.resident.birth_date for m in memberships if m.relationship == Relationship.HEAD}
    for membership in memberships:
        years_younger = (membership.resident.birth_date - head_birth[membership.household_id]).days / 365.25
        if membership.relationship in (Relationship.SON, Relationship.DAUGHTER):
            assert 20 <= years_younger <= 40
        elif membership.relationship in (Relationship.FATHER, Relationship.MOTHER):
            assert years_younger <= -18
        elif membership.relationship in (
            Relationship.GRANDSON,
            Relationship.GRANDDAUGHTER,
            Relationship.DAUGHTERS_SON,
            Relationship.DAUGHTERS_DAUGHTER,
        ):
            assert years_younger >= 40


def test_seeding_the_demo_again_changes_no_counts(demo_residents):
    before = _counts()

    call_command("seed_demo", stdout=io.StringIO())

    assert _counts() == before


def test_seed_demo_without_residents_leaves_the_register_and_places_empty(db):
    call_command("seed_demo", "--no-residents", stdout=io.StringIO())

    assert Grid.objects.count() == 14
    assert all(count == 0 for count in _counts().values())
