import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from grids.actions import staff_post_assign
from grids.models import Community, Street
from grids.roles import Role

# Shared data sets, usable from every test folder (browser tests included).
pytest_plugins = ["tests.residents.fixtures", "tests.services.fixtures"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(db):
    """The demo district of `seed_demo` without its residents: 2 streets, 4 communities, 14 grids and a user
    per role."""
    call_command("seed_demo", "--no-residents", stdout=io.StringIO())
    User = get_user_model()
    users = {user.username: user for user in User.objects.all()}
    users["street_official"] = _user_with_post(
        "street_official", Role.OFFICIAL, Street.objects.get(code="110101002000")
    )
    users["community_admin"] = _user_with_post(
        "community_admin", Role.COMMUNITY_ADMIN, Community.objects.get(code="110101001001")
    )
    users["nobody"] = User.objects.create_user("nobody", password="demo12345")
    return users


def _user_with_post(username, role, area):
    user = get_user_model().objects.create_user(username, password="demo12345")
    staff_post_assign(user=user, role=role, area=area)
    return user


@pytest.fixture
def community_1(demo):
    return Community.objects.get(code="110101001001")
