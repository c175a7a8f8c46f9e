"""Demo departments with their liaisons (`dept` for 多福巷社区居委会), and a year of service requests
with their timelines.

Deterministic (one seeded generator); statuses follow the age of a request: old ones are mostly
closed after a callback, recent ones still open, and some are overdue as in real life.
"""

import datetime
import random
import uuid
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from grids.models import Community, Street
from grids.roles import Role
from residents.models import Resident
from services.calendar import WorkingCalendar
from services.choices import Channel, DepartmentKind, DisputeOutcome, Function, Priority, Satisfaction, Status
from services.models import Department, RequestEvent, RequestNumberCounter, ServiceItem, ServiceRequest

from .district import DEMO_PASSWORD

SEED = 20261122
REQUESTS = 3200

STREET_DEPARTMENTS = [
    ("民政科", Function.CIVIL_AFFAIRS),
    ("社会保障事务所", Function.SOCIAL_SECURITY),
    ("城市管理办公室", Function.URBAN_MANAGEMENT),
    ("平安建设办公室", Function.COMPREHENSIVE_GOVERNANCE),
    ("市政环卫所", Function.MUNICIPAL),
    ("退役军人服务站", Function.VETERANS),
    ("残疾人联合会", Function.DISABLED_PERSONS),
    ("住房保障科", Function.HOUSING),
    ("卫生健康办公室", Function.HEALTH),
    ("党建工作办公室", Function.PARTY_AFFAIRS),
    ("派出所", Function.PUBLIC_SECURITY),
    ("市场监管所", Function.MARKET_SUPERVISION),
]
COMMUNITY_DEPARTMENTS = [
    ("居委会", DepartmentKind.COMMUNITY_OFFICE, Function.COMMUNITY_COMMITTEE),
    ("物业服务中心", DepartmentKind.PROPERTY_COMPANY, Function.PROPERTY),
]
LIAISON_SURNAMES = "赵钱周吴郑冯陈褚卫蒋"
LIAISON_GIVEN = ["建国", "秀英", "志强", "海燕", "立新", "桂兰", "文博", "丽娟", "国庆", "晓东", "春梅"]
RESIDENT_UNITS = {"110101001001": "北京市第二十四中学", "110101002001": "景山医院"}

# The items a window sees most, and how much more often than the others.
FREQUENT = {
    "居住证明": 12,
    "政策咨询": 8,
    "就业失业登记": 5,
    "高龄津贴申领": 5,
    "老年人优待证办理": 4,
    "路灯维修": 4,
    "垃圾清运": 5,
    "矛盾纠纷调解": 3,
    "邻里纠纷调解": 3,
    "出租房屋登记": 3,
    "最低生活保障申请": 2,
    "残疾人证办理": 2,
    "违章搭建": 2,
    "噪音扰民": 3,
    "下水道堵塞": 2,
}


def seed_departments() -> None:
    """Street departments, each community's committee and property office, two resident units, and
    and a liaison for each: `dept` for 多福巷社区居委会, `dept01` … `dept33` for the others."""
    for street in Street.objects.all():
        for name, function in STREET_DEPARTMENTS:
            Department.objects.get_or_create(
                name=f"{street.name}{name}",
                defaults={"kind": DepartmentKind.STREET_DEPARTMENT, "function": function, "street": street},
            )
    for community in Community.objects.all():
        for name, kind, function in COMMUNITY_DEPARTMENTS:
            Department.objects.get_or_create(
                name=f"{community.name}{name}", defaults={"kind": kind, "function": function, "community": community}
            )
        if community.code in RESIDENT_UNITS:
            Department.objects.get_or_create(
                name=RESIDENT_UNITS[community.code],
                defaults={"kind": DepartmentKind.RESIDENT_UNIT, "function": Function.OTHER, "community": community},
            )
    User = get_user_model()
    group, password = Group.objects.get(name=Role.DEPARTMENT_LIAISON.group_name), make_password(DEMO_PASSWORD)
    others = Department.objects.filter(liaisons=None).exclude(name="多福巷社区居委会").order_by("pk")
    accounts = [("dept", "孙伟", Department.objects.get(name="多福巷社区居委会"))] + [
        (f"dept{n:02d}", LIAISON_SURNAMES[n % 10] + LIAISON_GIVEN[n * 7 % 11], department)
        for n, department in enumerate(others, start=1)
    ]
    for username, first_name, department in accounts:
        liaison, _ = User.objects.get_or_create(
            username=username, defaults={"first_name": first_name, "password": password}
        )
        liaison.groups.add(group)
        department.liaisons.add(liaison)


