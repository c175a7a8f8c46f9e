"""Demo party building of 多福巷社区: a party committee with 3 branches and their party groups,
about 150 members, 12 months of activities with attendance, leave, volunteer hours and points,
and 2 co-building units.

Deterministic (one seeded random generator); dates are drawn against today, so that the last
12 months always hold activities. Idempotent: nothing happens if party organisations exist.
Members living in the community are linked to the demo residents who are party members; when
the demo has no residents, every member has their own identity.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone
from stdnum.cn import uscc

from grids.models import Community
from partybuilding.actions import DEFAULT_POINTS, DEFAULT_RULES
from partybuilding.models import (
    Activity,
    CheckIn,
    Member,
    Organisation,
    PointsEntry,
    PointsSource,
    Transfer,
    Unit,
)
from residents.choices import PoliticalStatus, ResidentStatus
from residents.models import Resident

from .residents import SURNAMES, UNASSIGNED_PREFIXES, given_name, make_id_number

SEED = 20261122
COMMUNITY = "110101001001"
MEMBERS = 150
BRANCHES = [
    ("多福巷社区第一党支部", ["第一党小组", "第二党小组"]),
    ("多福巷社区第二党支部", ["第三党小组", "第四党小组"]),
    ("多福巷社区在职党员党支部", ["第五党小组", "第六党小组"]),
]
# name, unified social credit code without its check character, address, contact
UNITS = [
    ("北京市东城区多福巷小学", "12110101MB0000000", "东城区多福巷12号", "孙老师"),
    ("北京东华门供电服务有限公司", "91110101MA0000001", "东城区东华门大街8号", "周经理"),
]
POSTS = ["楼栋长", "政策宣传岗", "环境监督岗", "文明劝导岗", "邻里调解岗", "关爱帮扶岗", "", "", "", "", "", ""]
LEAVE_REASONS = ["出差", "身体不适", "照顾家人", "单位加班", "外出就医", "在外地探亲"]
PLACES = ["社区党群服务中心二楼会议室", "社区党群服务中心一楼活动室", "多福巷小区议事厅"]
THEMES = [
    "学习贯彻党的二十届全会精神",
    "重温入党誓词",
    "垃圾分类志愿宣传",
    "走访慰问困难党员",
    "社区环境整治",
    "学习《中国共产党章程》",
    "清明祭英烈",
    "红色观影",
    "安全生产宣传",
    "敬老助老服务",
    "党史学习",
    "文明城区创建",
]


def make_credit_code(first17: str) -> str:
    return first17 + uscc.calc_check_digit(first17 + "0")


def _aware(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=timezone.get_current_timezone())


def seed_party(stdout=None) -> None:
    if Organisation.objects.exists():
        return
    community = Community.objects.filter(code=COMMUNITY).first()
    if community is None:
        return
    rng = random.Random(SEED)
    today = timezone.localdate()
    secretary = get_user_model().objects.filter(username="secretary").first()

    units = Unit.objects.bulk_create(
        [
            Unit(
                name=name,
                credit_code=make_credit_code(code),
                community=community,
                address=address,
                contact_name=contact,
                agreement_starts_on=today.replace(month=1, day=1) - datetime.timedelta(days=365),
                agreement_ends_on=today.replace(month=12, day=31) + datetime.timedelta(days=365),
            )
            for name, code, address, contact in UNITS
        ]
    )
    committee = Organisation.objects.create(
        name="多福巷社区党委",
        kind=Organisation.Kind.COMMITTEE,
        community=community,
        secretary=secretary,
        founded_on=datetime.date(1998, 7, 1),
    )
    branches, groups = [], {}
    for number, (name, group_names) in enumerate(BRANCHES):
        branch = Organisation.objects.create(
            name=name,
            kind=Organisation.Kind.BRANCH,
            parent=committee,
            community=community,
            founded_on=datetime.date(2003 + 5 * number, 7, 1),
        )
        branches.append(branch)
        groups[branch.pk] = [
            Organisation.objects.create(
                name=f"{name}{group}", kind=Organisation.Kind.GROUP, parent=branch, community=community
            )
            for group in group_names
        ]

    members = _members(rng, today, branches, groups, units)
    Member.objects.bulk_create(members, batch_size=500)
    Transfer.objects.bulk_create(
        [
            Transfer(
                member=m,
                direction=Transfer.Direction.IN,
                on=m.joined_on if m.joined_on.year > 2015 else datetime.date(2015, 1, 1),
                to_organisation=m.organisation.name,
                note="组织关系转入",
            )
            for m in members
        ],
        batch_size=500,
    )
    counts = _activities(rng, today, committee, branches, groups, members, secretary)
    if stdout is not None:
        stdout.write(
            f"Demo party building: {len(branches)} branches, {len(members)} members, {counts[0]} activities, "
            f"{counts[1]} check-ins, {counts[2]} points entries, {len(units)} units."
        )


def _members(rng, today, branches, groups, units) -> list[Member]:
    residents = list(
        Resident.objects.filter(
            dwelling__grid__community__code=COMMUNITY,
            political_status__in=[PoliticalStatus.CPC_MEMBER, PoliticalStatus.CPC_PROBATIONARY],
            status=ResidentStatus.ACTIVE,
        ).order_by("pk")[:90]
    )
    members = []
    phones = set()

    def organisation_for(branch):
        return rng.choice([branch, *groups[branch.pk], *groups[branch.pk]])

    for index in range(MEMBERS):
        resident = residents[index] if index < len(residents) else None
        in_service = index % 5 == 4 or (resident is None and index % 3 == 0)
        branch = branches[2] if in_service else branches[index % 2]
        if resident is not None:
            age = today.year - resident.birth_date.year
            probationary = resident.political_status == PoliticalStatus.CPC_PROBATIONARY
        else:
            age = rng.randint(24, 80)
            probationary = rng.random() < 0.05
        if in_service:
            category = Member.Category.IN_SERVICE
        elif age >= 60:
            category = Member.Category.RETIRED
        elif rng.random() < 0.15:
            category = Member.Category.MOBILE
        else:
            category = Member.Category.COMMUNITY
        if probationary:
            joined = today - datetime.timedelta(days=rng.randint(30, 330))
        else:
            joined = today - datetime.timedelta(days=rng.randint(2 * 365, max(3 * 365, (age - 19) * 365)))
        member = Member(
            organisation=organisation_for(branch),
            resident=resident,
            standing=Member.Standing.PROBATIONARY if probationary else Member.Standing.FULL,
            joined_on=joined,
            probation_ends_on=joined + datetime.timedelta(days=365),
            confirmed_on=None if probationary else joined + datetime.timedelta(days=365),
            category=category,
            post=rng.choice(POSTS),
        )
        if resident is not None:
            member.name = resident.name
        else:
            male = rng.random() < 0.5
            born = datetime.date(today.year - age, rng.randint(1, 12), rng.randint(1, 28))
            member.name = rng.choice(SURNAMES) + given_name(rng, male, born)
            member.id_number = make_id_number(
                rng.choice(["110102", "110105", "130102", "370102"]), born, rng.randrange(250) * 2 + int(male)
            )
            while True:
                phone = f"1{rng.choice('35789')}{rng.randrange(10**9):09d}"
                phone = UNASSIGNED_PREFIXES.get(phone[:3], phone[:3]) + phone[3:]
                if phone not in phones:
                    phones.add(phone)
                    break
            member.phone = phone
        if in_service:
            unit = units[index % len(units)]
            member.work_unit = unit
            member.work_branch = f"{unit.name}党支部"
            member.reported_on = today - datetime.timedelta(days=rng.randint(400, 1500))
        members.append(member)
    # A few have left the roll: they stay on record.
    for member in members[-4:-1]:
        member.status = Member.Status.TRANSFERRED_OUT
        member.status_changed_on = today - datetime.timedelta(days=rng.randint(10, 200))
    members[-1].status = Member.Status.DECEASED
    members[-1].status_changed_on = today - datetime.timedelta(days=40)
    return members


def _activities(rng, today, committee, branches, groups, members, secretary):
    """12 months of 三会一课, 主题党日 and volunteer service, with attendance and points."""
    active = [m for m in members if m.status == Member.Status.ACTIVE]
    below = {branch.pk: {branch.pk, *(g.pk for g in groups[branch.pk])} for branch in branches}
    branch_members = {b.pk: [m for m in active if m.organisation_id in below[b.pk]] for b in branches}
    group_members = {g.pk: [m for m in active if m.organisation_id == g.pk] for gs in groups.values() for g in gs}
    plans = []  # (activity, expected members)

    def plan(organisation, kind, title, day, hour, expected, hours=None):
        starts = _aware(day, hour)
        ends = starts + datetime.timedelta(hours=3 if hours else 2)
        activity = Activity(
            organisation=organisation,
            kind=kind,
            title=title,
            starts_at=starts,
            ends_at=ends,
            place=rng.choice(PLACES),
            agenda="1. 集中学习\n2. 交流讨论\n3. 布置下阶段工作",
            minutes="" if day >= today else "会议按议程进行，与会党员踊跃发言，形成一致意见。",
            check_in_opens_at=starts - datetime.timedelta(minutes=30),
            check_in_closes_at=ends + datetime.timedelta(minutes=30),
            points=DEFAULT_POINTS[kind],
            volunteer_hours=hours,
            created_by=secretary,
        )
        plans.append((activity, expected))

    first = (today.replace(day=1) - datetime.timedelta(days=330)).replace(day=1)
    month = first
    for number in range(12):
        theme = THEMES[number % len(THEMES)]
        plan(
            committee,
            Activity.Kind.THEME_DAY,
            f"{month.month}月主题党日：{theme}",
            month.replace(day=5),
            9,
            [m for b in branches for m in branch_members[b.pk]],
        )
        plan(
            committee,
            Activity.Kind.VOLUNTEER,
            f"{month.month}月志愿服务：{THEMES[(number + 3) % 12]}",
            month.replace(day=20),
            14,
            [m for m in active if m.category == Member.Category.IN_SERVICE or rng.random() < 0.3],
            hours=Decimal("3.0"),
        )
        for index, branch in enumerate(branches):
            # The in-service branch misses a committee meeting now and then: compliance shows it.
            if not (index == 2 and number % 4 == 1):
                plan(
                    branch,
                    Activity.Kind.COMMITTEE_MEETING,
                    f"{branch.name}{month.month}月支委会",
                    month.replace(day=8 + index),
                    19,
                    branch_members[branch.pk][:5],
                )
            for group in groups[branch.pk]:
                plan(
                    group,
                    Activity.Kind.GROUP_MEETING,
                    f"{group.name}{month.month}月党小组会",
                    month.replace(day=12 + index),
                    19,
                    group_members[group.pk],
                )
            if month.month in (1, 4, 7, 10) or number == 0:
                quarter = (month.month - 1) // 3 + 1
                plan(
                    branch,
                    Activity.Kind.GENERAL_MEETING,
                    f"{branch.name}{month.year}年第{quarter}季度党员大会",
                    month.replace(day=15),
                    15,
                    branch_members[branch.pk],
                )
            if month.month in (2, 5, 8, 11) or number == 0:
                plan(
                    branch,
                    Activity.Kind.LECTURE,
                    f"{branch.name}专题党课：{THEMES[(number + index) % 12]}",
                    month.replace(day=18),
                    15,
                    branch_members[branch.pk],
                )
        month = (month + datetime.timedelta(days=32)).replace(day=1)

    activities = Activity.objects.bulk_create([activity for activity, _ in plans], batch_size=500)
    Through = Activity.expected_members.through
    Through.objects.bulk_create(
        [Through(activity=activity, member=m) for activity, expected in plans for m in expected], batch_size=2000
    )
    now = timezone.now()
    check_ins, attended = [], []
    for activity, expected in plans:
        if activity.starts_at > now:
            continue
        for member in expected:
            likely = 0.6 if member.category == Member.Category.MOBILE else 0.88
            draw = rng.random()
            if draw < likely:
                check_in = CheckIn(
                    activity=activity,
                    member=member,
                    status=CheckIn.Status.PRESENT,
                    method=CheckIn.Method.QR if rng.random() < 0.8 else CheckIn.Method.MANUAL,
                    at=activity.starts_at - datetime.timedelta(minutes=rng.randint(0, 25)),
                )
                if activity.volunteer_hours:
                    check_in.hours = activity.volunteer_hours
                    check_in.hours_confirmed_by = secretary
                    check_in.hours_confirmed_at = activity.ends_at + datetime.timedelta(days=1)
                attended.append(check_in)
            elif draw < likely + 0.07:
                check_in = CheckIn(
                    activity=activity,
                    member=member,
                    status=CheckIn.Status.LEAVE,
                    reason=rng.choice(LEAVE_REASONS),
                    recorded_by=secretary,
                    at=activity.starts_at - datetime.timedelta(days=1),
                )
            else:
                check_in = CheckIn(
                    activity=activity,
                    member=member,
                    status=CheckIn.Status.ABSENT,
                    recorded_by=secretary,
                    at=activity.ends_at,
                )
            check_ins.append(check_in)
    CheckIn.objects.bulk_create(check_ins, batch_size=2000)
    entries = _points(rng, today, attended, active, secretary)
    PointsEntry.objects.bulk_create(entries, batch_size=2000)
    return len(activities), len(check_ins), len(entries)


def _points(rng, today, attended, active, secretary) -> list[PointsEntry]:
    """Ledger entries for attendance and confirmed hours, within each source's yearly cap, and a few manual ones."""
    totals = {}
    entries = []

    def add(member, on, points, reason, source, check_in=None):
        cap = DEFAULT_RULES[source][1]
        key = (member.pk, on.year, source)
        points = min(points, cap - totals.get(key, 0)) if cap is not None else points
        if points > 0:
            totals[key] = totals.get(key, 0) + points
            entries.append(
                PointsEntry(
                    member=member,
                    on=on,
                    points=points,
                    reason=reason,
                    source=source,
                    check_in=check_in,
                    recorded_by=secretary,
                )
            )

    for check_in in attended:
        activity = check_in.activity
        on = timezone.localdate(activity.starts_at)
        add(check_in.member, on, activity.points, f"参加：{activity.title}", PointsSource.ATTENDANCE, check_in)
        if check_in.hours_confirmed_at:
            source = (
                PointsSource.REPORTING
                if check_in.member.category == Member.Category.IN_SERVICE
                else PointsSource.VOLUNTEER
            )
            per_hour = DEFAULT_RULES[source][0]
            add(
                check_in.member,
                on,
                int(check_in.hours * per_hour),
                f"志愿服务{check_in.hours}小时：{activity.title}",
                source,
                check_in,
            )
    for member in rng.sample(active, 12):
        add(
            member,
            today - datetime.timedelta(days=rng.randint(5, 200)),
            rng.choice([3, 5]),
            rng.choice(["帮助邻里调解纠纷", "带头参加疫情防控值守", "撰写社区宣传稿件"]),
            PointsSource.MANUAL,
        )
    return entries
