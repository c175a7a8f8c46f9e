import pytest

from grids.filters import long_area_lists
from grids.models import Community, District, Grid, StaffPost, Street, scope_community_ids, scope_filter, scope_grid_ids
from grids.roles import Audience, Role

ALL_GRIDS = 14
STREET_1 = ["110101001000"]
STREET_2 = ["110101002000"]
COMMUNITY_1 = ["110101001001"]
COMMUNITIES_OF_STREET_2 = ["110101002001", "110101002002"]
ALL_COMMUNITIES = ["110101001001", "110101001002", "110101002001", "110101002002"]
GRIDS_OF_COMMUNITY_1 = [("110101001001", n) for n in (1, 2, 3, 4)]


def codes(queryset):
    return sorted(queryset.values_list("code", flat=True))


def grid_keys(queryset):
    return sorted(queryset.values_list("community__code", "number"))


# user, districts, streets, communities, grids (community code, number)
CASES = [
    ("admin", ["110101000000"], STREET_1 + STREET_2, ALL_COMMUNITIES, ALL_GRIDS),
    ("official", ["110101000000"], STREET_1 + STREET_2, ALL_COMMUNITIES, ALL_GRIDS),
    (
        "street_official",
        [],
        STREET_2,
        COMMUNITIES_OF_STREET_2,
        [("110101002001", n) for n in (1, 2, 3, 4)] + [("110101002002", n) for n in (1, 2, 3)],
    ),
    ("community_admin", [], [], COMMUNITY_1, GRIDS_OF_COMMUNITY_1),
    ("window", [], [], COMMUNITY_1, GRIDS_OF_COMMUNITY_1),
    ("secretary", [], [], COMMUNITY_1, GRIDS_OF_COMMUNITY_1),
    ("grid_a", [], [], [], [("110101001001", 1)]),
    ("grid_b", [], [], [], [("110101001001", 2)]),
    ("nobody", [], [], [], []),
]


@pytest.mark.parametrize(("username", "districts", "streets", "communities", "grids"), CASES)
def test_each_role_sees_the_areas_its_posts_cover(demo, username, districts, streets, communities, grids):
    user = demo[username]

    assert codes(District.objects.visible_to(user)) == districts
    assert codes(Street.objects.visible_to(user)) == streets
    assert codes(Community.objects.visible_to(user)) == communities
    if isinstance(grids, int):
        assert Grid.objects.visible_to(user).count() == grids
    else:
        assert grid_keys(Grid.objects.visible_to(user)) == grids


def test_an_audience_counts_only_the_posts_of_its_roles(demo):
    window = demo["window"]

    assert codes(Community.objects.desk_of(window)) == COMMUNITY_1
    assert not Grid.objects.visible_to(window, Audience.WALKERS).exists()
    assert not Grid.objects.walked_by(window).exists()
    assert not Community.objects.administered_by(window).exists()
    assert not Community.objects.overseen_by(window).exists()


@pytest.mark.parametrize(
    ("username", "desk", "administered", "overseen"),
    [
        ("window", COMMUNITY_1, [], []),
        ("community_admin", COMMUNITY_1, COMMUNITY_1, COMMUNITY_1),
        ("street_official", [], [], COMMUNITIES_OF_STREET_2),
        ("official", [], [], ALL_COMMUNITIES),
        ("secretary", [], [], []),
        ("grid_a", [], [], []),
        ("admin", ALL_COMMUNITIES, ALL_COMMUNITIES, ALL_COMMUNITIES),
    ],
)
def test_communities_are_named_by_who_works_them(demo, username, desk, administered, overseen):
    user = demo[username]

    assert codes(Community.objects.desk_of(user)) == desk
    assert codes(Community.objects.administered_by(user)) == administered
    assert codes(Community.objects.overseen_by(user)) == overseen


