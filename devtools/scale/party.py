"""Party building of the scale district, drawn as COPY text: per community a party committee (党委)
with its branches (党支部) and party groups (党小组), the members on their rolls, the activities of
the same years as the service requests (三会一课, 主题党日, volunteer service), who is expected at
each, the check-ins and the points they earn, by the rules of `partybuilding.actions`.

- Members are spread over the communities and, within one, over its branches and their groups. Party
  members among the community's residents are linked to their resident record first (up to 60% of
  the roll); the others have their own identity, with an ID number from the residents' generator (so
  unique across residents and members by construction) and a phone number of its series.
- Each branch holds, every month, a 主题党日, a 支委会 (its five longest-serving members) and a 党小组会
  per group; every quarter a 党员大会, a 党课 and a volunteer service. Expected at a branch activity
  are the branch's members (those of its groups included) who had joined by then.
- Check-ins: the attendance of an activity is recorded for all its expected members (present, on
  leave with a reason, or absent), from the most recent activities back until the number asked for
  is reached; the day where it is reached has a random share of its attendance recorded, so the total
  is exactly the number asked for. When the schedule holds fewer expected attendances, all are recorded.
- Points: every attendance earns the activity's points (entry of source attendance, dated the day of
  the activity); the confirmed hours of volunteer service earn hours × 2 (source reporting for
  in-service members, volunteer for the others). The yearly caps of the points rules are not applied.
"""

import bisect
import datetime
import math
import random
from decimal import Decimal

from demo.party import LEAVE_REASONS, POSTS, THEMES
from demo.residents import SURNAMES, given_name
from partybuilding.actions import DEFAULT_POINTS, DEFAULT_RULES
from partybuilding.models import Activity, CheckIn, Member, Organisation, PointsSource

from .areas import Areas, chinese_number
from .people import OTHER_BEIJING, OWN_CODES, PHONE_PREFIXES, PROVINCES, PeopleGenerator
from .rows import NULL, Chunk, Clock, apportion

CHUNK_LINES = 100_000
# The keys of rows.TABLES this generator writes.
PARTY_KEYS = ("organisation", "member", "activity", "expected", "checkin", "points")
HOUR = 3600
MEMBERS_PER_BRANCH = 60
RESIDENT_SHARE = 0.6  # of a community's roll, at most, are residents of the community
COMMITTEE_SIZE = 5
WORK_UNITS = [
    "西城区教育委员会",
    "北京市第一医院",
    "国家电网北京西城供电公司",
    "中国银行北京分行",
    "西城区税务局",
    "北京地铁运营公司",
    "西城区卫生健康委员会",
    "北京建工集团",
    "西城区人民法院",
    "中国邮政西城分公司",
]
PLACES = ["社区党群服务中心二楼会议室", "社区党群服务中心一楼活动室", "小区议事厅", "社区文化活动站"]
AGENDA = "1. 集中学习\\n2. 交流讨论\\n3. 布置下阶段工作"
MINUTES = "会议按议程进行，与会党员踊跃发言，形成一致意见。"
K = Activity.Kind
# kind, day of month, hour, months (None: every month), duration in hours
SCHEDULE = [
    (K.THEME_DAY.value, 5, 9, None, 2),
    (K.COMMITTEE_MEETING.value, 8, 19, None, 2),
    (K.GROUP_MEETING.value, 12, 19, None, 2),
    (K.GENERAL_MEETING.value, 15, 15, (1, 4, 7, 10), 2),
    (K.LECTURE.value, 18, 15, (2, 5, 8, 11), 2),
    (K.VOLUNTEER.value, 22, 9, (3, 6, 9, 12), 3),
]
VOLUNTEER_HOURS = Decimal("3.0")
PRESENT, LEAVE, ABSENT = CheckIn.Status.PRESENT.value, CheckIn.Status.LEAVE.value, CheckIn.Status.ABSENT.value
C = Member.Category


def attendance_summary(generated: int, asked: int, slots: int) -> tuple[bool, str]:
    """(whether fewer check-ins were generated than asked for, a line saying how many and why)."""
    if generated < asked:
        return True, (
            f"  Only {generated:,} of the {asked:,} check-ins asked for were generated: the activities of the "
            f"schedule times their expected members hold no more ({slots:,} expected attendances)."
        )
    if not generated:
        return False, f"  No attendance recorded (none asked for) at the schedule's {slots:,} expected attendances."
    return False, (
        f"  Attendance recorded for {generated:,} of the schedule's {slots:,} expected attendances: all of the "
        "latest activities, none before."
    )


