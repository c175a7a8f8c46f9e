import datetime

from django.utils import timezone

from partybuilding import compliance
from partybuilding.models import Activity, CheckIn, Member, Organisation

K = Activity.Kind


def held(organisation, kind, day, *, expected=(), present=()):
    starts = datetime.datetime(day.year, day.month, day.day, 19, tzinfo=timezone.get_current_timezone())
    ends = starts + datetime.timedelta(hours=2)
    activity = Activity.objects.create(
        organisation=organisation,
        kind=kind,
        title=f"{Activity.Kind(kind).label} {day}",
        starts_at=starts,
        ends_at=ends,
        check_in_opens_at=starts,
        check_in_closes_at=ends,
    )
    activity.expected_members.set(expected)
    for member in present:
        CheckIn.objects.create(activity=activity, member=member, status=CheckIn.Status.PRESENT)
    return activity


def states(row):
    return [[cell.state for cell in month] for month in row.months], [cell.state for cell in row.quarter]


LAST_YEAR = timezone.localdate().year - 1


def test_a_branch_holding_every_required_meeting_in_a_quarter_meets_them_all(party):
    branch, group = party["branch_1"], party["group_1"]
    for month in (1, 2, 3):
        held(branch, K.COMMITTEE_MEETING, datetime.date(LAST_YEAR, month, 8))
        held(group, K.GROUP_MEETING, datetime.date(LAST_YEAR, month, 12))  # a group's meeting counts for its branch
    held(branch, K.GENERAL_MEETING, datetime.date(LAST_YEAR, 2, 15))
    held(branch, K.LECTURE, datetime.date(LAST_YEAR, 3, 18))

    (row,) = compliance.branch_compliance(Organisation.objects.filter(pk=branch.pk), LAST_YEAR, 1)

    assert states(row) == ([["met", "met"]] * 3, ["met", "met"])
    assert row.all_met


def test_a_branch_missing_meetings_in_a_quarter_shows_which_and_when(party):
    branch = party["branch_1"]
    held(branch, K.COMMITTEE_MEETING, datetime.date(LAST_YEAR, 4, 8))
    held(branch, K.COMMITTEE_MEETING, datetime.date(LAST_YEAR, 6, 8))
    held(branch, K.LECTURE, datetime.date(LAST_YEAR, 5, 18))
    held(branch, K.THEME_DAY, datetime.date(LAST_YEAR, 5, 5))  # not one of 三会一课
    held(party["branch_2"], K.GENERAL_MEETING, datetime.date(LAST_YEAR, 5, 15))  # another branch's

    (row,) = compliance.branch_compliance(Organisation.objects.filter(pk=branch.pk), LAST_YEAR, 2)

    assert states(row) == (
        [["met", "missed"], ["missed", "missed"], ["met", "missed"]],
        ["missed", "met"],
    )
    assert not row.all_met


def test_a_branch_without_party_groups_owes_no_group_meetings(party):
    (row,) = compliance.branch_compliance(Organisation.objects.filter(pk=party["branch_2"].pk), LAST_YEAR, 3)

    assert [month[1].state for month in row.months] == ["not_required"] * 3
    assert [month[0].state for month in row.months] == ["missed"] * 3


def test_meetings_still_to_come_in_the_current_quarter_are_pending_not_missed(party):
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    now = timezone.now()

    (row,) = compliance.branch_compliance(
        Organisation.objects.filter(pk=party["branch_1"].pk), today.year, quarter, now=now
    )

    assert [cell.state for cell in row.quarter] == ["pending", "pending"]
    assert row.months[(today.month - 1) % 3][0].state == "pending"


def test_attendance_rates_per_activity_and_per_member(party):
    branch, liu, chen = party["branch_1"], party["liu"], party["chen"]
    first = held(branch, K.GENERAL_MEETING, datetime.date(LAST_YEAR, 1, 15), expected=[liu, chen], present=[liu])
    held(branch, K.LECTURE, datetime.date(LAST_YEAR, 2, 15), expected=[liu, chen], present=[liu, chen])
    start, end, _months = compliance.quarter_bounds(LAST_YEAR, 1)

    activities = compliance.activity_attendance(Activity.objects.filter(organisation=branch).order_by("starts_at"))
    members = compliance.member_attendance(Member.objects.order_by("name"), start, end)

    assert [(a.pk == first.pk, a.expected, a.present, a.rate) for a in activities] == [
        (True, 2, 1, 50),
        (False, 2, 2, 100),
    ]
    assert {(m.name, m.expected, m.present, m.rate) for m in members} == {("刘红", 2, 2, 100), ("陈明", 2, 1, 50)}
