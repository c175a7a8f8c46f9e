"""Backups (`manage.py backup`, common.backups) and their restore into another database of the same server.

The restores run `manage.py restore` in a process of its own pointed at a new database, the way a restore
on a new machine runs; the new database is dropped at the end. Rows to back up are committed (transactional
tests), so the test database is emptied after each of those tests, as after a browser test.
"""

import os
import subprocess
import sys
import time
import uuid
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from psycopg import sql

from common.backups import BEIJING, BackupError, backup_create, backups_rotate, connection_params
from tests.conftest import _load_shipped_data

ROOT = Path(__file__).resolve().parent.parent.parent
# A few tables of each app, and two filled by triggers (change history, dashboard bookkeeping).
COUNTED = [
    "auth_user",
    "grids_grid",
    "grids_staffpost",
    "residents_resident",
    "residents_householdmembership",
    "residents_residentevent",
    "services_servicerequest",
    "services_requestevent",
    "dashboards_dirtymonth",
]


def manage(*args, database):
    """Run manage.py in a new process, on the test run's database server but the database `database`."""
    env = dict(os.environ)
    if settings.DATABASES["default"]["ENGINE"] == "config.db":
        env["EMBEDDED_DB_NAME"] = database
    else:
        env["DATABASE_URL"] = urlunsplit(urlsplit(env["DATABASE_URL"])._replace(path=f"/{database}"))
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def row_counts(dbname) -> dict[str, int]:
    with psycopg.connect(**connection_params(dbname=dbname)) as conn:
        return {
            table: conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))).fetchone()[0]
            for table in COUNTED
        }


