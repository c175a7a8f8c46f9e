"""The demo district 东城区: its streets, communities and grids, and a login for every role.

Idempotent: running it again changes nothing that is already there. Demo users are created only
by `seed_demo`, never by a migration, so no production database ever holds them.
"""

from django.contrib.auth import get_user_model

from grids.actions import staff_post_assign
from grids.models import Community, District, Grid, Street
from grids.roles import Role

DEMO_PASSWORD = "demo12345"  # noqa: S105 - published demo logins

DISTRICT = ("110101000000", "东城区")
# street code, name, [(community code, name, [grid names])]
STREETS = [
    (
        "110101001000",
        "东华门街道",
        [
            ("110101001001", "多福巷社区", ["第一网格", "第二网格", "第三网格", "第四网格"]),
            ("110101001002", "银闸社区", ["第一网格", "第二网格", "第三网格"]),
        ],
    ),
    (
        "110101002000",
        "景山街道",
        [
            ("110101002001", "景山东街社区", ["第一网格", "第二网格", "第三网格", "第四网格"]),
            ("110101002002", "吉祥社区", ["第一网格", "第二网格", "第三网格"]),
        ],
    ),
]

# username, full name, role
USERS = [
    ("window", "王丽", Role.WINDOW_STAFF),
    ("grid_a", "李强", Role.GRID_WORKER),
    ("grid_b", "赵敏", Role.GRID_WORKER),
    ("secretary", "陈建国", Role.PARTY_SECRETARY),
    ("cadmin", "孙丽华", Role.COMMUNITY_ADMIN),
    ("official", "刘洋", Role.OFFICIAL),
]


def seed_areas() -> District:
    district, _ = District.objects.get_or_create(code=DISTRICT[0], defaults={"name": DISTRICT[1]})
    for street_code, street_name, communities in STREETS:
        street, _ = Street.objects.get_or_create(code=street_code, defaults={"district": district, "name": street_name})
        for community_code, community_name, grid_names in communities:
            community, _ = Community.objects.get_or_create(
                code=community_code, defaults={"street": street, "name": community_name}
            )
            for number, grid_name in enumerate(grid_names, start=1):
                Grid.objects.get_or_create(community=community, number=number, defaults={"name": grid_name})
    return district


def seed_users(district: District) -> None:
    User = get_user_model()
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", "", DEMO_PASSWORD, first_name="系统管理员")
    community = Community.objects.order_by("code").first()
    grids = list(community.grids.order_by("number"))
    areas = {
        "window": community,
        "grid_a": grids[0],
        "grid_b": grids[1],
        "secretary": community,
        "cadmin": community,
        "official": district,
    }
    for username, full_name, role in USERS:
        user, created = User.objects.get_or_create(username=username, defaults={"first_name": full_name})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        staff_post_assign(user=user, role=role, area=areas[username])
