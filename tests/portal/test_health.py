"""/healthz, /readyz, and what a request gets when the database cannot answer in time."""

import ast
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client

from tests.common.factories import worker_heartbeat


def test_readiness_needs_a_live_task_worker(client, db, settings):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert b"no task worker alive" in response.content

    worker_heartbeat()
    response = client.get("/readyz")
    assert (response.status_code, response.content) == (200, b"ready")

    settings.READY_NEEDS_WORKER = False
    assert client.get("/readyz").status_code == 200


def test_readiness_fails_while_a_migration_of_this_code_is_not_applied(client, db):
    worker_heartbeat()
    MigrationRecorder.Migration.objects.filter(app="services", name="0001_initial").delete()

    response = client.get("/readyz")

    assert response.status_code == 503
    assert b"migrations not applied, e.g. services.0001_initial" in response.content


def test_connections_open_with_the_timeouts_of_the_settings(db, settings):
    with connection.cursor() as cursor:
        shown = {}
        for name in settings.DATABASE_TIMEOUTS:
            cursor.execute("SELECT setting::float / 1000 FROM pg_settings WHERE name = %s", [name])
            shown[name] = cursor.fetchone()[0]
    assert shown == settings.DATABASE_TIMEOUTS


@pytest.mark.parametrize(
    ("process", "timeouts"),
    [
        ("web", {"statement_timeout": 5.0, "lock_timeout": 3.0, "idle_in_transaction_session_timeout": 60.0}),
        ("command", {"statement_timeout": 3600.0, "lock_timeout": 60.0, "idle_in_transaction_session_timeout": 600.0}),
    ],
)
def test_web_requests_get_short_timeouts_and_commands_long_ones(process, timeouts):
    env = {key: value for key, value in os.environ.items() if not key.startswith("DB_")}
    env.update(PORTAL_PROCESS=process, DEBUG="true")
    shown = subprocess.run(
        [sys.executable, "-c", "from config import settings; print(settings.DATABASE_TIMEOUTS)"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert ast.literal_eval(shown) == timeouts


@pytest.fixture
def held_lock(settings):
    """A lock on the communities table, held by another session until the returned event is set."""
    params = connection.get_connection_params()
    params = {key: value for key, value in params.items() if key in {"host", "port", "user", "password", "dbname"}}
    locked, release = threading.Event(), threading.Event()

    def hold():
        with psycopg.connect(**params) as other, other.transaction():
            other.execute("LOCK TABLE grids_community IN ACCESS EXCLUSIVE MODE")
            locked.set()
            release.wait(30)

    holder = threading.Thread(target=hold)
    holder.start()
    locked.wait(10)
    yield release
    release.set()
    holder.join()


@pytest.mark.django_db(transaction=True)
def test_a_page_behind_a_held_lock_says_retry_within_the_lock_timeout_and_the_next_one_works(demo, held_lock):
    client = Client(raise_request_exception=False)
    client.force_login(demo["window"])

    started = time.monotonic()
    response = client.get("/residents/")
    waited = time.monotonic() - started

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "系统繁忙" in response.text
    assert waited < 4.5  # the lock timeout is 3 s
    held_lock.set()
    time.sleep(0.2)
    assert client.get("/residents/").status_code == 200
