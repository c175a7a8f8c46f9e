"""The scale district's areas, staff and departments: a few thousand rows, created through the ORM.

The district is a second one beside the demo's 东城区, 西城区 (110102), so that every code and name is
new: street codes 110102SSS000, community codes 110102SSSCCC, user names starting with `scale_`.
"""

import datetime
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from demo.residents import SURNAMES, given_name
from demo.services import COMMUNITY_DEPARTMENTS, STREET_DEPARTMENTS
from grids.models import Community, District, Grid, StaffPost, Street
from grids.roles import Role
from services.choices import DepartmentKind
from services.models import Department

DISTRICT = ("110102000000", "西城区")
STREET_NAMES = [
    "西长安街街道",
    "新街口街道",
    "月坛街道",
    "展览路街道",
    "德胜街道",
    "金融街街道",
    "什刹海街道",
    "大栅栏街道",
    "天桥街道",
    "椿树街道",
    "陶然亭街道",
    "广安门内街道",
    "牛街街道",
    "白纸坊街道",
    "广安门外街道",
]
COMMUNITY_STEMS = [
    "三里河",
    "白云观",
    "真武庙",
    "复兴门",
    "阜外",
    "百万庄",
    "车公庄",
    "西四",
    "赵登禹",
    "护国寺",
    "德胜门",
    "六铺炕",
    "新康",
    "黄寺",
    "裕中",
    "鼓楼",
    "柳荫街",
    "丰盛",
    "二龙路",
    "太平桥",
    "煤市街",
    "椿树园",
    "琉璃厂",
    "黑窑厂",
    "报国寺",
    "南线阁",
    "右安门",
    "红莲",
    "马连道",
    "湾子",
    "天宁寺",
    "莲花河",
    "手帕口",
    "西便门",
    "宣武门",
    "长椿街",
    "灵境",
    "府右街",
    "大红罗",
    "小马厂",
    "官园",
    "西直门",
    "北礼士路",
    "南营房",
    "桦皮厂",
    "新源里",
    "德外",
    "双旗杆",
    "羊肉胡同",
    "前门西",
]
COMMUNITY_SUFFIXES = ["东里", "西里", "南里", "北里"]
DIGITS = "零一二三四五六七八九"
PREFIX = "scale_"
STAFF_BORN = datetime.date(1985, 6, 1)  # staff get given names of their generation


