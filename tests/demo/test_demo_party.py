"""The demo party building of `seed_demo`. Loading it takes seconds, so one test checks several things."""

import io
import time

from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse

from demo.party import seed_party
from partybuilding.models import Activity, CheckIn, Member, Organisation, PointsEntry, Unit, validate_uscc
from residents.models import Resident


def test_the_demo_party_committee_has_three_branches_150_members_a_year_of_activities_and_two_units(db, client):
    call_command("seed_demo", stdout=io.StringIO())

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


def test_seeding_the_party_alone_takes_under_five_seconds(demo):
    started = time.monotonic()

    seed_party()

    assert time.monotonic() - started < 5
    assert Member.objects.filter(resident__isnull=True).count() == Member.objects.count() >= 140
