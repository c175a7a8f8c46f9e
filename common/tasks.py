"""Housekeeping run by the task worker: the nightly backup, expired sessions, old rate-limit counters
and lock-outs, jobs left behind by a worker that died, finished jobs.

Periodic tasks are deferred by the worker itself; its cron times are read in UTC."""

import datetime

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone
from procrastinate import builtin_tasks
from procrastinate.contrib.django import app

from .backups import backup_create
from .models import RateLimitCounter, Submission

# Rate-limit windows are at most an hour long; a day keeps the counters of any window still open.
RATE_LIMIT_KEEP = datetime.timedelta(days=1)
# A form is retried within minutes; a day covers a page left open overnight.
SUBMISSIONS_KEEP = datetime.timedelta(days=1)
FINISHED_JOBS_KEEP_HOURS = 7 * 24


@app.periodic(cron="17 * * * *")
@app.task(queueing_lock="expired_clear")
def expired_clear(timestamp: int) -> dict[str, int]:
    """Delete expired sessions, rate-limit counters of past windows, login attempts whose lock-out is
    over and the keys of forms saved more than a day ago."""
    now = timezone.now()
    sessions, _ = Session.objects.filter(expire_date__lt=now).delete()
    counters, _ = RateLimitCounter.objects.filter(window_start__lt=now - RATE_LIMIT_KEEP).delete()
    attempts, _ = AccessAttempt.objects.filter(attempt_time__lt=now - get_cool_off()).delete()
    submissions, _ = Submission.objects.filter(created_at__lt=now - SUBMISSIONS_KEEP).delete()
    return {
        "sessions": sessions,
        "rate_limit_counters": counters,
        "login_attempts": attempts,
        "submissions": submissions,
    }


@app.periodic(cron="47 19 * * *")  # 03:47 in Beijing
@app.task(queueing_lock="finished_jobs_remove", pass_context=True)
async def finished_jobs_remove(context, timestamp: int) -> None:
    """Forget the jobs that finished more than a week ago, failed ones included (their errors are in the log)."""
    await builtin_tasks.remove_old_jobs(
        context,
        max_hours=FINISHED_JOBS_KEEP_HOURS,
        remove_failed=True,
        remove_cancelled=True,
        remove_aborted=True,
    )


@app.periodic(cron="30 18 * * *")  # 02:30 in Beijing
@app.task(queueing_lock="backup_nightly", retry=2)
def backup_nightly(timestamp: int) -> str:
    """Back the database up into BACKUP_DIR and rotate the old backups (common/backups.py)."""
    return str(backup_create())


@app.periodic(cron="*/5 * * * *")
@app.task(queueing_lock="stalled_jobs_retry", pass_context=True)
async def stalled_jobs_retry(context, timestamp: int) -> int:
    """Queue again the jobs of a worker that died in the middle of them (killed, out of memory, a power
    cut): without this they would stay "doing" for ever. A job's work runs in a transaction or writes
    its result under a temporary name (imports, exports, backups), so a second run starts clean."""
    manager = context.app.job_manager
    stalled = list(await manager.get_stalled_jobs(seconds_since_heartbeat=settings.TASK_WORKER_STALE_SECONDS))
    for job in stalled:
        await manager.retry_job(job)
    return len(stalled)
