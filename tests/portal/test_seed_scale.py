"""seed_scale at a small size: the generated district must be as consistent as one entered by hand."""

import datetime
import io
import itertools
import random

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import Count, F, Max, Q
from django.utils import timezone
from stdnum.cn import ric

from grids.models import Community, District, Dwelling, Grid
from portal.scale.areas import DISTRICT
from residents.choices import Relationship
from residents.identity import validate_id_number
from residents.models import Household, HouseholdMembership, Resident, ResidentTag, Visit
from services.calendar import WorkingCalendar
from services.choices import OPEN_STATUSES, Status
from services.models import RequestEvent, RequestNumberCounter, ServiceRequest

RESIDENTS, REQUESTS, COMMUNITIES, GRIDS = 3000, 5000, 6, 5


def seed_scale(*extra):
    out = io.StringIO()
    call_command(
        "seed_scale", "--residents", str(RESIDENTS), "--requests", str(REQUESTS), "--communities", str(COMMUNITIES),
        "--grids-per-community", str(GRIDS), *extra, stdout=out, stderr=out,
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


pytestmark = pytest.mark.django_db


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


def test_names_carry_their_pinyin_initials(scale):
    from residents.models import pinyin_initials

    for name, initials in scale_residents().values_list("name", "name_initials")[:300]:
        assert initials == pinyin_initials(name)


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
    assert {(code, f"{day:%Y%m%d}"): value for code, day, value in counters.values_list(
        "community__code", "day", "last")} == last
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


def test_party_members_are_announced_as_not_generated_yet(scale):
    out = io.StringIO()
    with pytest.raises(CommandError):  # refused anyway (loaded already), but only after saying so
        call_command("seed_scale", "--members", "10", stdout=out, stderr=out)
    assert "not generated yet" in out.getvalue()


def test_the_dashboard_rollups_equal_a_recount_after_the_load(scale):
    from dashboards.models import GridSnapshot, RequestMonthStat

    rolled = RequestMonthStat.objects.filter(dimension="total", community__code__startswith=DISTRICT[0][:6])
    assert sum(row.received for row in rolled) == REQUESTS
    assert sum(row.resolved for row in rolled) == ServiceRequest.objects.filter(
        community__code__startswith=DISTRICT[0][:6], resolved_at__isnull=False).count()
    people = GridSnapshot.objects.filter(grid__community__code__startswith=DISTRICT[0][:6])
    assert sum(row.residents for row in people) == scale_residents().filter(status="active").count()
