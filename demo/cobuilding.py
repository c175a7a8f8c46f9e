"""Demo co-building (共建) of 多福巷社区 and 景山东街社区: the resources their resident units, branches and residents
offer (北京市第二十四中学's classroom for the 四点半课堂, 景山医院's free clinics …), needs found on the grid workers'
visits and at the window, the projects matching them, and 结对帮扶: the party branches and 景山医院 paired with the
households on 低保 or 特困 support, with a few help visits each.

Run after the residents, the party and the requests are seeded. Deterministic (one seeded random generator; dates
against today); idempotent: nothing happens if resources exist.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from cobuilding.models import HelpVisit, Kind, Need, Pairing, Project, Resource, households_in_need
from grids.models import Community
from partybuilding.models import Member, Organisation, Unit
from residents.choices import VisitKind
from residents.models import Household, Visit

from .party import make_credit_code

SEED = 20261206
DUOFU, JINGSHAN = "110101001001", "110101002001"
# name, community, unified social credit code without its check character, address, contact
UNITS = [
    ("北京市第二十四中学", DUOFU, "12110101MB0000024", "东城区多福巷20号", "王老师"),
    ("景山医院", JINGSHAN, "12110101MB0000038", "东城区景山东街6号", "李主任"),
]
# title, kind, offered by (a unit's name, "branch", "community" or another organisation's name), availability
RESOURCES = {
    DUOFU: [
        ("四点半课堂教室", Kind.VENUE, "北京市第二十四中学", "周一至周五 16:30-18:00"),
        ("退休教师课业辅导", Kind.EDUCATION, "北京市第二十四中学", "每周三、周五下午"),
        ("电工志愿服务队", Kind.VOLUNTEERS, "北京东华门供电服务有限公司", "每月第一个周六上午"),
        ("党员志愿者助餐送餐", Kind.VOLUNTEERS, "branch", "每日午间"),
        ("社区议事厅", Kind.VENUE, "community", "工作日 9:00-17:00"),
        ("法律咨询", Kind.LEGAL, "东城区律师协会", "每月第二个周四下午"),
        ("爱心助困基金", Kind.FUNDS, "community", "按需申请"),
    ],
    JINGSHAN: [
        ("景山医院义诊", Kind.MEDICAL, "景山医院", "每月第三个周六上午"),
        ("家庭医生签约上门", Kind.MEDICAL, "景山医院", "预约"),
        ("爱心超市物资", Kind.GOODS, "community", "每周二、周四"),
    ],
}
VISIT_NEEDS = [
    (Kind.VOLUNTEERS, "独居老人助餐，行动不便无法自行做饭"),
    (Kind.EDUCATION, "学生课后托管，家长下班晚无人接送"),
    (Kind.MEDICAL, "慢性病需定期复查，希望医生上门"),
    (Kind.GOODS, "冬季取暖用品不足"),
    (Kind.LEGAL, "赡养纠纷需要法律咨询"),
    (Kind.FUNDS, "大病住院后家庭困难，申请临时救助"),
]
GROUP_NEEDS = {
    DUOFU: [
        (Kind.VOLUNTEERS, "3号楼楼道灯维修", "3号楼全体居民", Need.Urgency.URGENT),
        (Kind.VOLUNTEERS, "独居老人助餐点", "多福巷小区独居老人", Need.Urgency.NORMAL),
        (Kind.EDUCATION, "学生课后托管", "多福巷小区双职工家庭", Need.Urgency.NORMAL),
        (Kind.VENUE, "老年合唱队排练场地", "社区老年合唱队", Need.Urgency.NORMAL),
    ],
    JINGSHAN: [
        (Kind.MEDICAL, "老年人健康体检", "景山东街社区60岁以上老人", Need.Urgency.NORMAL),
        (Kind.OTHER, "2号楼下水管道老化", "2号楼住户", Need.Urgency.URGENT),
    ],
}
HELP_DONE = [
    "送去米、面、油等生活物资，了解近期身体状况",
    "帮助办理低保年审材料",
    "陪同到景山医院复查",
    "打扫卫生，检查燃气和用电安全",
    "辅导孩子功课，送去学习用品",
    "了解就业意向，推荐社区公益岗位",
]


def seed_cobuilding(stdout=None) -> None:
    if Resource.objects.exists():
        return
    communities = {c.code: c for c in Community.objects.filter(code__in=[DUOFU, JINGSHAN])}
    if DUOFU not in communities:
        return
    rng = random.Random(SEED)
    today = timezone.localdate()
    recorder = get_user_model().objects.filter(username__in=["cadmin", "admin"]).order_by("username").first()
    units = _units(communities)
    committee = Organisation.objects.filter(community=communities[DUOFU], parent__isnull=True).first()
    branches = list(Organisation.objects.filter(parent=committee, kind=Organisation.Kind.BRANCH).order_by("pk"))

    resources = _resources(communities, units, branches, recorder)
    needs = _needs(rng, today, communities, recorder)
    projects = _projects(today, communities, resources, needs, recorder)
    pairings, visits = _pairings(rng, today, communities, units, branches, recorder)
    if stdout is not None:
        stdout.write(
            f"Demo co-building: {len(resources)} resources, {len(needs)} needs, {projects} projects, "
            f"{pairings} pairings, {visits} help visits."
        )


def _units(communities):
    units = {unit.name: unit for unit in Unit.objects.filter(community__in=communities.values())}
    for name, code, credit, address, contact in UNITS:
        if name not in units and code in communities:
            units[name] = Unit.objects.create(
                name=name,
                credit_code=make_credit_code(credit),
                community=communities[code],
                address=address,
                contact_name=contact,
                agreement_starts_on=datetime.date(timezone.localdate().year - 1, 1, 1),
            )
    return units


def _resources(communities, units, branches, recorder):
    made = {}
    for code, offers in RESOURCES.items():
        if code not in communities:
            continue
        for title, kind, offerer, availability in offers:
            resource = Resource(community=communities[code], title=title, kind=kind, availability=availability)
            if offerer in units:
                resource.offered_by, resource.unit = Resource.OfferedBy.UNIT, units[offerer]
                resource.contact_name = units[offerer].contact_name
            elif offerer == "branch" and branches:
                resource.offered_by, resource.organisation = Resource.OfferedBy.ORGANISATION, branches[0]
            elif offerer in ("community", "branch"):
                resource.offered_by = Resource.OfferedBy.COMMUNITY
            else:
                resource.offered_by, resource.offerer_name = Resource.OfferedBy.OTHER, offerer
            resource.save()
            made[title] = resource
    return made


def _needs(rng, today, communities, recorder):
    needs = {}
    # Found on visits to households in difficulty (the grid worker who visited records it).
    visits = list(
        Visit.objects.filter(
            grid__community=communities[DUOFU],
            household__isnull=False,
            kind__in=[VisitKind.NEEDY, VisitKind.LOW_INCOME, VisitKind.ROUTINE],
        ).order_by("-visited_on", "pk")[:40]
    )
    for visit in rng.sample(visits, min(len(visits), len(VISIT_NEEDS))):
        kind, description = VISIT_NEEDS[len(needs) % len(VISIT_NEEDS)]
        needs[description] = Need.objects.create(
            community=visit.grid.community,
            grid=visit.grid,
            source=Need.Source.VISIT,
            visit=visit,
            household=visit.household,
            kind=kind,
            description=description,
            recorded_by=visit.worker,
            created_at=_noon(visit.visited_on),
        )
    for code, wanted in GROUP_NEEDS.items():
        if code not in communities:
            continue
        for kind, description, group, urgency in wanted:
            needs[description] = Need.objects.create(
                community=communities[code],
                source=Need.Source.SURVEY,
                group=group,
                kind=kind,
                description=description,
                urgency=urgency,
                recorded_by=recorder,
                created_at=_noon(today - datetime.timedelta(days=rng.randint(10, 60))),
            )
    return needs


def _projects(today, communities, resources, needs, recorder):
    # title, community, status, resources, needs (by description), starts days ago, outcome
    plans = [
        ("四点半课堂", DUOFU, Project.Status.RUNNING, ["四点半课堂教室", "退休教师课业辅导"], ["学生课后托管"], 45, ""),
        ("楼道灯维修", DUOFU, Project.Status.DONE, ["电工志愿服务队"], ["3号楼楼道灯维修"], 20, "更换楼道灯12盏"),
        ("党员助餐送餐", DUOFU, Project.Status.PLANNED, ["党员志愿者助餐送餐"], ["独居老人助餐点"], 0, ""),
        ("景山医院义诊进社区", JINGSHAN, Project.Status.DONE, ["景山医院义诊"], ["老年人健康体检"], 60, "义诊86人次"),
    ]
    made = 0
    for title, code, status, used, met, days, outcome in plans:
        if code not in communities:
            continue
        starts = today - datetime.timedelta(days=days) if days else None
        project = Project.objects.create(
            community=communities[code],
            title=title,
            lead=recorder,
            lead_name="社区党委",
            status=status,
            starts_on=starts,
            ends_on=today - datetime.timedelta(days=3) if status == Project.Status.DONE else None,
            outcome=outcome,
        )
        project.resources.set([resources[name] for name in used if name in resources])
        taken = [needs[name] for name in met if name in needs]
        # A visit's need of the same kind joins the project too.
        taken += [n for n in needs.values() if n.source == Need.Source.VISIT and n.kind in {t.kind for t in taken}][:1]
        project.needs.set(taken)
        Need.objects.filter(pk__in=[n.pk for n in taken]).update(
            status=Need.Status.MET if status == Project.Status.DONE else Need.Status.MATCHED
        )
        made += 1
    return made


def _pairings(rng, today, communities, units, branches, recorder):
    partners = {DUOFU: branches, JINGSHAN: [units[name] for name in ("景山医院",) if name in units]}
    pairings = visits = 0
    for code, helpers in partners.items():
        if code not in communities or not helpers:
            continue
        households = list(
            households_in_need(Household.objects.filter(dwelling__grid__community=communities[code])).order_by("pk")
        )
        # Most, not all: the rest are "in need without a pair" on the dashboard.
        for number, household in enumerate(households[: max(1, len(households) * 3 // 4)]):
            helper = helpers[number % len(helpers)]
            pairing = Pairing.objects.create(
                community=communities[code],
                organisation=helper if isinstance(helper, Organisation) else None,
                unit=helper if isinstance(helper, Unit) else None,
                household=household,
                starts_on=today - datetime.timedelta(days=rng.randint(120, 400)),
                note="结对帮扶",
            )
            pairings += 1
            visits += _help_visits(rng, today, pairing, helper, recorder)
    return pairings, visits


def _help_visits(rng, today, pairing, helper, recorder) -> int:
    members = Member.objects.active().order_by("pk")
    if isinstance(helper, Organisation):
        members = list(members.filter(organisation__in=helper.subtree())[:20])
    else:
        members = list(members.filter(work_unit=helper)[:20])
    count = rng.randint(1, 3)
    for _ in range(count):
        went = rng.sample(members, min(len(members), 2))
        visit = HelpVisit.objects.create(
            pairing=pairing,
            visited_on=today - datetime.timedelta(days=rng.randint(1, 90)),
            visitors="、".join(m.name for m in went) or f"{helper.name}工作人员",
            done=rng.choice(HELP_DONE),
            hours=Decimal(rng.choice(["1.0", "1.5", "2.0"])),
            recorded_by=getattr(helper, "secretary", None) or recorder,
        )
        visit.members.set(went)
    return count


def _noon(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
