"""The task worker: what it runs, and that it runs only what was committed."""

import asyncio
import datetime
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection, transaction
from django.utils import timezone
from procrastinate.contrib.django import app
from procrastinate.contrib.django.models import ProcrastinateJob

from common import tasks
from common.models import RateLimitCounter, Submission
from common.worker import worker_alive
from tests.common.factories import worker_heartbeat

RAN = []


@app.task(name="tests.note_down", queue="tests")
def note_down(word: str) -> None:
    RAN.append(word)


def run_worker_until_idle():
    """A real worker, on its own database connection, running the jobs of the tests' queue and stopping.

    Only that queue: the periodic jobs the worker defers as it starts (the nightly backup among them,
    if the tests run at 02:30) are left to no_jobs to empty."""
    with app.replace_connector(app.connector.get_worker_connector()):
        app.run_worker(queues=["tests"], wait=False, install_signal_handlers=False, listen_notify=False)


@pytest.fixture
def no_jobs(django_db_blocker):
    """Procrastinate's tables are not Django's to flush between tests: empty them around the test."""

    def empty():
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute("TRUNCATE procrastinate_jobs CASCADE")

    empty()
    RAN.clear()
    yield
    empty()


@pytest.mark.django_db(transaction=True)
def test_a_task_deferred_in_a_rolled_back_transaction_never_runs(no_jobs):
    try:
        with transaction.atomic():
            note_down.defer(word="rolled back")
            raise RuntimeError("the save failed")
    except RuntimeError:
        pass
    with transaction.atomic():
        note_down.defer(word="committed")

    run_worker_until_idle()

    assert RAN == ["committed"]
    assert list(ProcrastinateJob.objects.filter(task_name="tests.note_down").values_list("args", "status")) == [
        ({"word": "committed"}, "succeeded")
    ]


@pytest.mark.django_db(transaction=True)
def test_the_job_of_a_worker_that_died_is_queued_again_and_run(no_jobs):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO procrastinate_workers (last_heartbeat) VALUES (now() - interval '5 minutes') RETURNING id"
        )
        dead_worker = cursor.fetchone()[0]
        job = note_down.defer(word="again")
        cursor.execute(
            "UPDATE procrastinate_jobs SET status = 'doing', worker_id = %s WHERE id = %s", [dead_worker, job]
        )

    async def retry():
        async with app.open_async():
            return await tasks.stalled_jobs_retry(SimpleNamespace(app=app), timestamp=0)

    with app.replace_connector(app.connector.get_worker_connector()):
        assert asyncio.run(retry()) == 1
    assert ProcrastinateJob.objects.get(pk=job).status == "todo"
    run_worker_until_idle()

    assert RAN == ["again"]
    assert ProcrastinateJob.objects.get(pk=job).status == "succeeded"


def test_expired_sessions_old_counters_and_ended_lockouts_are_cleared(db):
    now = timezone.now()
    live, expired = SessionStore(), SessionStore()
    live.create()
    expired.create()
    Session.objects.filter(session_key=expired.session_key).update(expire_date=now - datetime.timedelta(minutes=1))
    RateLimitCounter.objects.create(key="old", window_start=now - datetime.timedelta(days=2), count=3)
    RateLimitCounter.objects.create(key="current", window_start=now, count=1)
    ended = AccessAttempt.objects.create(username="window", ip_address="10.0.0.1", failures_since_start=5)
    AccessAttempt.objects.filter(pk=ended.pk).update(attempt_time=now - datetime.timedelta(hours=1))
    AccessAttempt.objects.create(username="grid_a", ip_address="10.0.0.2", failures_since_start=5)
    user = User.objects.create_user("clerk")
    for age in (datetime.timedelta(days=2), datetime.timedelta(minutes=5)):
        saved = Submission.objects.create(key=uuid.uuid4(), user=user, result_url="/")
        Submission.objects.filter(pk=saved.pk).update(created_at=now - age)

    cleared = tasks.expired_clear(timestamp=int(now.timestamp()))

    assert cleared == {"sessions": 1, "rate_limit_counters": 1, "login_attempts": 1, "submissions": 1}
    assert Submission.objects.count() == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]
    assert list(RateLimitCounter.objects.values_list("key", flat=True)) == ["current"]
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["grid_a"]


def test_every_background_job_the_portal_needs_is_scheduled():
    schedules = {task.task.name: task.cron for task in app.periodic_registry.periodic_tasks.values()}

    assert schedules == {
        "dashboards.tasks.rollups_refresh": "*/3 * * * *",
        "common.tasks.expired_clear": "17 * * * *",
        "common.tasks.finished_jobs_remove": "47 19 * * *",
        "common.tasks.backup_nightly": "30 18 * * *",
        "common.tasks.stalled_jobs_retry": "*/5 * * * *",
        "imports.tasks.import_files_clear": "7 20 * * *",
        "exports.tasks.export_files_clear": "17 20 * * *",
        "services.tasks.supervision_mark": "*/10 * * * *",
        "open311.tasks.api_calls_clear": "37 19 * * *",
    }


def test_a_worker_is_alive_while_its_heartbeat_is_recent(db, settings):
    settings.TASK_WORKER_STALE_SECONDS = 60
    assert not worker_alive()
    worker_heartbeat(at=timezone.now() - datetime.timedelta(seconds=61))
    assert not worker_alive()
    worker_heartbeat()
    assert worker_alive()


def test_the_nightly_backup_writes_a_backup_into_the_backup_folder(db, settings, tmp_path):
    settings.BACKUP_DIR = tmp_path

    written = tasks.backup_nightly(timestamp=0)

    assert [path.name for path in tmp_path.iterdir()] == [Path(written).name]
    assert Path(written).read_bytes().startswith(b"PGDMP")