def test_officials_oversee_the_areas_of_their_posts_and_window_staff_none(demo):
    street_official, window = demo["street_official"], demo["window"]

    assert codes(Street.objects.overseen_by(street_official)) == STREET_2
    assert not District.objects.overseen_by(street_official).exists()
    assert Grid.objects.overseen_by(street_official).count() == 7
    assert codes(District.objects.overseen_by(demo["official"])) == ["110101000000"]
    for model in (District, Street, Community, Grid):
        assert not model.objects.overseen_by(window).exists()


def test_a_grid_worker_walks_the_grids_of_their_own_posts_and_a_superuser_none(demo):
    assert grid_keys(Grid.objects.walked_by(demo["grid_a"])) == [("110101001001", 1)]
    assert not Grid.objects.walked_by(demo["community_admin"]).exists()
    assert not Grid.objects.walked_by(demo["admin"]).exists()


def test_the_register_is_kept_by_grid_workers_and_community_admins_only(demo):
    assert grid_keys(Grid.objects.editable_by(demo["grid_a"])) == [("110101001001", 1)]
    assert grid_keys(Grid.objects.editable_by(demo["community_admin"])) == GRIDS_OF_COMMUNITY_1
    for username in ("window", "official", "secretary", "nobody"):
        assert not Grid.objects.editable_by(demo[username]).exists()
    assert grid_keys(Grid.objects.visible_to(demo["window"], Audience.REGISTER_READERS)) == GRIDS_OF_COMMUNITY_1
    assert not Grid.objects.visible_to(demo["secretary"], Audience.REGISTER_READERS).exists()


def test_dropdowns_offer_the_areas_above_a_grid_workers_grids(demo):
    grid_a = demo["grid_a"]

    assert not Community.objects.visible_to(grid_a).exists()
    assert codes(Community.objects.choices_for(grid_a)) == COMMUNITY_1
    assert codes(Street.objects.choices_for(grid_a)) == STREET_1
    assert grid_keys(Grid.objects.choices_for(grid_a)) == [("110101001001", 1)]
    assert codes(Street.objects.choices_for(demo["window"])) == STREET_1
    assert grid_keys(Grid.objects.choices_for(demo["street_official"])) == grid_keys(
        Grid.objects.visible_to(demo["street_official"])
    )
    assert Community.objects.choices_for(demo["admin"]).count() == 4
    assert not Street.objects.choices_for(demo["nobody"]).exists()


def test_scope_ids_are_literal_lists_of_the_audiences_together(demo):
    official, community_1 = demo["street_official"], Community.objects.get(code="110101001001")

    assert scope_community_ids(official, Audience.OVERSEERS) == sorted(
        Community.objects.filter(code__in=COMMUNITIES_OF_STREET_2).values_list("pk", flat=True)
    )
    assert scope_community_ids(demo["window"], Audience.DESK, Audience.OVERSEERS) == [community_1.pk]
    assert scope_community_ids(demo["grid_a"], Audience.ANYONE) == []
    assert scope_grid_ids(demo["grid_a"], Audience.WALKERS) == list(
        Grid.objects.filter(community=community_1, number=1).values_list("pk", flat=True)
    )


def test_scope_filter_uses_the_community_for_whole_communities_and_the_grid_otherwise(demo):
    window, grid_a = demo["window"], demo["grid_a"]
    community_1 = Community.objects.get(code="110101001001")
    grid_1 = Grid.objects.get(community=community_1, number=1)

    assert scope_filter(window, Audience.REGISTER_READERS).children == [("community_id__any", [community_1.pk])]
    assert scope_filter(grid_a, Audience.REGISTER_READERS, grid="dwelling__grid").children == [
        ("dwelling__grid_id__any", [grid_1.pk])
    ]
    assert not scope_filter(demo["admin"], Audience.REGISTER_READERS)  # a superuser: no condition


def test_staff_posts_are_seen_on_the_communities_and_grids_in_scope(demo):
    window_posts = StaffPost.objects.visible_to(demo["window"])

    assert window_posts.exists()
    assert set(window_posts.values_list("community__code", flat=True)) | set(
        window_posts.values_list("grid__community__code", flat=True)
    ) <= {"110101001001", None}
    assert not StaffPost.objects.visible_to(demo["nobody"]).exists()
    assert not StaffPost.objects.visible_to(demo["grid_a"]).filter(grid__isnull=True).exists()
    assert StaffPost.objects.visible_to(demo["admin"]).count() == StaffPost.objects.count()


