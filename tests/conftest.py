import pytest
from django.contrib.auth import get_user_model

from grids.actions import staff_post_assign
from grids.models import Community
from grids.roles import Role
from tests.grids.factories import PASSWORD, demo_district, staff_posts
from tests.services.factories import demo_departments

# Shared data sets, usable from every test folder (browser tests included).
pytest_plugins = ["tests.residents.fixtures", "tests.services.fixtures"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(db):
    """The demo district of `seed_demo` without its residents: 2 streets, 4 communities, 14 grids, the
    departments, and a user per role (by username), plus `street_official` (景山街道), `community_admin`
    (多福巷社区) and `nobody` (no post)."""
    users, communities = demo_district()
    users["dept"] = demo_departments(communities)
    User = get_user_model()
    extra = User.objects.bulk_create(
        User(username=username, password=users["admin"].password)
        for username in ("street_official", "community_admin", "nobody")
    )
    users.update((user.username, user) for user in extra)
    staff_posts(
        [
            (users["street_official"], Role.OFFICIAL, communities["110101002001"].street),
            (users["community_admin"], Role.COMMUNITY_ADMIN, communities["110101001001"]),
        ]
    )
    return users


def _user_with_post(username, role, area):
    user = get_user_model().objects.create_user(username, password=PASSWORD)
    staff_post_assign(user=user, role=role, area=area)
    return user


@pytest.fixture
def community_1(demo):
    return Community.objects.get(code="110101001001")
