"""seed_scale at a small size: the generated district must be as consistent as one entered by hand."""

import datetime
import io
import itertools
import random

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, Sum
from django.utils import timezone
from stdnum.cn import ric

from devtools.scale.areas import DISTRICT
from grids.models import Community, District, Dwelling, Grid
from partybuilding.models import Activity, CheckIn, Member, Organisation, PointsEntry, PointsSource
from residents.choices import Relationship
from residents.identity import validate_id_number
from residents.models import Household, HouseholdMembership, Resident, ResidentTag, Visit
from services.calendar import WorkingCalendar
from services.choices import OPEN_STATUSES, Status
from services.models import RequestEvent, RequestNumberCounter, ServiceRequest

RESIDENTS, REQUESTS, COMMUNITIES, GRIDS = 3000, 5000, 6, 5
MEMBERS, CHECKINS = 300, 2000


def seed_scale(*extra):
    out = io.StringIO()
    call_command(
        "seed_scale",
        "--residents",
        str(RESIDENTS),
        "--requests",
        str(REQUESTS),
        "--communities",
        str(COMMUNITIES),
        "--grids-per-community",
        str(GRIDS),
        "--members",
        str(MEMBERS),
        "--checkins",
        str(CHECKINS),
        *extra,
        stdout=out,
        stderr=out,
    )
    return out.getvalue()


@pytest.fixture(scope="module")
def scale(django_db_setup, django_db_blocker):
    """One generated district on top of the demo's, shared by the module's tests (generating takes a
    few seconds), in a transaction rolled back at the end, as Django's TestCase.setUpTestData does."""
    with django_db_blocker.unblock():
        loaded = transaction.atomic()
        loaded.__enter__()
        try:
            call_command("seed_demo", "--no-residents", stdout=io.StringIO())
            yield seed_scale()
        finally:
            transaction.set_rollback(True)
            loaded.__exit__(None, None, None)


pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def scale_residents():
    return Resident.objects.filter(dwelling__grid__community__code__startswith=DISTRICT[0][:6])


def test_the_command_reports_what_it_wrote(scale):
    assert "without change history" in scale
    assert "peak memory" in scale


def test_the_district_has_the_communities_and_grids_asked_for(scale):
    district = District.objects.get(code=DISTRICT[0])
    communities = Community.objects.filter(street__district=district)
    assert communities.count() == COMMUNITIES
    assert set(communities.annotate(grid_count=Count("grids")).values_list("grid_count", flat=True)) == {GRIDS}
    # The demo district is untouched.
    assert Community.objects.filter(code__startswith="110101").count() == 4


def test_every_resident_has_one_current_household_and_lives_in_its_dwelling(scale):
    residents = scale_residents()
    assert residents.count() == RESIDENTS
    current = HouseholdMembership.objects.current().filter(resident__in=residents)
    assert current.count() == RESIDENTS
    assert current.values("resident").distinct().count() == RESIDENTS
    assert not current.exclude(household__dwelling=F("resident__dwelling"))


def test_every_resident_carries_the_grid_and_community_of_the_dwelling(scale):
    people = scale_residents()
    assert people.exists()
    assert not people.exclude(grid=F("dwelling__grid")).exists()
    assert not people.exclude(community=F("dwelling__grid__community")).exists()


def test_every_household_has_exactly_one_current_head(scale):
    households = Household.objects.filter(dwelling__grid__community__code__startswith="110102")
    heads = households.annotate(
        heads=Count("memberships", filter=Q(memberships__relationship=Relationship.HEAD, memberships__ended_on=None))
    )
    assert households.exists()
    assert set(heads.values_list("heads", flat=True)) == {1}
    assert Household.objects.values("dwelling").annotate(n=Count("id")).filter(n__gt=1).count() == 0


def test_dwellings_lie_in_a_grid_of_their_buildings_community(scale):
    dwellings = Dwelling.objects.filter(grid__community__code__startswith="110102")
    assert dwellings.exists()
    assert not dwellings.exclude(building__compound__community=F("grid__community"))


def test_id_numbers_are_valid_unique_and_give_birth_date_and_gender(scale):
    numbers = list(scale_residents().values_list("id_number", "birth_date", "gender"))
    assert len({number for number, _born, _gender in numbers}) == len(numbers)
    for number, born, gender in random.Random(1).sample(numbers, 500):
        validate_id_number(number)
        assert ric.calc_check_digit(number) == number[-1]
        assert born == datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        assert gender == ("1" if int(number[16]) % 2 else "2")
        assert int(number[14:17]) >= 500  # the demo's draw 000-499


