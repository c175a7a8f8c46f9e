import hashlib
import importlib
import io
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction

from grids.actions import staff_post_assign
from grids.models import Community
from grids.roles import Role
from tests.grids.factories import PASSWORD, demo_district, staff_posts
from tests.services.factories import demo_departments

# Shared data sets, usable from every test folder (browser tests included).
pytest_plugins = ["tests.residents.fixtures", "tests.services.fixtures", "tests.processes"]


# The test database is kept between runs (--reuse-db in pyproject.toml): building it runs every migration,
# which takes longer than most test folders. It is built again (as with --create-db) when the migrations
# differ from those it was built with, or when the last run on it was interrupted and may have left rows
# that a browser test committed. The migrations' fingerprint is the database's comment, cleared while a
# run is under way.


def _migrations_fingerprint() -> str:
    from django.db.migrations.loader import MigrationLoader

    digest = hashlib.sha256()
    migrations = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    for key in sorted(migrations):
        digest.update("{}.{}\0".format(*key).encode())
        digest.update(Path(sys.modules[type(migrations[key]).__module__].__file__).read_bytes())
    return digest.hexdigest()


def _test_database_comment(name, comment=None):
    """The comment of the test database `name` (None if it does not exist); sets it first when given."""
    from django.db import connection
    from psycopg import sql

    with connection._nodb_cursor() as cursor:
        if comment is not None:
            cursor.execute(sql.SQL("COMMENT ON DATABASE {} IS {}").format(sql.Identifier(name), sql.Literal(comment)))
        cursor.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name])
        row = cursor.fetchone()
    return None if row is None else (row[0] or "")


@pytest.fixture(scope="session")
def _test_database_name(django_db_modify_db_settings):
    from django.db import connection

    return connection.creation._get_test_db_name()


@pytest.fixture(scope="session")
def django_db_createdb(request, _test_database_name, django_db_blocker):
    if request.config.getvalue("create_db") or not request.config.getvalue("reuse_db"):
        return request.config.getvalue("create_db")
    with django_db_blocker.unblock():
        return _test_database_comment(_test_database_name) != _migrations_fingerprint()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_keepdb, _test_database_name, django_db_blocker, request):
    with django_db_blocker.unblock():
        if django_db_keepdb:
            _test_database_comment(_test_database_name, "")
        _stop_autovacuum()
        _load_shipped_data()
    yield
    # An interrupted run leaves the comment empty.
    if django_db_keepdb and request.session.exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        with django_db_blocker.unblock():
            _test_database_comment(_test_database_name, _migrations_fingerprint())


def _stop_autovacuum():
    """Vacuum the test database once, then leave it alone.

    Rolled-back tests leave dead rows. A vacuum that runs while a test holds thousands of uncommitted rows
    (the demo residents) records their table as empty, the planner then joins with nested loops, and a
    test of 0.2 s takes minutes. The kept database is vacuumed here, at the start of each run instead.
    """
    from django.db import connection
    from psycopg import sql

    with connection.cursor() as cursor:
        cursor.execute("VACUUM")
        for table in connection.introspection.table_names(cursor):
            cursor.execute(
                sql.SQL("ALTER TABLE {} SET (autovacuum_enabled = false, toast.autovacuum_enabled = false)").format(
                    sql.Identifier(table)
                )
            )


def _load_shipped_data():
    """Put back the data that migrations ship (service catalogue, holiday calendar) if a browser test's
    flush emptied it: a kept database is not migrated again."""
    from django.apps import apps

    from services.models import CalendarDay, ServiceItem

    if not ServiceItem.objects.exists():
        importlib.import_module("services.migrations.0003_catalogue").load(apps, None)
        importlib.import_module("services.migrations.0010_item_keywords").load(apps, None)
        importlib.import_module("services.migrations.0012_name_pinyin").spell_items(apps, None)
    if not CalendarDay.objects.exists():
        importlib.import_module("services.migrations.0002_calendar").load(apps, None)


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


@pytest.fixture(autouse=True)
def _media_in_a_temporary_directory(settings, tmp_path):
    """Files the portal writes (built exports) go to the test's own directory, never var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="module")
def seeded_demo(django_db_setup, django_db_blocker):
    """The whole demo of `seed_demo`, loaded once for the tests of a module (it takes seconds), inside a
    transaction rolled back after them; each test's own changes roll back as usual, to a savepoint.
    Returns what seed_demo printed. Tests of such a module that must not see the demo live elsewhere."""
    out = io.StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)
