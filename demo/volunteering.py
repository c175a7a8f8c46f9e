"""The demo district's 志愿服务 and 社会组织: in each community its volunteer teams (党员先锋队, 青年志愿服务队,
巾帼志愿服务队, 平安巡逻队 …), some 60 volunteers (most of them residents of the register, and the
in-service party members living there, whose 双报到 hours then add up on their page), four months of
service records (all but the last weeks confirmed), and 6–7 social organisations with last year's
star rating.

Deterministic (one seeded random generator), through the app's own actions; run after the residents
and the party. Idempotent: nothing happens if teams exist.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from grids.models import Community
from partybuilding.models import Member
from residents.choices import ResidentStatus
from residents.models import Resident
from volunteering import actions
from volunteering.models import (
    CRITERIA,
    OrganisationActivity,
    ServiceRecord,
    SocialOrganisation,
    StarRating,
    Team,
    Volunteer,
)

SEED = 20261207
VOLUNTEERS_PER_COMMUNITY = 15

# name, kind, the services it records
TEAMS = [
    ("党员先锋队", Team.Kind.PARTY, ["政策宣传进楼门", "走访独居老人", "社区环境整治"]),
    ("青年志愿服务队", Team.Kind.YOUTH, ["四点半课堂辅导", "反诈宣传", "智能手机教学"]),
    ("巾帼志愿服务队", Team.Kind.WOMEN, ["邻里矛盾调解", "关爱留守儿童", "家庭文明宣讲"]),
    ("平安巡逻队", Team.Kind.PATROL, ["夜间治安巡逻", "消防通道检查", "电动车充电隐患排查"]),
    ("银龄互助队", Team.Kind.ELDERLY, ["助老送餐", "陪同就医", "上门理发"]),
    ("文体志愿服务队", Team.Kind.CULTURE, ["广场舞教学", "书法进社区", "社区运动会保障"]),
]
PLACES = ["社区党群服务中心", "小区南门", "1号楼楼道", "社区广场", "社区活动室", "独居老人家中"]
OUTSIDERS = ["陈思远", "刘雨桐", "黄志强", "林晓燕", "郭子涵", "马俊杰", "高雅琴", "罗浩然"]

# name (after the community's short name), kind, leader
ORGANISATIONS = [
    ("老年协会", SocialOrganisation.Kind.ELDERLY, "周德明"),
    ("书画社", SocialOrganisation.Kind.CULTURE, "吴秀兰"),
    ("人民调解委员会", SocialOrganisation.Kind.MEDIATION, "郑国栋"),
    ("爱心帮扶互助会", SocialOrganisation.Kind.CHARITY, "王桂芳"),
    ("少儿成长营", SocialOrganisation.Kind.YOUTH, "李晓婷"),
    ("邻里服务社", SocialOrganisation.Kind.SERVICE, "赵建华"),
    ("合唱团", SocialOrganisation.Kind.CULTURE, "孙美玲"),
]
ACTIVITIES = ["月度例会", "重阳节敬老活动", "公益讲座", "邻里节", "志愿服务日", "文艺汇演"]


def seed_volunteering(stdout=None) -> None:
    if Team.objects.exists():
        return
    rng = random.Random(SEED)
    admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    if admin is None:
        return
    today = timezone.localdate()
    counts = {"volunteers": 0, "records": 0, "organisations": 0}
    for index, community in enumerate(Community.objects.order_by("code")):
        volunteers = _volunteers(rng, admin, community, today)
        counts["volunteers"] += len(volunteers)
        counts["records"] += _teams(rng, admin, community, volunteers, today, teams=TEAMS[: 4 + index % 3])
        counts["organisations"] += _organisations(rng, admin, community, today, count=6 + index % 2)
    if stdout:
        stdout.write(
            f"Volunteering: {counts['volunteers']} volunteers, {counts['records']} service records, "
            f"{counts['organisations']} social organisations."
        )


def _volunteers(rng, admin, community, today) -> list[Volunteer]:
    """In-service party members living in the community first (their 双报到 hours show on their page),
    then other residents, and a few who are not on the register."""
    residents = Resident.objects.filter(community=community, status=ResidentStatus.ACTIVE)
    party = list(
        residents.filter(
            party_members__category=Member.Category.IN_SERVICE, party_members__status=Member.Status.ACTIVE
        ).order_by("pk")[:4]
    )
    adults = residents.filter(birth_date__lte=_days_ago(today, 18 * 366), birth_date__gte=_days_ago(today, 75 * 365))
    others = list(adults.exclude(pk__in=[r.pk for r in party]).order_by("pk")[:200])
    chosen = party + rng.sample(others, min(len(others), VOLUNTEERS_PER_COMMUNITY - len(party) - 2))
    volunteers = [
        actions.volunteer_save(
            user=admin,
            volunteer=Volunteer(
                community=community, resident=resident, joined_on=_days_ago(today, rng.randint(120, 900))
            ),
        )
        for resident in chosen
    ]
    for _ in range(VOLUNTEERS_PER_COMMUNITY - len(volunteers)):
        name = rng.choice(OUTSIDERS)
        phone = f"13{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}"
        volunteers.append(
            actions.volunteer_save(
                user=admin,
                volunteer=Volunteer(
                    community=community, name=name, phone=phone, joined_on=_days_ago(today, rng.randint(60, 600))
                ),
            )
        )
    return volunteers


def _teams(rng, admin, community, volunteers, today, *, teams) -> int:
    records = 0
    for name, kind, services in teams:
        members = rng.sample(volunteers, rng.randint(4, 7))
        team = actions.team_save(
            user=admin,
            team=Team(
                community=community,
                name=name,
                kind=kind,
                leader=members[0],
                founded_on=_days_ago(today, rng.randint(400, 2000)),
            ),
        )
        for volunteer in members:
            actions.membership_add(
                user=admin, team=team, volunteer=volunteer, since=max(volunteer.joined_on, team.founded_on)
            )
        # A service every two or three weeks over four months; the last weeks' wait for confirmation.
        day = _days_ago(today, 120 - rng.randint(0, 10))
        while day <= today:
            served = rng.sample(members, rng.randint(2, len(members)))
            record = actions.record_create(
                user=admin,
                record=ServiceRecord(team=team, date=day, title=rng.choice(services), place=rng.choice(PLACES)),
                volunteers=served,
                hours=Decimal(rng.choice(["1", "1.5", "2", "2", "3"])),
            )
            if (today - day).days > 14:
                actions.record_confirm(user=admin, record=record)
            records += 1
            day += datetime.timedelta(days=rng.randint(14, 21))
    return records


def _organisations(rng, admin, community, today, *, count) -> int:
    short = community.name.removesuffix("社区")
    for number, (name, kind, leader) in enumerate(ORGANISATIONS[:count], start=1):
        registered = number <= count - 1  # one still waits for its 备案
        organisation = actions.organisation_save(
            user=admin,
            organisation=SocialOrganisation(
                community=community,
                name=f"{short}{name}",
                kind=kind,
                registered_on=_days_ago(today, rng.randint(400, 1500)) if registered else None,
                registration_number=f"东社备{community.code[-6:]}{number:03d}" if registered else "",
                leader_name=leader,
                leader_phone=f"139{rng.randint(10000000, 99999999)}",
                members_count=rng.randint(8, 80),
                status=SocialOrganisation.Status.ACTIVE if number != count else SocialOrganisation.Status.DORMANT,
            ),
        )
        for _ in range(rng.randint(2, 5)):
            actions.organisation_activity_add(
                user=admin,
                activity=OrganisationActivity(
                    organisation=organisation,
                    date=_days_ago(today, rng.randint(5, 300)),
                    title=rng.choice(ACTIVITIES),
                    participants=rng.randint(10, 60),
                ),
            )
        if registered:
            scores = {field: rng.randint(most * 6 // 10, most) for field, _label, most in CRITERIA}
            actions.rating_save(
                user=admin,
                rating=StarRating(
                    organisation=organisation,
                    year=today.year - 1,
                    rated_on=min(today, datetime.date(today.year, 1, 15)),
                    **scores,
                ),
            )
    return count


def _days_ago(today, days) -> datetime.date:
    return today - datetime.timedelta(days=days)