def chinese_number(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十, 35 → 三十五 (up to 99)."""
    if n < 10:
        return DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[ones] if ones else "")


def street_name(index: int) -> str:
    return STREET_NAMES[index] if index < len(STREET_NAMES) else f"西城第{index + 1}街道"


def community_name(index: int) -> str:
    stems, suffixes = len(COMMUNITY_STEMS), len(COMMUNITY_SUFFIXES)
    name = COMMUNITY_STEMS[index % stems] + COMMUNITY_SUFFIXES[index // stems % suffixes]
    rounds = index // (stems * suffixes)
    return f"{name}{rounds + 1 if rounds else ''}社区"


@dataclass
class GridInfo:
    id: int
    number: int
    name: str
    community_id: int
    worker_id: int


@dataclass
class CommunityInfo:
    id: int
    code: str
    street_id: int
    clerk_id: int


@dataclass
class Areas:
    """What the generators need to know of the areas, staff and departments, as plain data."""

    district_id: int
    grids: list[GridInfo]
    communities: dict[int, CommunityInfo]
    # (function, "street" or "community", area id) → [(department id, handling user id, name)]
    departments: dict[tuple, list[tuple[int, int]]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)


def existing_scale_data() -> str:
    """What of the scale district exists already ("" when nothing)."""
    if District.objects.filter(code=DISTRICT[0]).exists():
        return f"the district {DISTRICT[0]} {DISTRICT[1]}"
    if Street.objects.filter(code__startswith=DISTRICT[0][:6]).exists():
        return f"streets with codes {DISTRICT[0][:6]}…"
    if get_user_model().objects.filter(username__startswith=PREFIX).exists():
        return f"users named {PREFIX}…"
    return ""


def create_areas(rng: random.Random, *, communities: int, grids_per_community: int) -> Areas:
    district = District.objects.create(code=DISTRICT[0], name=DISTRICT[1])
    street_count = math.ceil(communities / 10)
    streets = Street.objects.bulk_create(
        Street(district=district, code=f"110102{index + 1:03d}000", name=street_name(index))
        for index in range(street_count)
    )
    community_rows = []
    for index in range(communities):
        street_index, number = index % street_count, index // street_count + 1
        community_rows.append(
            Community(
                street=streets[street_index],
                code=f"110102{street_index + 1:03d}{number:03d}",
                name=community_name(index),
            )
        )
    community_rows = Community.objects.bulk_create(community_rows)
    grid_rows = Grid.objects.bulk_create(
        Grid(community=community, number=number, name=f"第{chinese_number(number)}网格")
        for community in community_rows
        for number in range(1, grids_per_community + 1)
    )
    staff = _create_staff(rng, streets, community_rows, grid_rows)
    areas = Areas(
        district_id=district.pk,
        grids=[
            GridInfo(grid.pk, grid.number, grid.name, grid.community_id, staff["grid", grid.pk]) for grid in grid_rows
        ],
        communities={
            community.pk: CommunityInfo(
                community.pk, community.code, community.street_id, staff["window", community.pk]
            )
            for community in community_rows
        },
    )
    areas.departments = _create_departments(streets, community_rows, staff)
    areas.counts = {
        "streets": len(streets),
        "communities": len(community_rows),
        "grids": len(grid_rows),
        "staff users": len(staff),
        "departments": sum(len(found) for found in areas.departments.values()),
    }
    return areas


def _create_staff(rng, streets, communities, grids) -> dict[tuple[str, int], int]:
    """A window clerk per community, a grid worker per grid and a department liaison per street, all
    without a usable password: they act in the generated timelines, nobody logs in as them."""
    User = get_user_model()
    wanted = (
        [("window", community.pk, f"{PREFIX}window_{community.code}", Role.WINDOW_STAFF) for community in communities]
        + [
            ("grid", grid.pk, f"{PREFIX}grid_{grid.community.code}{grid.number:03d}", Role.GRID_WORKER)
            for grid in grids
        ]
        + [("liaison", street.pk, f"{PREFIX}liaison_{street.code}", Role.DEPARTMENT_LIAISON) for street in streets]
    )
    password = make_password(None)
    users = User.objects.bulk_create(
        User(
            username=username,
            first_name=rng.choice(SURNAMES) + given_name(rng, rng.random() < 0.5, STAFF_BORN),
            password=password,
        )
        for _kind, _pk, username, _role in wanted
    )
    groups = {role: Group.objects.get(name=Role(role).group_name) for role in Role}
    User.groups.through.objects.bulk_create(
        User.groups.through(user_id=user.pk, group_id=groups[role].pk)
        for user, (_kind, _pk, _username, role) in zip(users, wanted, strict=True)
    )
    area_field = {"window": "community_id", "grid": "grid_id"}
    StaffPost.objects.bulk_create(
        StaffPost(user=user, role=role, **{area_field[kind]: pk})
        for user, (kind, pk, _username, role) in zip(users, wanted, strict=True)
        if kind in area_field
    )
    return {(kind, pk): user.pk for user, (kind, pk, _username, _role) in zip(users, wanted, strict=True)}


def _create_departments(streets, communities, staff) -> dict[tuple, list[tuple[int, int, str]]]:
    """The demo's set of departments for every new street and community (names are unique: the
    street and community names are new). Street departments answer through the street's liaison,
    community ones through the community's window clerk."""
    rows = [
        Department(name=f"{street.name}{name}", kind=DepartmentKind.STREET_DEPARTMENT, function=function, street=street)
        for street in streets
        for name, function in STREET_DEPARTMENTS
    ] + [
        Department(name=f"{community.name}{name}", kind=kind, function=function, community=community)
        for community in communities
        for name, kind, function in COMMUNITY_DEPARTMENTS
    ]
    departments = Department.objects.bulk_create(rows)
    Department.liaisons.through.objects.bulk_create(
        Department.liaisons.through(department_id=department.pk, user_id=staff["liaison", department.street_id])
        for department in departments
        if department.street_id
    )
    found = defaultdict(list)
    for department in departments:
        if department.street_id:
            found[department.function, "street", department.street_id].append(
                (department.pk, staff["liaison", department.street_id], department.name)
            )
        else:
            found[department.function, "community", department.community_id].append(
                (department.pk, staff["window", department.community_id], department.name)
            )
    return dict(found)
