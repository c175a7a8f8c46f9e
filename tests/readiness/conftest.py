import datetime

import pytest
from django.utils import timezone

from grids.models import Community
from readiness import actions
from readiness.models import Drill, Member, Movement, Plan, Supply, Team

DUOFU = "110101001001"
FAR = "110101002001"


def stock(user, supply, quantity, direction=Movement.Direction.IN, reason="配发"):
    return actions.movement_record(
        user=user,
        movement=Movement(
            supply=supply, direction=direction, quantity=quantity, date=timezone.localdate(), reason=reason
        ),
    )


@pytest.fixture
def rdy(demo):
    """In 多福巷社区 (community_admin): 救生衣 (20 on hand), 饮用水 expiring in 10 days, 压缩饼干 expired,
    a flood plan with a drill, a team of two; in another street's community (景山东街社区) a supply, a
    plan and a team."""
    cadmin, superuser = demo["community_admin"], demo["admin"]
    community, far = Community.objects.get(code=DUOFU), Community.objects.get(code=FAR)
    today = timezone.localdate()
    vests = actions.supply_save(
        user=cadmin, supply=Supply(community=community, name="救生衣", unit="件", place="储备室")
    )
    stock(cadmin, vests, 20)
    water = actions.supply_save(
        user=cadmin,
        supply=Supply(
            community=community, name="饮用水", unit="箱", place="储备室", expires_on=today + datetime.timedelta(10)
        ),
    )
    biscuits = actions.supply_save(
        user=cadmin,
        supply=Supply(
            community=community, name="压缩饼干", unit="箱", place="储备室", expires_on=today - datetime.timedelta(1)
        ),
    )
    plan = actions.plan_save(
        user=cadmin,
        plan=Plan(
            community=community,
            kind=Plan.Kind.FLOOD,
            title="防汛应急预案",
            version_label="2026年版",
            approved_on=today - datetime.timedelta(30),
        ),
    )
    drill = actions.drill_add(user=cadmin, drill=Drill(plan=plan, date=today, participants=30))
    team = actions.team_save(user=cadmin, team=Team(community=community, name="应急救援队", duty="先期处置"))
    for order, name in enumerate(["周建国", "吴海涛"], start=1):
        actions.member_save(
            user=cadmin,
            member=Member(team=team, name=name, phone="1381234567" + str(order), role="队员", call_order=order),
        )
    far_supply = actions.supply_save(
        user=superuser, supply=Supply(community=far, name="沙袋", unit="个", place="车库入口")
    )
    far_plan = actions.plan_save(
        user=superuser,
        plan=Plan(community=far, kind=Plan.Kind.FIRE, title="消防预案", version_label="1", approved_on=today),
    )
    far_team = actions.team_save(user=superuser, team=Team(community=far, name="景山应急队", duty="巡查"))
    return {
        "users": demo,
        "community": community,
        "far": far,
        "vests": vests,
        "water": water,
        "biscuits": biscuits,
        "plan": plan,
        "drill": drill,
        "team": team,
        "far_supply": far_supply,
        "far_plan": far_plan,
        "far_team": far_team,
    }
