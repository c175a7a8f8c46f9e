"""Reads that scale out: streaming replicas for the pages that only read (docs/scaling.md).

`DATABASE_REPLICA_URLS` names read-only standby servers (PostgreSQL streaming replication); each becomes
a database alias `replica1`, `replica2` … A request reads from a replica only when all of these hold:

- its view says so: `read_from_replica = True` on the view class (the dashboards), or a callable of the
  request (lists: for users who cannot change what the list shows, such as officials);
- the user has not written in the last `REPLICA_READ_YOUR_WRITES` seconds: after a POST the browser
  carries a cookie that keeps the user's reads on the primary, so that what they just saved is there;
- a replica is up and no further behind than `REPLICA_MAX_LAG` seconds, as checked at most every
  `REPLICA_CHECK_INTERVAL` seconds per process. A replica that is down or lags is skipped; with none
  left the primary serves the read.

Everything else (writes, the session and the user's permissions, the rows an action locks, the task
worker) uses the primary. The task worker's exports read from a replica inside `replica_reads()`.
"""

import contextvars
import itertools
import logging
import time
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

log = logging.getLogger(__name__)

COOKIE = "primary_reads_until"
# Read from the primary always: who the user is and may do, the session, the portal's own bookkeeping
# (submission keys, rate limits), the task queue and the record of an export being built.
PRIMARY_APPS = {"auth", "sessions", "contenttypes", "axes", "admin", "common", "procrastinate", "exports"}
# How far behind a replica is, in seconds: nothing if it has replayed all it received, otherwise the age
# of the last transaction it replayed (unknown, so too far, when it has replayed none since it started).
# A primary given as a replica is never behind.
LAG_SQL = """
    SELECT CASE
        WHEN NOT pg_is_in_recovery() THEN 0
        WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
        ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 'Infinity')
    END
"""

_reading = contextvars.ContextVar("replica_reads", default=False)
_health: dict[str, tuple[float, bool]] = {}  # alias → (checked at, usable)
_turn = itertools.count()


def replica_aliases() -> list[str]:
    return [alias for alias in connections.settings if alias.startswith("replica")]


@contextmanager
def replica_reads(enabled=True):
    """Reads inside go to a usable replica (when there is one)."""
    token = _reading.set(enabled)
    try:
        yield
    finally:
        _reading.reset(token)


def usable(alias: str, *, now=None) -> bool:
    """Whether the replica `alias` answers and is no further behind than REPLICA_MAX_LAG."""
    now = time.monotonic() if now is None else now
    checked_at, ok = _health.get(alias, (None, False))
    if checked_at is not None and now - checked_at < settings.REPLICA_CHECK_INTERVAL:
        return ok
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute(LAG_SQL)
            lag = float(cursor.fetchone()[0])
        ok = lag <= settings.REPLICA_MAX_LAG
        if not ok:
            log.warning("replica %s is %.1f s behind: reads go elsewhere", alias, lag)
    except DatabaseError:
        log.warning("replica %s does not answer: reads go elsewhere", alias, exc_info=True)
        connections[alias].close()
        ok = False
    _health[alias] = (now, ok)
    return ok


def forget_health() -> None:
    _health.clear()


class ReplicaRouter:
    """Sends reads to a usable replica inside `replica_reads()`; everything else to the primary."""

    def db_for_read(self, model, **hints):
        if not _reading.get() or model._meta.app_label in PRIMARY_APPS:
            return None
        aliases = replica_aliases()
        if not aliases:
            return None
        start = next(_turn)
        for offset in range(len(aliases)):
            alias = aliases[(start + offset) % len(aliases)]
            if usable(alias):
                return alias
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replicas hold the primary's rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


class ReplicaMiddleware:
    """Decides per request whether its reads may go to a replica, and keeps a user's reads on the
    primary for a while after they write."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.reads_from_replica = False
        request.replica_token = None
        try:
            response = self.get_response(request)  # the view, and its template rendered
        finally:
            if request.replica_token is not None:
                _reading.reset(request.replica_token)
        if request.method not in ("GET", "HEAD", "OPTIONS") and replica_aliases():
            until = int(time.time() + settings.REPLICA_READ_YOUR_WRITES)
            response.set_cookie(
                COOKIE,
                str(until),
                max_age=settings.REPLICA_READ_YOUR_WRITES,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not replica_aliases() or request.method not in ("GET", "HEAD"):
            return None
        wanted = getattr(getattr(view_func, "view_class", view_func), "read_from_replica", False)
        if callable(wanted):
            wanted = wanted(request)
        if wanted and not self.wrote_lately(request):
            request.reads_from_replica = True
            request.replica_token = _reading.set(True)  # reset once the page is rendered
        return None

    @staticmethod
    def wrote_lately(request) -> bool:
        try:
            return float(request.COOKIES.get(COOKIE, 0)) > time.time()
        except ValueError:
            return False
