"""Whether the task worker runs: its heartbeat, written every 10 s into Procrastinate's workers table."""

import datetime

from django.conf import settings
from django.db.models import Max
from django.utils import timezone
from procrastinate.contrib.django.models import ProcrastinateWorker


def last_heartbeat() -> datetime.datetime | None:
    """When a task worker last said it was alive (None: none has since the last one stopped)."""
    return ProcrastinateWorker.objects.aggregate(at=Max("last_heartbeat"))["at"]


def worker_alive() -> bool:
    at = last_heartbeat()
    return at is not None and timezone.now() - at < datetime.timedelta(seconds=settings.TASK_WORKER_STALE_SECONDS)