def test_names_carry_their_pinyin_and_initials(scale):
    from residents.models import name_spellings

    for name, initials, pinyin in scale_residents().values_list("name", "name_initials", "name_pinyin")[:300]:
        assert {"name_initials": initials, "name_pinyin": pinyin} == name_spellings(name)


def test_tags_and_visits_are_generated_for_the_new_district(scale):
    assert ResidentTag.objects.filter(resident__in=scale_residents()).exists()
    visits = Visit.objects.filter(grid__community__code__startswith="110102")
    assert visits.exists()
    assert not visits.exclude(household__dwelling__grid=F("grid"))


def test_request_numbers_are_unique_and_match_the_counters(scale):
    requests = ServiceRequest.objects.filter(community__code__startswith="110102")
    assert requests.count() == REQUESTS
    assert requests.values("number").distinct().count() == REQUESTS
    assert requests.values("submission_key").distinct().count() == REQUESTS
    last = {}
    for number, code in requests.values_list("number", "community__code"):
        prefix, day, sequence = number.split("-")
        assert prefix == code
        last[code, day] = max(last.get((code, day), 0), int(sequence))
    counters = RequestNumberCounter.objects.filter(community__code__startswith="110102")
    assert {
        (code, f"{day:%Y%m%d}"): value for code, day, value in counters.values_list("community__code", "day", "last")
    } == last
    # Numbers count up with the time of receipt within a community and day.
    per_day = requests.values("community", "received_at__date").annotate(n=Count("id"), top=Max("number"))
    assert all(int(row["top"].rsplit("-", 1)[1]) == row["n"] for row in per_day)


def test_due_dates_count_working_days(scale):
    requests = list(
        ServiceRequest.objects.filter(community__code__startswith="110102", item__committed_days__isnull=False)
        .select_related("item")
        .order_by("?")[:300]
    )
    first = min(request.received_at for request in requests).date()
    calendar = WorkingCalendar(first, timezone.localdate() + datetime.timedelta(days=200))
    for request in requests:
        received = request.received_at.astimezone(datetime.timezone(datetime.timedelta(hours=8))).date()
        assert (request.due_date, request.due_date_provisional) == calendar.add(received, request.item.committed_days)


def test_request_timelines_agree_with_the_requests(scale):
    requests = ServiceRequest.objects.filter(community__code__startswith="110102")
    statuses = dict(requests.values_list("status").annotate(n=Count("id")))
    assert statuses[Status.CLOSED] > REQUESTS / 2
    assert sum(statuses.get(status, 0) for status in OPEN_STATUSES) > 0
    assert not requests.exclude(status=Status.CLOSED).exclude(satisfaction="")
    events = RequestEvent.objects.filter(request__in=requests)
    assert events.filter(action="receive").count() == REQUESTS
    # The last event of every request leads to its status, and the version counts the steps.
    for request in requests.order_by("?")[:200]:
        timeline = list(request.timeline.order_by("at", "pk"))
        assert timeline[0].action == "receive"
        assert timeline[-1].to_status == request.status
        assert request.version == len(timeline)
        assert all(earlier.at <= later.at for earlier, later in itertools.pairwise(timeline))


