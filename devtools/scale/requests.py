"""Service requests of the scale district over the last years, with their timelines and number
counters, drawn as COPY text.

Requests are drawn day by day (working days far more than days off), sorted by the moment they
were received, and numbered per community and day, so numbers, counters and times agree. Each
request lives through the same steps as `demo.services._live`: the older it is, the more
likely it is closed after a callback; recent ones are still open, and some old ones are overdue.
"""

import bisect
import datetime
import json
import random
import uuid
from dataclasses import dataclass
from operator import itemgetter
from types import SimpleNamespace

from demo.services import FREQUENT
from services.calendar import WorkingCalendar
from services.choices import Channel, DisputeOutcome, Function, Priority, Satisfaction, Status
from services.models import ServiceItem

from .areas import Areas
from .people import People
from .rows import NULL, Chunk, Clock, apportion, copy_escape

CHUNK_LINES = 100_000
HOUR = 3600
DAY = 86400
RESIDENT_CHANNELS = (
    [Channel.WINDOW.value, Channel.PHONE.value, Channel.VISIT.value, Channel.ONLINE.value],
    [80, 88, 95, 100],
)
PLACE_CHANNELS = (
    [Channel.HOTLINE.value, Channel.PHONE.value, Channel.WINDOW.value, Channel.GRID_REPORT.value],
    [45, 65, 80, 120],
)
CONTACTS = ["王先生", "李女士", "张先生", "刘女士", "陈先生", "杨女士", "匿名"]
DISPUTES = ["楼上楼下漏水引发纠纷，双方协商未果。", "相邻住户因楼道堆物发生争执。", "租户与房东就押金退还发生纠纷。"]
PLACE_PROBLEMS = ["居民反映情况，请尽快处理。", "现场查看属实，需相关部门处置。", "多次反映未解决，请重点关注。"]
DESK_NOTES = ["", "材料齐全。", "需补充材料后办理。", "老人行动不便，请上门核实。"]
RESOLUTIONS = ["已按规定办结。", "已现场处置完毕。", "已出具相关证明。", "已协调解决。"]
SATISFACTION = (
    [Satisfaction.SATISFIED.value, Satisfaction.FAIRLY_SATISFIED.value, Satisfaction.DISSATISFIED.value],
    [80, 95, 100],
)
# Plain strings: reading an enum member's value costs an attribute lookup through the enum's machinery.
S = SimpleNamespace(**{status.name: status.value for status in Status})
URGENT, NORMAL = Priority.URGENT.value, Priority.NORMAL.value
MEDIATED, NOT_MEDIATED = DisputeOutcome.MEDIATED.value, DisputeOutcome.NOT_MEDIATED.value
# Share of requests that got stuck in progress, whatever their age: the overdue ones of the queue.
STUCK = 0.004


@dataclass
class Item:
    id: int
    function: str
    requires_resident: bool
    is_dispute: bool
    committed_days: int | None
    materials: str  # JSON, escaped for COPY


def catalogue() -> tuple[list[Item], list[float]]:
    """The offered items and how often each is asked for (the demo's frequent ones more often)."""
    items, weights = [], []
    for item in ServiceItem.objects.active().order_by("code"):
        materials = copy_escape(json.dumps(list(item.materials), ensure_ascii=False))
        items.append(
            Item(item.pk, item.function, item.requires_resident, item.is_dispute, item.committed_days, materials)
        )
        weights.append(FREQUENT.get(item.name, 1))
    return items, weights


