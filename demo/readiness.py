"""The demo district's 应急准备: in each community a handful of emergency supplies (救生衣, 沙袋,
应急照明灯, 急救箱 …) with their movements in and out, a flood and a fire plan with a drill each, and one
emergency squad of five members in call order.

Deterministic (one seeded random generator), through the app's own actions. Idempotent: nothing
happens if supplies exist.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from grids.models import Community
from readiness import actions
from readiness.models import Drill, Member, Movement, Plan, Supply, Team

SEED = 20261208

# name, unit, place, shelf life in days (None: does not expire)
SUPPLIES = [
    ("救生衣", "件", "社区应急物资储备室", None),
    ("沙袋", "个", "小区地下车库入口", None),
    ("应急照明灯", "个", "社区应急物资储备室", None),
    ("急救箱", "箱", "社区党群服务中心", 400),
    ("灭火器", "个", "社区应急物资储备室", 200),
    ("饮用水", "箱", "社区应急物资储备室", 20),
    ("压缩饼干", "箱", "社区应急物资储备室", -10),
]
PLANS = [
    (Plan.Kind.FLOOD, "防汛应急预案", "防汛演练：沙袋封堵地下车库入口"),
    (Plan.Kind.FIRE, "消防安全应急预案", "高层住宅疏散演练"),
]
MEMBERS = [
    ("周建国", "队长"),
    ("吴海涛", "副队长"),
    ("郑丽华", "医疗救护"),
    ("孙志刚", "抢险救援"),
    ("陈晓东", "通讯联络"),
]


def seed_readiness(stdout=None) -> None:
    if Supply.objects.exists():
        return
    admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    if admin is None:
        return
    rng = random.Random(SEED)
    today = timezone.localdate()
    communities = list(Community.objects.order_by("code"))
    for community in communities:
        _supplies(rng, admin, community, today)
        _plans(rng, admin, community, today)
        _team(rng, admin, community)
    if stdout:
        stdout.write(
            f"Readiness: {Supply.objects.count()} supplies, {Plan.objects.count()} plans, "
            f"{Team.objects.count()} teams in {len(communities)} communities."
        )


def _supplies(rng, admin, community, today):
    for name, unit, place, shelf_life in SUPPLIES[: 5 + rng.randrange(3)]:
        expires_on = today + datetime.timedelta(shelf_life) if shelf_life is not None else None
        supply = actions.supply_save(
            user=admin, supply=Supply(community=community, name=name, unit=unit, place=place, expires_on=expires_on)
        )
        stocked = rng.randrange(20, 200)
        actions.movement_record(
            user=admin,
            movement=Movement(
                supply=supply,
                direction=Movement.Direction.IN,
                quantity=stocked,
                date=today - datetime.timedelta(rng.randrange(60, 180)),
                reason="街道统一配发",
            ),
        )
        if rng.random() < 0.5:
            actions.movement_record(
                user=admin,
                movement=Movement(
                    supply=supply,
                    direction=Movement.Direction.OUT,
                    quantity=rng.randrange(1, stocked // 4 + 2),
                    date=today - datetime.timedelta(rng.randrange(1, 50)),
                    reason=rng.choice(["汛期调拨至低洼院落", "应急演练使用", "破损报废"]),
                ),
            )


def _plans(rng, admin, community, today):
    for kind, title, drill in PLANS:
        plan = actions.plan_save(
            user=admin,
            plan=Plan(
                community=community,
                kind=kind,
                title=f"{community.name}{title}",
                version_label=f"{today.year}年版",
                approved_on=today - datetime.timedelta(rng.randrange(90, 200)),
            ),
        )
        actions.drill_add(
            user=admin,
            drill=Drill(
                plan=plan,
                date=today - datetime.timedelta(rng.randrange(5, 80)),
                participants=rng.randrange(15, 60),
                notes=drill,
            ),
        )


def _team(rng, admin, community):
    team = actions.team_save(
        user=admin,
        team=Team(
            community=community, name="社区应急救援队", duty="汛期巡查、先期处置、转移安置群众，配合街道应急分队。"
        ),
    )
    for order, (name, role) in enumerate(MEMBERS, start=1):
        phone = f"13{rng.randrange(0, 10)}{rng.randrange(10**8):08d}"
        actions.member_save(user=admin, member=Member(team=team, name=name, phone=phone, role=role, call_order=order))
