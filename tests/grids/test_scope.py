import pytest

from grids.models import Community, District, Grid, StaffPost, Street, area_scope
from grids.roles import Role

ALL_GRIDS = 14
STREET_1 = ["110101001000"]
STREET_2 = ["110101002000"]
COMMUNITY_1 = ["110101001001"]
COMMUNITIES_OF_STREET_2 = ["110101002001", "110101002002"]
ALL_COMMUNITIES = ["110101001001", "110101001002", "110101002001", "110101002002"]


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
    ("community_admin", [], [], COMMUNITY_1, [("110101001001", n) for n in (1, 2, 3, 4)]),
    ("window", [], [], COMMUNITY_1, [("110101001001", n) for n in (1, 2, 3, 4)]),
    ("secretary", [], [], COMMUNITY_1, [("110101001001", n) for n in (1, 2, 3, 4)]),
    ("grid_a", [], [], [], [("110101001001", 1)]),
    ("grid_b", [], [], [], [("110101001001", 2)]),
    ("nobody", [], [], [], []),
]


@pytest.mark.parametrize(("username", "districts", "streets", "communities", "grids"), CASES)
def test_area_scope_gives_each_role_the_areas_its_posts_cover(demo, username, districts, streets, communities, grids):
    scope = area_scope(demo[username])

    assert codes(scope.districts) == districts
    assert codes(scope.streets) == streets
    assert codes(scope.communities) == communities
    if isinstance(grids, int):
        assert scope.grids.count() == grids
    else:
        assert grid_keys(scope.grids) == grids


def test_area_scope_counts_only_posts_of_the_roles_asked_for(demo):
    window = demo["window"]

    assert codes(area_scope(window, roles=[Role.WINDOW_STAFF]).communities) == COMMUNITY_1
    assert not area_scope(window, roles=[Role.GRID_WORKER]).grids.exists()


def test_a_grid_worker_with_several_posts_sees_all_their_grids(demo):
    from grids.actions import staff_post_assign

    third = Grid.objects.get(community__code="110101002002", number=3)
    staff_post_assign(user=demo["grid_a"], role=Role.GRID_WORKER, area=third)

    assert grid_keys(area_scope(demo["grid_a"]).grids) == [("110101001001", 1), ("110101002002", 3)]


def test_an_ended_post_no_longer_gives_scope(demo):
    StaffPost.objects.filter(user=demo["window"]).update(ended_on="2026-01-01")

    assert not area_scope(demo["window"]).communities.exists()


def test_inactive_and_anonymous_users_see_nothing(demo):
    from django.contrib.auth.models import AnonymousUser

    official = demo["official"]
    official.is_active = False

    for user in (official, AnonymousUser()):
        scope = area_scope(user)
        assert not scope.districts.exists()
        assert not scope.streets.exists()
        assert not scope.communities.exists()
        assert not scope.grids.exists()


def test_scope_is_a_single_query_whatever_the_number_of_posts(demo, django_assert_num_queries):
    user = demo["grid_a"]
    from grids.actions import staff_post_assign

    for grid in Grid.objects.exclude(posts__user=user)[:5]:
        staff_post_assign(user=user, role=Role.GRID_WORKER, area=grid)

    with django_assert_num_queries(2):  # the user's posts, read once, then the grids
        assert len(list(area_scope(user).grids)) == 6
    with django_assert_num_queries(1):  # a scope of other roles reads no posts again
        assert len(list(area_scope(user, [Role.GRID_WORKER]).grids)) == 6
    with django_assert_num_queries(0):  # a grid worker's ids are the posts' own
        assert len(area_scope(user).grid_ids()) == 6


def test_a_new_post_widens_the_scope_held_on_the_user(demo):
    user = demo["grid_a"]
    before = set(area_scope(user).grid_ids())
    from grids.actions import staff_post_assign

    other = Grid.objects.exclude(pk__in=before).first()
    staff_post_assign(user=user, role=Role.GRID_WORKER, area=other)
    assert set(area_scope(user).grid_ids()) == before | {other.pk}


def test_demo_areas_have_the_expected_shape(demo):
    assert District.objects.count() == 1
    assert Street.objects.count() == 2
    assert Community.objects.count() == 4
    assert Grid.objects.count() >= 12