def test_the_load_leaves_no_history_and_the_triggers_on(scale):
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM residents_residentevent")
        assert cursor.fetchone()[0] == 0
        cursor.execute(
            "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgenabled = 'D' "
            "AND tgrelid = 'residents_resident'::regclass"
        )
        assert cursor.fetchone()[0] == 0
        cursor.execute(
            "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND conrelid = 'services_servicerequest'::regclass"
        )
        assert cursor.fetchone()[0] == 8
    # New rows get ids after the generated ones, and their history is recorded again.
    grid = Grid.objects.filter(community__code__startswith="110102").first()
    dwelling = Dwelling.objects.create(grid=grid, address="测试地址1号")
    assert dwelling.pk == Dwelling.objects.aggregate(Max("pk"))["pk__max"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM grids_dwellingevent WHERE pgh_obj_id = %s", [dwelling.pk])
        assert cursor.fetchone()[0] == 1


def test_running_it_again_is_refused(scale):
    with pytest.raises(CommandError, match="loaded already"):
        seed_scale()


def test_check_ins_without_members_are_refused(scale):
    with pytest.raises(CommandError, match="need party members"):
        call_command("seed_scale", "--checkins", "10", stdout=io.StringIO(), stderr=io.StringIO())


def test_the_dashboard_rollups_equal_a_recount_after_the_load(scale):
    from dashboards.models import GridSnapshot, RequestMonthStat

    rolled = RequestMonthStat.objects.filter(dimension="total", community__code__startswith=DISTRICT[0][:6])
    assert sum(row.received for row in rolled) == REQUESTS
    assert (
        sum(row.resolved for row in rolled)
        == ServiceRequest.objects.filter(community__code__startswith=DISTRICT[0][:6], resolved_at__isnull=False).count()
    )
    people = GridSnapshot.objects.filter(grid__community__code__startswith=DISTRICT[0][:6])
    assert sum(row.residents for row in people) == scale_residents().filter(status="active").count()


# --- party building ---------------------------------------------------------------------------------


def scale_members():
    return Member.objects.filter(organisation__community__code__startswith=DISTRICT[0][:6])


def scale_check_ins():
    return CheckIn.objects.filter(activity__organisation__community__code__startswith=DISTRICT[0][:6])


def test_every_member_is_on_a_branch_or_group_of_a_scale_community(scale):
    K = Organisation.Kind
    organisations = Organisation.objects.filter(community__code__startswith=DISTRICT[0][:6])
    assert organisations.filter(kind=K.COMMITTEE).count() == COMMUNITIES
    assert not organisations.filter(kind=K.COMMITTEE, parent__isnull=False)
    assert not organisations.filter(kind=K.BRANCH).exclude(parent__kind=K.COMMITTEE)
    assert not organisations.filter(kind=K.GROUP).exclude(parent__kind=K.BRANCH)
    assert not organisations.exclude(kind=K.COMMITTEE).exclude(parent__community=F("community"))
    assert organisations.filter(kind=K.GROUP).exists()
    assert (
        Member.objects.count()
        == scale_members().count() + Member.objects.filter(organisation__community__code__startswith="110101").count()
    )
    members = scale_members()
    assert members.count() == MEMBERS
    assert set(members.values_list("organisation__kind", flat=True)) == {K.BRANCH, K.GROUP}
    categories = dict(members.values_list("category").annotate(n=Count("id")))
    assert set(categories) == set(Member.Category.values)
    in_service = members.filter(category=Member.Category.IN_SERVICE)
    assert not in_service.filter(Q(work_branch="") | Q(reported_on__isnull=True))
    # Members linked to residents are party members living in the community of their organisation.
    linked = members.filter(resident__isnull=False)
    assert linked.exists()
    assert members.filter(resident__isnull=True).exists()
    assert not linked.exclude(resident__political_status__in=["01", "02"])
    assert not linked.exclude(resident__dwelling__grid__community=F("organisation__community"))
    assert not linked.exclude(name=F("resident__name"))
    assert not members.filter(standing="probationary", probation_ends_on__isnull=True)


def test_member_id_numbers_are_valid_and_unique_across_residents_and_members(scale):
    own = list(scale_members().filter(resident__isnull=True).values_list("id_number", "phone"))
    assert own
    assert all(number and phone for number, phone in own)
    for number, _phone in own:
        validate_id_number(number)
        assert int(number[14:17]) >= 500
    numbers = list(Member.objects.exclude(id_number="").values_list("id_number", flat=True))
    numbers += list(Resident.objects.values_list("id_number", flat=True))
    assert len(set(numbers)) == len(numbers)
    phones = [phone for _number, phone in own]
    phones += list(scale_residents().exclude(phone="").values_list("phone", flat=True))
    assert len(set(phones)) == len(phones)


def test_check_ins_are_unique_and_only_for_expected_members(scale):
    check_ins = scale_check_ins()
    assert check_ins.count() == CHECKINS
    assert check_ins.values("activity", "member").distinct().count() == CHECKINS
    expected = Activity.expected_members.through.objects.filter(
        activity_id=OuterRef("activity_id"), member_id=OuterRef("member_id")
    )
    assert not check_ins.filter(~Exists(expected))
    statuses = dict(check_ins.values_list("status").annotate(n=Count("id")))
    assert statuses[CheckIn.Status.PRESENT] > CHECKINS / 2
    assert statuses[CheckIn.Status.LEAVE]
    assert statuses[CheckIn.Status.ABSENT]
    assert not check_ins.filter(status=CheckIn.Status.LEAVE, reason="")
    # Expected at a branch activity: the members of the branch and its groups who had joined by then.
    activity = Activity.objects.filter(
        organisation__community__code__startswith=DISTRICT[0][:6], kind=Activity.Kind.THEME_DAY
    ).latest("starts_at")
    branch_members = Member.objects.filter(
        Q(organisation=activity.organisation) | Q(organisation__parent=activity.organisation),
        joined_on__lte=activity.starts_at.date(),
    )
    assert set(activity.expected_members.all()) == set(branch_members)
    # The check-ins are of the latest activities: every activity after the first one recorded is recorded in full.
    recorded = Activity.objects.filter(check_ins__in=check_ins).distinct()
    earliest = recorded.aggregate(m=Min("starts_at"))["m"]
    later = Activity.objects.filter(
        organisation__community__code__startswith=DISTRICT[0][:6], starts_at__gt=earliest + datetime.timedelta(days=1)
    )
    assert later.exists()
    assert (
        later.annotate(n=Count("check_ins", distinct=True), e=Count("expected_members", distinct=True))
        .filter(~Q(n=F("e")))
        .count()
        == 0
    )


def test_points_entries_equal_attendance_times_activity_points(scale):
    check_ins = scale_check_ins()
    present = check_ins.filter(status=CheckIn.Status.PRESENT)
    entries = PointsEntry.objects.filter(member__in=scale_members())
    attendance = entries.filter(source=PointsSource.ATTENDANCE)
    assert attendance.count() == present.count()
    assert attendance.values("check_in").distinct().count() == present.count()
    assert not attendance.exclude(check_in__status=CheckIn.Status.PRESENT)
    assert not attendance.exclude(points=F("check_in__activity__points"))
    assert not attendance.exclude(member=F("check_in__member"))
    assert attendance.aggregate(s=Sum("points"))["s"] == present.aggregate(s=Sum("activity__points"))["s"]
    # Confirmed volunteer hours earn 2 points an hour, as 双报到 service for in-service members.
    confirmed = present.filter(hours_confirmed_at__isnull=False)
    hours = entries.filter(source__in=[PointsSource.VOLUNTEER, PointsSource.REPORTING])
    assert hours.count() == confirmed.count()
    for entry in hours.select_related("check_in", "member"):
        assert entry.points == int(entry.check_in.hours * 2)
        assert (entry.source == PointsSource.REPORTING) == (entry.member.category == Member.Category.IN_SERVICE)
    assert "yearly caps" in scale
    assert f"Attendance recorded for {CHECKINS:,} of the schedule's" in scale


def test_party_tables_keep_their_triggers(scale):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgenabled = 'D' "
            "AND tgrelid = ANY(%s::regclass[])",
            [
                [
                    "partybuilding_member",
                    "partybuilding_checkin",
                    "partybuilding_activity",
                    "partybuilding_pointsentry",
                    "partybuilding_organisation",
                ]
            ],
        )
        assert cursor.fetchone()[0] == 0
    entry = PointsEntry.objects.filter(member__in=scale_members()).first()
    with pytest.raises(Exception, match="append_only"), transaction.atomic():
        PointsEntry.objects.filter(pk=entry.pk).update(points=99)


