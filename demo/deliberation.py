"""The demo district's 居民议事: a dozen topics across its communities, each taken as far as its stage
through the app's own actions (raised, met on, decided, followed up, done or dropped), then dated back
over the last months so that the lists, the disputes' settlement rate and the dashboards have a past.
Run after the residents, the party and the requests (the 井盖破损 topic comes from a request)."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from deliberation import actions
from deliberation.models import Decision, Meeting, Task, Topic, TopicStep
from grids.models import Community
from services.models import Department, ServiceRequest

SEED = 20261206

# community index, title, description, source, dispute, meeting kind, stage, outcome, days ago
TOPICS = [
    (
        0,
        "老楼加装电梯",
        "3号楼居民联名提出加装电梯，低层住户担心采光和噪音。",
        "resident",
        True,
        "council",
        "following_up",
        "",
        75,
    ),
    (0, "楼道堆物清理", "1号楼各单元楼道堆放杂物，存在消防隐患。", "grid_report", False, "doorstep", "done", "", 60),
    (0, "井盖破损", "1号楼北侧井盖破损，夜间有居民踩空。", "request", False, "doorstep", "done", "", 40),
    (0, "小区停车难", "晚间车位不足，车辆占用消防通道。", "community", True, "joint", "decided", "", 20),
    (
        1,
        "广场舞噪音扰民",
        "晚间广场舞音响声音过大，临街住户投诉。",
        "resident",
        True,
        "doorstep",
        "done",
        "settled",
        90,
    ),
    (1, "宠物狗扰民", "邻居家犬只夜间吠叫，双方多次争执。", "resident", True, "doorstep", "done", "not_settled", 55),
    (1, "垃圾分类桶站选址", "新设桶站位置居民意见不一。", "party_member", False, "", "raised", "", 6),
    (2, "物业费调整", "物业公司拟上调物业费，业主要求公开收支。", "community", True, "hearing", "done", "settled", 120),
    (
        2,
        "小区充电桩安装",
        "电动自行车充电难，居民希望集中安装充电桩。",
        "party_member",
        False,
        "council",
        "scheduled",
        "",
        12,
    ),
    (2, "外墙瓷砖脱落", "2号楼外墙瓷砖脱落，已由产权单位维修。", "grid_report", False, "", "dropped", "", 30),
    (
        3,
        "楼上漏水纠纷",
        "楼上卫生间漏水至楼下，双方对维修费用有争议。",
        "resident",
        True,
        "doorstep",
        "following_up",
        "",
        25,
    ),
    (3, "绿地改建停车位", "部分居民提议将闲置绿地改建为停车位。", "community", False, "hearing", "decided", "", 15),
]

DECISIONS = {
    "council": "经居民议事会表决，同意实施，由社区牵头、物业配合推进。",
    "doorstep": "经现场协商，各方同意按商定方案处理，社区跟踪落实。",
    "joint": "联席会议决定：物业重新规划车位，社区协调共建单位错时开放停车场。",
    "hearing": "听证会听取各方意见后形成决议，方案公示七日后实施。",
}
TASKS = ["物业公司", "社区居委会", "网格员", "共建单位"]


def seed_deliberation(stdout=None) -> None:
    if Topic.objects.exists():
        return
    rng = random.Random(SEED)
    User = get_user_model()
    admin = User.objects.get(username="admin")
    window = User.objects.filter(username="window").first() or admin
    communities = list(Community.objects.order_by("code"))
    now = timezone.now()
    made = 0
    for index, title, description, source, dispute, kind, stage, outcome, days in TOPICS:
        community = communities[index % len(communities)]
        user = window if index == 0 else admin
        request = _request(community) if source == "request" else None
        grids = list(community.grids.order_by("number"))
        topic = actions.topic_raise(
            user=user,
            topic=Topic(
                community=community,
                grid=request.grid if request else rng.choice(grids),
                title=title,
                description=description,
                source=source if request or source != "request" else "community",
                request=request,
                resident=request.resident if request else None,
                is_dispute=dispute,
            ),
        )
        _take_to(rng, user, topic, kind, stage, outcome)
        _date_back(topic, now - datetime.timedelta(days=days))
        made += 1
    if stdout:
        stdout.write(f"  deliberation: {made} topics")


def _request(community):
    """A request about broken public facilities in the community, for the 井盖破损 topic."""
    return (
        ServiceRequest.objects.filter(community=community)
        .filter(Q(item__name="公共设施损坏") | Q(item__name="市政设施"))
        .select_related("resident", "grid")
        .order_by("pk")
        .first()
    )


def _take_to(rng, user, topic, kind, stage, outcome):
    if stage == "raised":
        return
    if stage == "dropped":
        actions.topic_transition(user=user, topic=topic, action="drop", reason="已由产权单位自行维修，无需议事。")
        return
    if stage == "scheduled":
        actions.topic_transition(user=user, topic=topic, action="schedule", note="拟于下周召开议事会。")
        return
    residents = rng.randint(6, 25)
    meeting = actions.meeting_record(
        user=user,
        meeting=Meeting(
            topic=topic,
            kind=kind,
            place="社区议事厅" if kind != "doorstep" else "楼门口",
            held_at=timezone.now(),
            residents=residents,
            company=rng.randint(1, 2),
            company_names="物业项目经理",
            units=rng.randint(0, 2),
            party=rng.randint(1, 4),
            others=rng.randint(1, 3),
            others_names="社区书记、网格员",
            remote=rng.randint(0, 3),
            minutes=f"{topic.title}：各方陈述意见，经充分讨论形成一致意见。",
        ),
    )
    decision = actions.decision_record(user=user, meeting=meeting, text=DECISIONS[kind])
    if stage == "decided":
        return
    departments = list(Department.objects.serving(topic.community)[:3])
    for number in range(rng.randint(1, 3)):
        department = departments[number] if departments and number == 1 else None
        actions.task_add(
            user=user,
            decision=decision,
            task=Task(
                what=["制定实施方案", "组织施工或清理", "回访居民"][number],
                assignee="" if department else TASKS[number],
                department=department,
                due_on=timezone.localdate() + datetime.timedelta(days=7 * (number + 1)),
            ),
        )
    tasks = list(Task.objects.filter(topic=topic).order_by("pk"))
    finish = tasks if stage == "done" else tasks[:1]
    for task in finish:
        actions.task_done(user=user, task=task, version=None, on=timezone.localdate(), note="已完成，居民认可。")
    if stage == "done":
        actions.topic_transition(user=user, topic=topic, action="done", outcome=outcome)


# Days after raising at which each step happened.
OFFSETS = {"raise": 0, "schedule": 2, "decide": 5, "follow_up": 5, "done": 18, "drop": 3}


def _date_back(topic, raised_at):
    """Put the topic's dates where its story happened, starting `raised_at`."""
    for step in TopicStep.objects.filter(topic=topic):
        step.at = raised_at + datetime.timedelta(days=OFFSETS.get(step.action, 0), hours=step.pk % 5)
        step.save(update_fields=["at"])
    held = raised_at + datetime.timedelta(days=4, hours=10)
    Meeting.objects.filter(topic=topic).update(held_at=held, recorded_at=held)
    Decision.objects.filter(topic=topic).update(recorded_at=held + datetime.timedelta(hours=2))
    done_on = (raised_at + datetime.timedelta(days=15)).date()
    Task.objects.filter(topic=topic).update(due_on=done_on + datetime.timedelta(days=3))
    Task.objects.filter(topic=topic, status="done").update(
        done_on=done_on, done_at=raised_at + datetime.timedelta(days=15)
    )
    fields = {"raised_at": raised_at}
    topic.refresh_from_db()
    if topic.decided_at:
        fields["decided_at"] = raised_at + datetime.timedelta(days=OFFSETS["decide"])
    if topic.closed_at:
        fields["closed_at"] = raised_at + datetime.timedelta(days=OFFSETS[topic.steps.last().action])
    Topic.objects.filter(pk=topic.pk).update(**fields)
