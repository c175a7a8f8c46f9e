"""The whole demo of `seed_demo`, loaded once for these tests (it takes seconds; `seeded_demo`): its residents,
party, co-building and volunteers. Tests that must not see it live in the other modules."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count, F, Max, Q
from django.urls import reverse
from django.utils import timezone

from cobuilding.models import HelpVisit, Need, Pairing, Project, Resource, unpaired
from demo.cobuilding import seed_cobuilding
from demo.party import seed_party
from demo.volunteering import seed_volunteering
from grids.models import Building, Compound, Dwelling, Grid
from partybuilding.models import Activity, CheckIn, Member, Organisation, PointsEntry, Unit, validate_uscc
from residents.choices import Relationship, TagKind
from residents.identity import birth_date_of, validate_id_number, validate_phone
from residents.models import Household, HouseholdMembership, Resident, ResidentTag, Visit
from volunteering.hours import volunteer_hours
from volunteering.models import Volunteer

DEMO_MODELS = [Compound, Building, Dwelling, Household, Resident, HouseholdMembership, ResidentTag, Visit]


@pytest.fixture
def demo_residents(seeded_demo, db):
    return seeded_demo


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


def test_the_demo_party_committee_has_three_branches_150_members_a_year_of_activities_and_two_units(
    seeded_demo, db, client
):

    committee = Organisation.objects.get(kind=Organisation.Kind.COMMITTEE)
    assert committee.community.code == "110101001001"
    assert committee.secretary.username == "secretary"
    assert committee.children.filter(kind=Organisation.Kind.BRANCH).count() == 3
    assert Organisation.objects.filter(kind=Organisation.Kind.GROUP).count() == 6

    assert 140 <= Member.objects.count() <= 160
    assert set(Member.objects.values_list("category", flat=True)) == set(Member.Category.values)
    linked = Member.objects.filter(resident__isnull=False)
    assert linked.count() >= 30
    assert not linked.exclude(resident__political_status__in=["01", "02"]).exists()
    assert Member.objects.filter(standing=Member.Standing.PROBATIONARY).exists()
    assert Member.objects.exclude(status=Member.Status.ACTIVE).count() == 4
    for member in Member.objects.filter(resident__isnull=True):
        member.full_clean()

    months = {a.starts_at.strftime("%Y-%m") for a in Activity.objects.all()}
    assert len(months) == 12
    assert set(Activity.objects.values_list("kind", flat=True)) >= {
        "general_meeting",
        "committee_meeting",
        "group_meeting",
        "lecture",
        "theme_day",
        "volunteer",
    }
    statuses = dict(CheckIn.objects.values_list("status").annotate(n=Count("pk")))
    assert statuses["present"] > statuses["leave"] > 0
    assert statuses["absent"] > 0
    assert CheckIn.objects.filter(hours_confirmed_at__isnull=False).exists()
    assert set(PointsEntry.objects.values_list("source", flat=True)) == {
        "attendance",
        "volunteer",
        "reporting",
        "manual",
    }

    units = list(Unit.objects.filter(reporting_members__isnull=False).distinct())  # co-building adds others
    assert len(units) == 2
    for unit in units:
        validate_uscc(unit.credit_code)
        assert unit.is_co_building
    assert Member.objects.filter(work_unit__isnull=False, category=Member.Category.IN_SERVICE).count() >= 20

    # The secretary manages the committee and everything below it; residents' pages show the membership.
    client.force_login(committee.secretary)
    assert client.get(reverse("partybuilding:compliance")).status_code == 200
    assert Organisation.objects.visible_to(committee.secretary).count() == 10
    assert Resident.objects.filter(party_members__isnull=False).count() == linked.count()

    before = (Member.objects.count(), Activity.objects.count(), PointsEntry.objects.count())
    seed_party()
    assert (Member.objects.count(), Activity.objects.count(), PointsEntry.objects.count()) == before


def test_the_demo_has_the_three_lists_and_pairings_with_help_visits(seeded_demo, db):
    seed_cobuilding()  # a second run adds nothing

    assert "Demo co-building" in seeded_demo
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


def test_on_the_whole_demo_most_volunteers_are_residents_and_dual_reporting_adds_up(seeded_demo, db):
    seed_volunteering()  # a second run adds nothing

    volunteers = Volunteer.objects.all()
    assert volunteers.count() == 60
    assert volunteers.exclude(resident=None).count() >= 40
    dual = volunteers.filter(resident__party_members__category="in_service").first()
    assert dual is not None
    year = timezone.localdate().year
    hours = volunteer_hours(get_user_model().objects.get(username="admin"), dual, year)
    assert hours["total"] == hours["own_total"] + hours["party_total"]
    assert "60 volunteers" in seeded_demo