def seed_requests(stdout=None) -> None:
    if ServiceRequest.objects.exists():
        return
    rng = random.Random(SEED)
    User = get_user_model()
    users = {user.username: user for user in User.objects.filter(username__in=["admin", "window", "grid_a", "grid_b"])}
    liaisons = {department.pk: department.liaisons.order_by("pk").first() for department in Department.objects.active()}
    residents = list(Resident.objects.active().select_related("dwelling__grid__community"))
    items = list(ServiceItem.objects.active())
    weights = [FREQUENT.get(item.name, 1) for item in items]
    communities = list(Community.objects.prefetch_related("grids"))
    departments = defaultdict(list)
    for department in Department.objects.active():
        departments[
            (
                department.function,
                department.street_id or department.community_id,
                "street" if department.street_id else "community",
            )
        ].append(department)
    now = timezone.now()
    today = timezone.localdate()
    calendar = WorkingCalendar(today - datetime.timedelta(days=400), today + datetime.timedelta(days=120))

    planned = []
    for _ in range(REQUESTS):
        item = rng.choices(items, weights)[0]
        received = _working_time(rng, calendar, today, now)
        resident = rng.choice(residents) if item.requires_resident or rng.random() < 0.4 else None
        if resident is not None:
            community, grid = resident.dwelling.grid.community, resident.dwelling.grid
        else:
            community = rng.choice(communities)
            grid = rng.choice(list(community.grids.all()))
        planned.append((received, item, resident, community, grid))
    planned.sort(key=lambda row: row[0])

    sequences = defaultdict(int)
    requests, histories = [], []
    for received, item, resident, community, grid in planned:
        day = timezone.localtime(received).date()
        sequences[(community.pk, day)] += 1
        channel = _channel(rng, item, grid)
        clerk = users["window"] if community.code == "110101001001" else users["admin"]
        reporter = None
        if channel == Channel.GRID_REPORT:
            reporter = users["grid_a"] if grid.number == 1 else users["grid_b"]
        due, provisional = (None, False)
        if item.committed_days:
            due, provisional = calendar.add(day, item.committed_days)
        service_request = ServiceRequest(
            number=f"{community.code}-{day:%Y%m%d}-{sequences[(community.pk, day)]:04d}",
            channel=channel,
            resident=resident,
            community=community,
            grid=grid,
            item=item,
            contact_name=resident.name if resident else rng.choice(["王先生", "李女士", "张先生", "刘女士", "匿名"]),
            contact_phone=(resident.phone if resident else f"13{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}"),
            location="" if resident else f"{grid.name}附近",
            description=_description(rng, item),
            materials_received=list(item.materials),
            priority=Priority.URGENT if rng.random() < 0.05 else Priority.NORMAL,
            received_at=received,
            due_date=due,
            due_date_provisional=provisional,
            received_by=clerk,
            reported_by=reporter,
            submission_key=uuid.UUID(int=rng.getrandbits(128)),
        )
        if channel == Channel.HOTLINE:  # a 12345 ticket, with the hotline's own number
            service_request.ticket_source = "12345"
            service_request.ticket_number = f"GD{day:%Y%m%d}{len(requests):05d}"
        department = _department(rng, departments, item, community)
        histories.append(_live(rng, service_request, department, clerk, liaisons, now, calendar))
        requests.append(service_request)

    ServiceRequest.objects.bulk_create(requests, batch_size=500)
    RequestEvent.objects.bulk_create(
        [
            RequestEvent(request=service_request, **event)
            for service_request, events in zip(requests, histories, strict=True)
            for event in events
        ],
        batch_size=2000,
    )
    RequestNumberCounter.objects.bulk_create(
        [
            RequestNumberCounter(community_id=community_id, day=day, last=last)
            for (community_id, day), last in sequences.items()
        ],
        batch_size=2000,
    )
    if stdout is not None:
        stdout.write(f"  {len(requests)} service requests")