class PartyGenerator:
    def __init__(self, rng: random.Random, areas: Areas, people: PeopleGenerator, ids: dict[str, int], now_text: str):
        self.rng = rng
        self.areas = areas
        self.people = people  # for ID numbers, phone numbers and the residents who are party members
        self.ids = ids
        self.now = now_text
        self.today = people.today
        self.clock = Clock()
        self.chunk = Chunk()
        self.counts = dict.fromkeys(PARTY_KEYS, 0)
        self.slots = 0  # expected attendances of the whole schedule

    def next_id(self, key: str) -> int:
        self.ids[key] += 1
        return self.ids[key]

    def rows(self, members: int, checkins: int, first: datetime.date, last: datetime.date):
        """Yield chunks of COPY lines: organisations, `members` members, the activities from `first` to
        `last`, and `checkins` check-ins (fewer when the schedule holds fewer expected attendances)."""
        rng = self.rng
        communities = sorted(self.areas.communities)
        quotas = apportion(members, [rng.uniform(0.7, 1.3) for _c in communities])
        # (activity id, day, start second, end second, points, volunteer, title, members, how many of them are
        # expected, recorder)
        plans = []
        for community_id, quota in zip(communities, quotas, strict=True):
            if quota:
                for branch in self.community(community_id, quota):
                    plans += self.activities(branch, first.toordinal(), last.toordinal())
            if self.chunk.size >= CHUNK_LINES:
                yield self.chunk.take()
        yield self.chunk.take()
        # From the latest activities back: the day where the number asked for is reached is recorded in part.
        per_day = {}
        for plan in plans:
            per_day[plan[1]] = per_day.get(plan[1], 0) + plan[8]
        self.slots = sum(per_day.values())
        cutoff, wanted_on_cutoff, running = 0, 0, 0
        for day in sorted(per_day, reverse=True):
            if running + per_day[day] >= checkins:
                cutoff, wanted_on_cutoff = day, checkins - running
                break
            running += per_day[day]
        left_on_cutoff = per_day.get(cutoff, 0)
        plans.sort(key=lambda plan: plan[0])
        for plan in plans:
            day = plan[1]
            if day < cutoff:
                continue
            expected = plan[7]
            for index in range(plan[8]):
                member = expected[index]
                if day == cutoff:
                    take = rng.random() * left_on_cutoff < wanted_on_cutoff
                    left_on_cutoff -= 1
                    if not take:
                        continue
                    wanted_on_cutoff -= 1
                self.check_in(plan, member)
            if self.chunk.size >= CHUNK_LINES:
                yield self.chunk.take()
        yield self.chunk.take()

    # --- organisations and members -------------------------------------------------------------------

    def community(self, community_id: int, quota: int) -> list[tuple]:
        """Write the community's organisations and members; return its branches as
        (organisation id, [group ids], members sorted by joining, {group id: its members}, clerk)."""
        rng, chunk, clock = self.rng, self.chunk, self.clock
        info = self.areas.communities[community_id]
        committee = self.next_id("organisation")
        chunk.add(
            "organisation",
            f"{committee}\t社区党委\t{Organisation.Kind.COMMITTEE}\t{NULL}\t{community_id}\t"
            f"{NULL}\t{info.clerk_id}\t{clock.day(datetime.date(1998, 7, 1).toordinal())}\n",
        )
        branch_count = max(1, math.ceil(quota / MEMBERS_PER_BRANCH))
        branches = []
        for number in range(1, branch_count + 1):
            branch_id = self.next_id("organisation")
            name = f"第{chinese_number(number)}党支部" if number < 100 else f"第{number}党支部"
            founded = datetime.date(1998 + rng.randint(0, 20), 7, 1).toordinal()
            chunk.add(
                "organisation",
                f"{branch_id}\t{name}\t{Organisation.Kind.BRANCH}\t{committee}\t{community_id}\t"
                f"{NULL}\t{NULL}\t{clock.day(founded)}\n",
            )
            groups = []
            if quota / branch_count >= 12:
                for group_number in (1, 2):
                    group_id = self.next_id("organisation")
                    chunk.add(
                        "organisation",
                        f"{group_id}\t{name}第{chinese_number(group_number)}党小组\t"
                        f"{Organisation.Kind.GROUP}\t{branch_id}\t{community_id}\t{NULL}\t"
                        f"{NULL}\t{NULL}\n",
                    )
                    groups.append(group_id)
            branches.append((branch_id, groups, [], {group: [] for group in groups}, info.clerk_id))
        self.counts["organisation"] += 1 + branch_count + sum(len(branch[1]) for branch in branches)
        residents = self.people.people.party.get(community_id, [])
        linked = min(len(residents), int(quota * RESIDENT_SHARE))
        for index in range(quota):
            branch = branches[index % branch_count]
            branch_id, groups = branch[0], branch[1]
            organisation = rng.choice([branch_id, *groups, *groups])
            member = self.member(organisation, residents[index] if index < linked else None)
            branch[2].append(member)
            if organisation != branch_id:
                branch[3][organisation].append(member)
        self.counts["member"] += quota
        for branch in branches:
            branch[2].sort()
            for group_members in branch[3].values():
                group_members.sort()
        return branches

    def member(self, organisation: int, resident) -> tuple[int, int, str]:
        """Write a member; return (joined on, member id, category)."""
        rng, clock, people, today = self.rng, self.clock, self.people, self.today
        if resident is not None:
            resident_id, born, probationary = resident
            name = people.people.name[resident_id - people.people.first_id]
            identity = f"{resident_id}\t{name}\t\t"
        else:
            male = rng.random() < 0.55
            born = people.birth(rng.randint(24, 85))
            probationary = rng.random() < 0.03
            roll = rng.random()
            if roll < 0.6:
                code = OWN_CODES[0][0] if roll < 0.54 else OWN_CODES[1][0]
            else:
                code = rng.choice(OTHER_BEIJING if roll < 0.75 else PROVINCES)[0]
            name = rng.choice(SURNAMES) + given_name(rng, male, datetime.date.fromordinal(born))
            people.phones += 1
            phone = rng.choice(PHONE_PREFIXES) * 100_000_000 + (people.phones * 48271 + 12_345_679) % 100_000_000
            identity = f"{NULL}\t{name}\t{people.id_number(code, born, male)}\t{phone}"
        age = (today - born) // 365
        adult = born + 18 * 365 + 5
        if probationary:
            joined = max(adult, today - rng.randint(30, 330))
        else:
            joined = max(adult, today - rng.randint(2 * 365, max(3 * 365, (age - 19) * 365)))
        if age >= 60:
            category = C.RETIRED if rng.random() < 0.9 else C.COMMUNITY
        else:
            roll = rng.random()
            category = C.IN_SERVICE if roll < 0.35 else C.MOBILE if roll < 0.47 else C.COMMUNITY
        work_branch, reported = "", NULL
        if category == C.IN_SERVICE:
            work_branch = f"{rng.choice(WORK_UNITS)}党支部"
            reported = clock.day(max(joined, today - rng.randint(200, 1500)))
        member_id = self.next_id("member")
        standing = Member.Standing.PROBATIONARY if probationary else Member.Standing.FULL
        confirmed = NULL if probationary else clock.day(joined + 365)
        self.chunk.add(
            "member",
            f"{member_id}\t{organisation}\t{identity}\t{standing}\t{clock.day(joined)}\t{clock.day(joined + 365)}\t"
            f"{confirmed}\t{category}\t{NULL}\t{work_branch}\t{reported}\t{rng.choice(POSTS)}\tactive\t{NULL}\t1\t"
            f"{self.now}\t{self.now}\n",
        )
        return joined, member_id, category

    # --- activities, check-ins and points ------------------------------------------------------------

    def activities(self, branch: tuple, first: int, last: int) -> list[tuple]:
        """Write the branch's activities from day `first` to `last` and who is expected at each; return their plans."""
        rng = self.rng
        branch_id, groups, members, group_members, clerk = branch
        joined = [member[0] for member in members]
        group_joined = {group: [member[0] for member in group_members[group]] for group in groups}
        committee = members[:COMMITTEE_SIZE]
        plans = []
        month = datetime.date.fromordinal(first).replace(day=1)
        number = 0
        while month.toordinal() <= last:
            for kind, day_of_month, hour, months, duration in SCHEDULE:
                if months is not None and month.month not in months:
                    continue
                day = month.replace(day=min(28, day_of_month + rng.randint(-2, 2))).toordinal()
                if not first <= day <= last:
                    continue
                theme = THEMES[(number + branch_id) % len(THEMES)]
                if kind == K.COMMITTEE_MEETING:
                    expected = [m for m in committee if m[0] <= day]
                    targets = [(branch_id, f"{month.month}月支委会", expected, len(expected))]
                elif kind == K.GROUP_MEETING:
                    targets = [
                        (
                            group,
                            f"{month.month}月党小组会",
                            group_members[group],
                            bisect.bisect_right(group_joined[group], day),
                        )
                        for group in groups
                    ]
                else:
                    title = {
                        K.THEME_DAY: f"{month.month}月主题党日：{theme}",
                        K.GENERAL_MEETING: f"{month.year}年第{(month.month - 1) // 3 + 1}季度党员大会",
                        K.LECTURE: f"专题党课：{theme}",
                        K.VOLUNTEER: f"{month.month}月志愿服务：{theme}",
                    }[kind]
                    targets = [(branch_id, title, members, bisect.bisect_right(joined, day))]
                for organisation, title, expected, count in targets:
                    plans.append(self.activity(organisation, kind, title, day, hour, duration, expected, count, clerk))
            number += 1
            month = (month + datetime.timedelta(days=32)).replace(day=1)
        return plans

    def activity(self, organisation, kind, title, day, hour, duration, expected, count, clerk) -> tuple:
        """Write an activity and its expected members (the first `count` of `expected`); return its plan."""
        rng, chunk, clock = self.rng, self.chunk, self.clock
        activity_id = self.next_id("activity")
        starts = Clock.start_of(day) + hour * HOUR
        ends = starts + duration * HOUR
        volunteer = kind == K.VOLUNTEER
        points = DEFAULT_POINTS[kind]
        chunk.add(
            "activity",
            f"{activity_id}\t{organisation}\t{kind}\t{title}\t{clock.moment(starts)}\t{clock.moment(ends)}\t"
            f"{rng.choice(PLACES)}\t{AGENDA}\t{MINUTES}\t{clock.moment(starts - 1800)}\t{clock.moment(ends + 1800)}\t"
            f"{points}\t{VOLUNTEER_HOURS if volunteer else NULL}\t{clerk}\t{self.now}\n",
        )
        for index in range(count):
            chunk.add("expected", f"{self.next_id('expected')}\t{activity_id}\t{expected[index][1]}\n")
        self.counts["activity"] += 1
        self.counts["expected"] += count
        return activity_id, day, starts, ends, points, volunteer, title, expected, count, clerk

    def check_in(self, plan: tuple, member: tuple) -> None:
        rng, chunk, clock = self.rng, self.chunk, self.clock
        activity_id, day, starts, ends, points, volunteer, title, _expected, _count, clerk = plan
        _joined, member_id, category = member
        likely = 0.6 if category == C.MOBILE else 0.88
        draw = rng.random()
        check_in_id = self.next_id("checkin")
        self.counts["checkin"] += 1
        if draw < likely:
            qr = rng.random() < 0.8
            at = clock.moment(starts - rng.randint(0, 1500))
            if volunteer:
                hours = f"{VOLUNTEER_HOURS}\t{clerk}\t{clock.moment(ends + 2 * HOUR)}"
            else:
                hours = f"{NULL}\t{NULL}\t{NULL}"
            chunk.add(
                "checkin",
                f"{check_in_id}\t{activity_id}\t{member_id}\t{PRESENT}\t{'qr' if qr else 'manual'}\t"
                f"{at}\t\t{hours}\t{NULL if qr else clerk}\n",
            )
            self.entry(member_id, day, points, f"参加：{title}", PointsSource.ATTENDANCE.value, check_in_id, clerk)
            if volunteer:
                source = PointsSource.REPORTING if category == C.IN_SERVICE else PointsSource.VOLUNTEER
                self.entry(
                    member_id,
                    day,
                    int(VOLUNTEER_HOURS * DEFAULT_RULES[source][0]),
                    f"志愿服务{VOLUNTEER_HOURS}小时：{title}",
                    source.value,
                    check_in_id,
                    clerk,
                )
        elif draw < likely + 0.07:
            chunk.add(
                "checkin",
                f"{check_in_id}\t{activity_id}\t{member_id}\t{LEAVE}\tmanual\t"
                f"{clock.moment(starts - 86400)}\t{rng.choice(LEAVE_REASONS)}\t"
                f"{NULL}\t{NULL}\t{NULL}\t{clerk}\n",
            )
        else:
            chunk.add(
                "checkin",
                f"{check_in_id}\t{activity_id}\t{member_id}\t{ABSENT}\tmanual\t{clock.moment(ends)}\t"
                f"\t{NULL}\t{NULL}\t{NULL}\t{clerk}\n",
            )

    def entry(self, member_id, day, points, reason, source, check_in_id, clerk) -> None:
        if points:
            self.chunk.add(
                "points",
                f"{self.next_id('points')}\t{member_id}\t{self.clock.day(day)}\t{points}\t"
                f"{reason}\t{source}\t{check_in_id}\t{NULL}\t{clerk}\t{self.now}\n",
            )
            self.counts["points"] += 1