@pytest.fixture
def new_database():
    """The name of a database that does not exist yet, dropped at the end if a test created it."""
    name = f"{connection.settings_dict['NAME']}_restored_{uuid.uuid4().hex[:8]}"
    yield name
    with psycopg.connect(**connection_params(dbname="postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture
def committed_rows(transactional_db, new_request):
    """The small register, a logged request and the demo district's logins, committed."""
    _load_shipped_data()  # the service catalogue, if a transactional test before this one emptied it
    new_request()
    return row_counts(connection.settings_dict["NAME"])


@pytest.fixture
def restored(committed_rows, new_database, tmp_path):
    """A backup of the test database restored into a new database; the backup's file."""
    path = backup_create(directory=tmp_path)
    result = manage("restore", str(path), database=new_database)
    assert result.returncode == 0, result.stderr
    assert "new database" in result.stdout
    return path


def test_a_backup_restored_into_a_new_database_holds_the_same_rows(committed_rows, restored, new_database):
    assert all(committed_rows.values()), committed_rows

    assert row_counts(new_database) == committed_rows


def test_a_restore_over_a_database_that_holds_data_is_refused_without_force(restored, new_database):
    with psycopg.connect(**connection_params(dbname=new_database)) as conn:
        conn.execute("UPDATE auth_user SET first_name = 'changed'")

    refused = manage("restore", str(restored), database=new_database)

    assert refused.returncode != 0
    assert "--force" in refused.stderr
    with psycopg.connect(**connection_params(dbname=new_database)) as conn:
        assert conn.execute("SELECT count(*) FROM auth_user WHERE first_name = 'changed'").fetchone()[0] > 0


def test_a_forced_restore_puts_back_the_rows_of_the_backup(committed_rows, restored, new_database):
    with psycopg.connect(**connection_params(dbname=new_database)) as conn:
        conn.execute("UPDATE auth_user SET first_name = 'changed'")
        conn.execute("DELETE FROM services_requestevent")

    forced = manage("restore", "--force", str(restored), database=new_database)

    assert forced.returncode == 0, forced.stderr
    assert row_counts(new_database) == committed_rows
    with psycopg.connect(**connection_params(dbname=new_database)) as conn:
        assert conn.execute("SELECT count(*) FROM auth_user WHERE first_name = 'changed'").fetchone()[0] == 0


def test_the_restore_command_refuses_the_test_database_which_holds_tables(db, tmp_path):
    path = backup_create(directory=tmp_path)

    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore", str(path))


def test_the_restore_command_refuses_a_file_that_is_no_backup(db, tmp_path):
    path = tmp_path / "notes.dump"
    path.write_text("not a dump")

    with pytest.raises(CommandError, match="not a backup"):
        call_command("restore", str(path))


def test_a_backup_is_named_after_the_database_and_the_beijing_time_and_only_its_owner_reads_it(db, tmp_path):
    before = datetime.now(BEIJING).replace(microsecond=0)
    path = backup_create(directory=tmp_path / "backups")
    after = datetime.now(BEIJING)

    database, day, clock = path.stem.rsplit("-", 2)
    assert database == connection.settings_dict["NAME"]
    assert path.suffix == ".dump"
    assert before <= datetime.strptime(day + clock, "%Y%m%d%H%M%S").replace(tzinfo=BEIJING) <= after
    assert path.read_bytes().startswith(b"PGDMP")
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_rotation_keeps_the_newest_backups_of_the_database_and_leaves_other_files_alone(tmp_path):
    names = [f"portal-202506{day:02d}-023000.dump" for day in (3, 1, 5, 2, 4)]
    others = ["portal_copy-20250601-023000.dump", "portal-before-upgrade.dump", "notes.txt"]
    fresh_partial, stale_partial = ".portal-20250606-023000.dump.partial", ".portal-20250530-023000.dump.partial"
    for name in [*names, *others, fresh_partial, stale_partial]:
        (tmp_path / name).write_bytes(b"PGDMP")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(tmp_path / stale_partial, (two_days_ago, two_days_ago))

    deleted = backups_rotate(directory=tmp_path, keep=3, database="portal")

    assert sorted(path.name for path in deleted) == sorted(
        [".portal-20250530-023000.dump.partial", "portal-20250601-023000.dump", "portal-20250602-023000.dump"]
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        [
            "portal-20250603-023000.dump",
            "portal-20250604-023000.dump",
            "portal-20250605-023000.dump",
            *others,
            fresh_partial,
        ]
    )


def test_each_backup_deletes_those_beyond_the_newest_kept(db, tmp_path):
    prefix = connection.settings_dict["NAME"]
    for stamp in ("20250601-023000", "20250602-023000", "20250603-023000"):
        (tmp_path / f"{prefix}-{stamp}.dump").write_bytes(b"PGDMP")

    path = backup_create(directory=tmp_path, keep=2)

    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{prefix}-20250603-023000.dump", path.name]


def fake_pg_dump(folder: Path, script: str) -> Path:
    folder.mkdir()
    program = folder / "pg_dump"
    program.write_text("#!/bin/sh\n" + script)
    program.chmod(0o755)
    return folder


def test_a_dump_that_fails_halfway_leaves_no_file_and_says_why(db, tmp_path, settings):
    half_then_fail = "printf 'PGDMP half an archive'\necho 'pg_dump: error: disk on fire' >&2\nexit 1\n"
    settings.PG_BIN_DIR = str(fake_pg_dump(tmp_path / "bin", half_then_fail))
    backups = tmp_path / "backups"

    with pytest.raises(BackupError, match="disk on fire"):
        backup_create(directory=backups)

    assert list(backups.iterdir()) == []


def test_the_backup_command_fails_on_a_database_that_does_not_exist_and_leaves_no_file(db, new_database, tmp_path):
    result = manage("backup", "--dir", str(tmp_path), database=new_database)

    assert result.returncode != 0
    assert "pg_dump failed" in result.stderr
    assert new_database in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_password_reaches_pg_dump_through_pgpassword_and_never_its_command_line(
    db, tmp_path, settings, monkeypatch
):
    record = tmp_path / "seen"
    settings.PG_BIN_DIR = str(
        fake_pg_dump(tmp_path / "bin", f'echo "$*" > {record}\necho "$PGPASSWORD" >> {record}\nprintf PGDMP\n')
    )
    monkeypatch.setitem(connection.settings_dict, "PASSWORD", "s3cret-Pa55")

    backup_create(directory=tmp_path / "backups")

    arguments, password = record.read_text().splitlines()
    assert "s3cret-Pa55" not in arguments
    assert "--format=custom" in arguments
    assert password == "s3cret-Pa55"