def _working_time(rng, calendar, today, now):
    while True:
        day = today - datetime.timedelta(days=rng.randint(0, 364))
        if calendar.is_working_day(day) or rng.random() < 0.1:
            minutes = rng.randint(8 * 60 + 30, 17 * 60 + 30)
            moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(minutes // 60, minutes % 60)))
            if moment < now:
                return moment


def _channel(rng, item, grid):
    if item.requires_resident:
        return rng.choices([Channel.WINDOW, Channel.PHONE, Channel.VISIT, Channel.ONLINE], [80, 8, 7, 5])[0]
    own_grid_worker = grid.community.code == "110101001001" and grid.number in (1, 2)
    options = [Channel.HOTLINE, Channel.PHONE, Channel.WINDOW] + ([Channel.GRID_REPORT] if own_grid_worker else [])
    return rng.choices(options, [45, 20, 15] + ([40] if own_grid_worker else []))[0]


def _department(rng, departments, item, community):
    if item.function == Function.COMMUNITY_COMMITTEE:
        return (
            rng.choice(departments[(Function.COMMUNITY_COMMITTEE, community.pk, "community")])
            if rng.random() < 0.3
            else None
        )
    choices = departments.get((item.function, community.pk, "community")) or departments.get(
        (item.function, community.street_id, "street")
    )
    return rng.choice(choices) if choices else None


def _description(rng, item):
    if item.is_dispute:
        return rng.choice(
            ["楼上楼下漏水引发纠纷，双方协商未果。", "相邻住户因楼道堆物发生争执。", "租户与房东就押金退还发生纠纷。"]
        )
    if not item.requires_resident:
        return rng.choice(
            ["居民反映情况，请尽快处理。", "现场查看属实，需相关部门处置。", "多次反映未解决，请重点关注。"]
        )
    return rng.choice(["", "材料齐全。", "需补充材料后办理。", "老人行动不便，请上门核实。"])


def _live(rng, service_request, department, clerk, liaisons, now, calendar):
    """Walk the request through its life up to now; return its events (without the request)."""
    age_days = (now - service_request.received_at).days
    moment = service_request.received_at
    events = [
        {
            "action": "receive",
            "from_status": "",
            "to_status": Status.RECEIVED,
            "actor": clerk,
            "at": moment,
            "note": service_request.get_channel_display(),
        }
    ]

    def step(action, to_status, actor, hours, note=""):
        nonlocal moment
        moment = min(moment + datetime.timedelta(hours=hours), now)
        events.append(
            {
                "action": action,
                "from_status": service_request.status,
                "to_status": to_status,
                "actor": actor,
                "at": moment,
                "note": note,
            }
        )
        service_request.status = to_status
        return moment

    service_request.status = Status.RECEIVED
    roll = rng.random()
    if age_days > 3 and roll < 0.03:
        service_request.closed_at = step(
            "reject", Status.REJECTED, clerk, rng.uniform(0.2, 4), "不符合受理条件，已告知。"
        )
        return events
    if age_days > 3 and roll < 0.06:
        service_request.closed_at = step("cancel", Status.CANCELLED, clerk, rng.uniform(1, 48), "居民申请撤销。")
        return events
    if age_days < 4 and rng.random() < 0.35:
        return events  # still waiting at the desk
    handler = clerk
    if department is not None:
        service_request.department = department
        service_request.dispatched_at = step("dispatch", Status.DISPATCHED, clerk, rng.uniform(0.2, 6), department.name)
        if age_days < 4 and rng.random() < 0.5:
            return events  # not yet taken up by the department
        liaison = liaisons[department.pk]
        handler = liaison if liaison.username == "dept" else rng.choice([clerk, liaison])
        if age_days < 15 and rng.random() < 0.15:
            service_request.responded_at = step(
                "return", Status.RETURNED, handler, rng.uniform(2, 30), "非本部门职责，请重新派单。"
            )
            service_request.department = None
            return events
        service_request.responded_at = step("accept", Status.IN_PROGRESS, handler, rng.uniform(1, 30))
    else:
        step("start", Status.IN_PROGRESS, clerk, rng.uniform(0.1, 3))
    limit = service_request.item.committed_days or 5
    # Most requests are resolved in time; some take longer than committed.
    share = rng.uniform(0.2, 0.95) if rng.random() < 0.88 else rng.uniform(1.1, 2.0)
    resolve_day = _working_day_after(calendar, service_request.received_at.date(), max(1, round(limit * share)))
    resolve_at = timezone.make_aware(datetime.datetime.combine(resolve_day, datetime.time(rng.randint(9, 17))))
    if resolve_at >= now:
        return events
    moment = max(moment, resolve_at - datetime.timedelta(hours=1))
    if service_request.item.is_dispute:
        service_request.dispute_outcome = (
            DisputeOutcome.MEDIATED if rng.random() < 0.85 else DisputeOutcome.NOT_MEDIATED
        )
    service_request.resolution = rng.choice(["已按规定办结。", "已现场处置完毕。", "已出具相关证明。", "已协调解决。"])
    service_request.resolved_at = step("resolve", Status.RESOLVED, handler, 1, service_request.resolution)
    callback_at = service_request.resolved_at + datetime.timedelta(days=rng.uniform(1, 6))
    if callback_at >= now or rng.random() < 0.07:
        return events
    service_request.satisfaction = rng.choices(
        [Satisfaction.SATISFIED, Satisfaction.FAIRLY_SATISFIED, Satisfaction.DISSATISFIED], [80, 15, 5]
    )[0]
    service_request.callback_notes = "电话回访。"
    moment = callback_at - datetime.timedelta(hours=1)
    service_request.closed_at = step("callback", Status.CLOSED, clerk, 1, service_request.callback_notes)
    service_request.first_callback_at = service_request.closed_at
    service_request.first_satisfaction = service_request.satisfaction
    return events


def _working_day_after(calendar, start, days):
    try:
        return calendar.add(start, days)[0]
    except ValueError:
        return start + datetime.timedelta(days=days)


QUEUE_LINES = [("A", "社会保障"), ("B", "民政救助"), ("C", "综合事项")]


def seed_queue() -> None:
    """The take-a-number lines of every demo community's hall (排队叫号)."""
    from callqueue.models import QueueLine

    for community in Community.objects.all():
        for order, (letter, name) in enumerate(QUEUE_LINES):
            QueueLine.objects.get_or_create(community=community, letter=letter, defaults={"name": name, "order": order})
