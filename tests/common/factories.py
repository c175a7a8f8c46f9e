"""Shared test data of common/: a task worker's heartbeat."""

import datetime

from django.db import connection
from django.utils import timezone


def worker_heartbeat(*, at: datetime.datetime | None = None) -> None:
    """Record that a task worker was alive `at` (now by default), as a running worker does every 10 s."""
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO procrastinate_workers (last_heartbeat) VALUES (%s)", [at or timezone.now()])
