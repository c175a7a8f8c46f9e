"""Factories of users, places and staff posts, and the small demo district most tests run in.

`demo_district()` builds, with a dozen bulk inserts, the areas and logins that `seed_demo --no-residents`
creates (same division codes, grid numbers, usernames, names and posts): tests read it through the
`demo` fixture of tests/conftest.py without running the demo generator.
"""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from grids.models import Building, Community, Compound, District, Dwelling, Grid, StaffPost, Street
from grids.roles import Role

PASSWORD = "demo12345"  # the demo logins' password

_AREA_FIELDS = {District: "district", Street: "street", Community: "community", Grid: "grid"}


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("name", locale="zh_CN")
    password = factory.django.Password(PASSWORD)


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    code = factory.Sequence(lambda n: f"9{n % 100_000:05d}000000")
    name = factory.Sequence(lambda n: f"测试{n}区")


class StreetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Street

    district = factory.SubFactory(DistrictFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.district.code[:6]}{n % 1000:03d}000")
    name = factory.Sequence(lambda n: f"测试{n}街道")


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community

    street = factory.SubFactory(StreetFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.street.code[:9]}{n % 1000:03d}")
    name = factory.Sequence(lambda n: f"测试{n}社区")


class GridFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Grid

    community = factory.SubFactory(CommunityFactory)
    number = factory.Sequence(lambda n: n % 30_000 + 1)
    name = factory.LazyAttribute(lambda o: f"第{o.number}网格")


class CompoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Compound

    community = factory.SubFactory(CommunityFactory)
    name = factory.Sequence(lambda n: f"和平里{n + 1}号院")
    kind = Compound.Kind.COMPOUND


class BuildingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Building

    compound = factory.SubFactory(CompoundFactory)
    name = factory.Sequence(lambda n: f"{n + 1}号楼")


class DwellingFactory(factory.django.DjangoModelFactory):
    """A flat in a building of the grid's community; `DwellingFactory(bungalow=True)` is a house at an address."""

    class Meta:
        model = Dwelling

    class Params:
        bungalow = factory.Trait(
            building=None,
            unit="",
            floor=None,
            room="",
            address=factory.Sequence(lambda n: f"吉祥胡同{n + 1}号"),
        )

    grid = factory.SubFactory(GridFactory)
    building = factory.SubFactory(BuildingFactory, compound__community=factory.SelfAttribute("...grid.community"))
    unit = "1单元"
    floor = factory.Sequence(lambda n: n % 6 + 1)
    room = factory.LazyAttributeSequence(lambda o, n: f"{o.floor}{n:02d}")
    address = ""
    use = Dwelling.Use.OWNER_OCCUPIED


def staff_posts(posts):
    """Give each `(user, role, area)` its post and its role's group, in two bulk inserts (what
    `grids.actions.staff_post_assign` does one post at a time)."""
    posts = list(posts)
    StaffPost.objects.bulk_create(
        StaffPost(user=user, role=role, **{_AREA_FIELDS[type(area)]: area}) for user, role, area in posts
    )
    group_ids = dict(
        Group.objects.filter(name__in={Role(role).group_name for _, role, _ in posts}).values_list("name", "pk")
    )
    memberships = {(user.pk, group_ids[Role(role).group_name]) for user, role, _ in posts}
    Membership = get_user_model().groups.through
    Membership.objects.bulk_create(
        [Membership(user_id=user_id, group_id=group_id) for user_id, group_id in memberships], ignore_conflicts=True
    )


# The areas of the demo district: street code, name, [(community code, name, number of grids)].
DISTRICT = ("110101000000", "东城区")
STREETS = [
    ("110101001000", "东华门街道", [("110101001001", "多福巷社区", 4), ("110101001002", "银闸社区", 3)]),
    ("110101002000", "景山街道", [("110101002001", "景山东街社区", 4), ("110101002002", "吉祥社区", 3)]),
]
GRID_NAMES = ["第一网格", "第二网格", "第三网格", "第四网格"]

# username, full name, role, area: "district", a community's code, or (community code, grid number).
DEMO_USERS = [
    ("window", "王丽", Role.WINDOW_STAFF, "110101001001"),
    ("grid_a", "李强", Role.GRID_WORKER, ("110101001001", 1)),
    ("grid_b", "赵敏", Role.GRID_WORKER, ("110101001001", 2)),
    ("secretary", "陈建国", Role.PARTY_SECRETARY, "110101001001"),
    ("official", "刘洋", Role.OFFICIAL, "district"),
]


def demo_district():
    """The areas and logins of the demo district; returns `(users by username, communities by code)`.

    2 streets, 4 communities and 14 grids; the superuser `admin` and a login per role, with the posts
    `seed_demo` gives them. All logins have the password `PASSWORD`.
    """
    User = get_user_model()
    district = District.objects.create(code=DISTRICT[0], name=DISTRICT[1])
    streets = Street.objects.bulk_create(
        Street(district=district, code=code, name=name) for code, name, _communities in STREETS
    )
    communities = Community.objects.bulk_create(
        Community(street=street, code=code, name=name)
        for street, (_code, _name, rows) in zip(streets, STREETS, strict=True)
        for code, name, _grids in rows
    )
    grid_counts = {code: grids for _code, _name, rows in STREETS for code, _name, grids in rows}
    grids = Grid.objects.bulk_create(
        Grid(community=community, number=number, name=GRID_NAMES[number - 1])
        for community in communities
        for number in range(1, grid_counts[community.code] + 1)
    )
    by_code = {community.code: community for community in communities}
    by_grid = {(grid.community.code, grid.number): grid for grid in grids}

    password = make_password(PASSWORD)
    users = User.objects.bulk_create(
        [User(username="admin", first_name="系统管理员", password=password, is_staff=True, is_superuser=True)]
        + [User(username=username, first_name=name, password=password) for username, name, _role, _area in DEMO_USERS]
    )
    users = {user.username: user for user in users}

    def area(where):
        if where == "district":
            return district
        return by_grid[where] if isinstance(where, tuple) else by_code[where]

    staff_posts((users[username], role, area(where)) for username, _name, role, where in DEMO_USERS)
    return users, by_code