def test_fewer_check_ins_when_the_schedule_holds_fewer():
    """Without the database: a tiny roll cannot hold the check-ins asked for; all expected attendances are recorded."""
    from devtools.scale.areas import Areas, CommunityInfo, GridInfo
    from devtools.scale.party import PartyGenerator, attendance_summary
    from devtools.scale.people import PeopleGenerator
    from devtools.scale.rows import TABLES

    rng = random.Random(5)
    areas = Areas(district_id=1, grids=[GridInfo(1, 1, "第一网格", 1, 1)], communities={1: CommunityInfo(1, "x", 1, 1)})
    ids = dict.fromkeys(TABLES, 0)
    today = datetime.date(2026, 11, 22)
    people = PeopleGenerator(rng, areas, ids, today, "2026-11-22 10:00:00+08")
    party = PartyGenerator(rng, areas, people, ids, "2026-11-22 10:00:00+08")
    lines = dict.fromkeys(TABLES, 0)
    for chunk in party.rows(3, 10**6, today - datetime.timedelta(days=365), today - datetime.timedelta(days=1)):
        for key, _data, count in chunk:
            lines[key] += count
    assert lines["member"] == 3
    assert 0 < lines["checkin"] == party.slots == lines["expected"] < 10**6
    short, text = attendance_summary(lines["checkin"], 10**6, party.slots)
    assert short
    assert f"Only {lines['checkin']:,} of the 1,000,000 check-ins" in text