@pytest.mark.parametrize(
    ("username", "audience", "long"),
    [
        ("official", Audience.ANYONE, {"grid", "building", "department"}),
        ("street_official", Audience.ANYONE, {"grid", "building"}),
        ("window", Audience.REGISTER_READERS, {"building"}),
        ("grid_a", Audience.REGISTER_READERS, set()),
    ],
)
def test_area_dropdowns_of_a_wide_scope_are_marked_long(demo, username, audience, long):
    assert long_area_lists(demo[username], audience) == long


def test_a_grid_worker_with_several_posts_sees_all_their_grids(demo):
    from grids.actions import staff_post_assign

    third = Grid.objects.get(community__code="110101002002", number=3)
    staff_post_assign(user=demo["grid_a"], role=Role.GRID_WORKER, area=third)

    expected = [("110101001001", 1), ("110101002002", 3)]
    assert grid_keys(Grid.objects.visible_to(demo["grid_a"])) == expected
    assert grid_keys(Grid.objects.walked_by(demo["grid_a"])) == expected


def test_an_ended_post_no_longer_gives_scope(demo):
    StaffPost.objects.filter(user=demo["window"]).update(ended_on="2026-01-01")

    assert not Community.objects.visible_to(demo["window"]).exists()
    assert not Community.objects.desk_of(demo["window"]).exists()


def test_inactive_and_anonymous_users_see_nothing(demo):
    from django.contrib.auth.models import AnonymousUser

    official = demo["official"]
    official.is_active = False

    for user in (official, AnonymousUser()):
        for model in (District, Street, Community, Grid):
            assert not model.objects.visible_to(user).exists()
        assert not Community.objects.overseen_by(user).exists()
        assert not Grid.objects.walked_by(user).exists()
        assert not StaffPost.objects.visible_to(user).exists()


def test_scope_is_a_single_query_whatever_the_number_of_posts(demo, django_assert_num_queries):
    user = demo["grid_a"]
    from grids.actions import staff_post_assign

    for grid in Grid.objects.exclude(posts__user=user)[:5]:
        staff_post_assign(user=user, role=Role.GRID_WORKER, area=grid)

    with django_assert_num_queries(2):  # the user's posts, read once, then the grids
        assert len(list(Grid.objects.visible_to(user))) == 6
    with django_assert_num_queries(1):  # a scope of other roles reads no posts again
        assert len(list(Grid.objects.visible_to(user, Audience.WALKERS))) == 6
    with django_assert_num_queries(0):  # a grid worker's ids are the posts' own
        assert len(scope_grid_ids(user, Audience.ANYONE)) == 6


def test_an_officials_communities_are_read_once_per_user_whatever_the_audience(demo, django_assert_num_queries):
    user = demo["street_official"]

    with django_assert_num_queries(2):  # the posts, then the street's communities
        ids = scope_community_ids(user, Audience.ANYONE)
    with django_assert_num_queries(0):
        assert scope_community_ids(user, Audience.OVERSEERS) == ids
        assert scope_community_ids(user, Audience.DESK, Audience.OVERSEERS) == ids


def test_a_new_post_widens_the_scope_held_on_the_user(demo):
    user = demo["grid_a"]
    before = set(scope_grid_ids(user, Audience.ANYONE))
    from grids.actions import staff_post_assign

    other = Grid.objects.exclude(pk__in=before).first()
    staff_post_assign(user=user, role=Role.GRID_WORKER, area=other)
    assert set(scope_grid_ids(user, Audience.ANYONE)) == before | {other.pk}


def test_demo_areas_have_the_expected_shape(demo):
    assert District.objects.count() == 1
    assert Street.objects.count() == 2
    assert Community.objects.count() == 4
    assert Grid.objects.count() >= 12