class RequestGenerator:
    def __init__(
        self,
        rng: random.Random,
        areas: Areas,
        people: People,
        ids: dict[str, int],
        *,
        items: list[Item],
        weights: list[float],
        calendar: WorkingCalendar,
        now: datetime.datetime,
    ):
        self.rng = rng
        self.areas = areas
        self.people = people
        self.ids = ids
        self.items = items
        self.item_bounds = _cumulative(weights)
        self.calendar = calendar
        self.now = int(now.timestamp())
        self.clock = Clock()
        self.chunk = Chunk()
        self.working_days: dict[tuple[int, int], tuple[int, bool]] = {}
        self.channel_labels = {choice.value: copy_escape(str(choice.label)) for choice in Channel}
        self.key_prefix = rng.getrandbits(64) << 64
        self.counts = dict.fromkeys(["request", "event", "counter"], 0)
        self.last_event = ids["event"]  # an attribute: the hottest counter of all

    def next_id(self, key: str) -> int:
        self.ids[key] += 1
        return self.ids[key]

    def rows(self, total: int, first: datetime.date, last: datetime.date):
        """Yield chunks of COPY lines for `total` requests received from `first` to `last`."""
        days = range(first.toordinal(), last.toordinal() + 1)
        weights = [1.0 if self.calendar.is_working_day(datetime.date.fromordinal(day)) else 0.08 for day in days]
        for day, count in zip(days, apportion(total, weights), strict=True):
            self.day(day, count)
            if self.chunk.size >= CHUNK_LINES:
                self.ids["event"] = self.last_event
                yield self.chunk.take()
        self.ids["event"] = self.last_event
        yield self.chunk.take()

    def add_working_days(self, day: int, days: int) -> tuple[int, bool]:
        """(ordinal of the `days`-th working day after `day`, provisional), remembered."""
        found = self.working_days.get((day, days))
        if found is None:
            try:
                date, provisional = self.calendar.add(datetime.date.fromordinal(day), days)
                found = date.toordinal(), provisional
            except ValueError:  # beyond the loaded calendar: only for resolutions far in the future
                found = day + days * 7 // 5, True
            self.working_days[day, days] = found
        return found

    def day(self, day: int, count: int) -> None:
        rng, people, grids = self.rng, self.people, self.areas.grids
        random = rng.random
        start = Clock.start_of(day)
        drafts = []
        for _i in range(count):
            moment = start + 8 * HOUR + 1800 + int(random() * 9 * HOUR)  # 8:30 to 17:30
            item = self.items[bisect.bisect(self.item_bounds, random())]
            if item.requires_resident or rng.random() < 0.4:
                resident = rng.randrange(len(people.grid))
                grid = people.grid[resident]
            else:
                resident, grid = -1, rng.randrange(len(grids))
            drafts.append((moment, item, resident, grid))
        drafts.sort(key=itemgetter(0))
        last_numbers: dict[int, int] = {}
        digits = datetime.date.fromordinal(day).strftime("%Y%m%d")
        for moment, item, resident, grid_index in drafts:
            grid = grids[grid_index]
            number = last_numbers.get(grid.community_id, 0) + 1
            last_numbers[grid.community_id] = number
            community = self.areas.communities[grid.community_id]
            self.request(f"{community.code}-{digits}-{number:04d}", day, moment, item, resident, grid, community)
        for community_id, last in last_numbers.items():
            self.chunk.add("counter", f"{self.next_id('counter')}\t{community_id}\t{self.clock.day(day)}\t{last}\n")
        self.counts["counter"] += len(last_numbers)

    def request(self, number, day, received, item, resident, grid, community) -> None:
        rng, clock, people = self.rng, self.clock, self.people
        request_id = self.next_id("request")
        if item.requires_resident:
            channel = RESIDENT_CHANNELS[0][bisect.bisect(RESIDENT_CHANNELS[1], rng.random() * 100)]
        else:
            channel = PLACE_CHANNELS[0][bisect.bisect(PLACE_CHANNELS[1], rng.random() * 120)]
        if resident >= 0:
            resident_id = people.first_id + resident
            contact_name = people.name[resident]
            phone = people.phone[resident]
            contact_phone = str(phone) if phone else ""
            location = ""
        else:
            resident_id = NULL
            contact_name = rng.choice(CONTACTS)
            contact_phone = f"13{rng.randrange(10)}{rng.randrange(10_000_000, 100_000_000)}"
            location = f"{grid.name}附近"
        if item.is_dispute:
            description = rng.choice(DISPUTES)
        elif not item.requires_resident:
            description = rng.choice(PLACE_PROBLEMS)
        else:
            description = rng.choice(DESK_NOTES)
        due, provisional = NULL, False
        if item.committed_days is not None:
            due_day, provisional = self.add_working_days(day, item.committed_days)
            due = clock.day(due_day)
        reporter = grid.worker_id if channel == Channel.GRID_REPORT else NULL
        life = self.live(request_id, day, received, item, community, self.channel_labels[channel])
        key = uuid.UUID(int=self.key_prefix | (request_id & 0xFFFF_FFFF_FFFF_FFFF))
        self.chunk.add(
            "request",
            f"{request_id}\t{number}\t{channel}\t{resident_id}\t{contact_name}\t{contact_phone}\t{community.id}\t"
            f"{grid.id}\t{location}\t{item.id}\t{description}\t{item.materials}\t"
            f"{URGENT if rng.random() < 0.05 else NORMAL}\t{life.status}\t"
            f"{clock.moment(received)}\t{due}\t{'t' if provisional else 'f'}\t{life.department}\t{NULL}\t"
            f"{community.clerk_id}\t{reporter}\t{life.dispatched}\t{life.responded}\t{life.resolved}\t"
            f"{life.resolution}\t{life.outcome}\t{life.satisfaction}\t{life.callback}\t{life.closed}\t{key}\t"
            f"{life.events}\t{life.satisfaction}\t{life.first_callback}\t{life.updated}\n",
        )
        self.counts["request"] += 1

    def live(self, request_id, day, received, item, community, channel_label) -> "Life":
        """Walk the request through its life up to now, writing its events."""
        rng, now, clock = self.rng, self.now, self.clock
        life = Life()
        life.updated = clock.moment(received)
        age_days = (now - received) / DAY
        clerk = community.clerk_id
        moment = received

        def step(action, to_status, actor, hours, note=""):
            nonlocal moment
            moment = min(moment + int(hours * HOUR), now)
            self.last_event += 1
            self.chunk.add(
                "event",
                f"{self.last_event}\t{request_id}\t{action}\t{life.status}\t{to_status}\t"
                f"{actor}\t{clock.moment(moment)}\t{note}\n",
            )
            life.events += 1
            life.status = to_status
            life.updated = clock.moment(moment)
            return life.updated

        self.last_event += 1
        self.chunk.add(
            "event",
            f"{self.last_event}\t{request_id}\treceive\t\t{S.RECEIVED}\t"
            f"{clerk}\t{clock.moment(received)}\t{channel_label}\n",
        )
        try:
            roll = rng.random()
            if age_days > 3 and roll < 0.03:
                life.closed = step("reject", S.REJECTED, clerk, rng.uniform(0.2, 4), "不符合受理条件。")
                return life
            if age_days > 3 and roll < 0.06:
                life.closed = step("cancel", S.CANCELLED, clerk, rng.uniform(1, 48), "居民申请撤销。")
                return life
            if age_days < 4 and rng.random() < 0.35:
                return life  # still waiting at the desk
            handler = clerk
            department = self.department(item, community)
            if department is not None:
                department_id, handler, name = department
                life.department = department_id
                life.dispatched = step("dispatch", S.DISPATCHED, clerk, rng.uniform(0.2, 6), name)
                if age_days < 4 and rng.random() < 0.5:
                    return life  # not yet taken up by the department
                if age_days < 15 and rng.random() < 0.15:
                    life.responded = step(
                        "return", S.RETURNED, handler, rng.uniform(2, 30), "非本部门职责，请重新派单。"
                    )
                    life.department = NULL
                    return life
                life.responded = step("accept", S.IN_PROGRESS, handler, rng.uniform(1, 30))
            else:
                step("start", S.IN_PROGRESS, clerk, rng.uniform(0.1, 3))
            if rng.random() < STUCK:
                return life
            limit = item.committed_days or 5
            share = rng.uniform(0.2, 0.95) if rng.random() < 0.88 else rng.uniform(1.1, 2.0)
            resolve_day, _provisional = self.add_working_days(day, max(1, round(limit * share)))
            resolve_at = Clock.start_of(resolve_day) + rng.randint(9, 17) * HOUR
            if resolve_at >= now:
                return life
            moment = max(moment, resolve_at - HOUR)
            if item.is_dispute:
                life.outcome = MEDIATED if rng.random() < 0.85 else NOT_MEDIATED
            life.resolution = rng.choice(RESOLUTIONS)
            life.resolved = step("resolve", S.RESOLVED, handler, 1, life.resolution)
            callback_at = moment + int(rng.uniform(1, 6) * DAY)
            if callback_at >= now or rng.random() < 0.07:
                return life
            life.satisfaction = SATISFACTION[0][bisect.bisect(SATISFACTION[1], rng.random() * 100)]
            life.callback = "电话回访。"
            moment = callback_at - HOUR
            life.closed = life.first_callback = step("callback", S.CLOSED, clerk, 1, life.callback)
            return life
        finally:
            self.counts["event"] += life.events

    def department(self, item, community):
        """Where the request is dispatched: (department id, handling user, name), or None when the
        community handles it itself."""
        departments = self.areas.departments
        if item.function == Function.COMMUNITY_COMMITTEE:
            if self.rng.random() < 0.3:
                return self.rng.choice(departments[item.function, "community", community.id])
            return None
        found = departments.get((item.function, "community", community.id)) or departments.get(
            (item.function, "street", community.street_id)
        )
        return self.rng.choice(found) if found else None


class Life:
    """What happened to a request: its status and the fields its steps set, as COPY text."""

    __slots__ = (
        "callback",
        "closed",
        "department",
        "dispatched",
        "events",
        "first_callback",
        "outcome",
        "resolution",
        "resolved",
        "responded",
        "satisfaction",
        "status",
        "updated",
    )

    def __init__(self):
        self.status = S.RECEIVED
        self.events = 1
        self.department = self.dispatched = self.responded = self.resolved = self.closed = NULL
        self.first_callback = self.updated = NULL
        self.resolution = self.outcome = self.satisfaction = self.callback = ""


def _cumulative(weights: list[float]) -> list[float]:
    total, bounds, running = sum(weights), [], 0.0
    for weight in weights[:-1]:
        running += weight
        bounds.append(running / total)
    return bounds
