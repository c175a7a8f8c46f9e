"""Timing one scenario: the page through Django's test client, and the same SQL replayed raw through psycopg."""

import math
import re
import time
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

MINIMUM = 10  # timed requests at least, whatever the time budget


def percentile(values, fraction: float) -> float:
    """Nearest-rank percentile of `values` (p50: fraction 0.5)."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def summary(seconds) -> dict:
    ms = [value * 1000 for value in seconds]
    return {
        "n": len(ms),
        "p50_ms": round(percentile(ms, 0.5), 2),
        "p95_ms": round(percentile(ms, 0.95), 2),
        "max_ms": round(max(ms), 2) if ms else None,
    }


@dataclass
class Call:
    """One request of a scenario: `method` "get" or "post", the URL, the form data, the status expected."""

    method: str
    url: str
    data: dict | None = None
    status: tuple = (200,)
    extra: dict = field(default_factory=dict)


class Failed(Exception):
    pass


def perform(client, call: Call):
    response = getattr(client, call.method)(call.url, call.data or {}, **call.extra)
    if response.status_code not in call.status:
        raise Failed(f"{call.method.upper()} {call.url} answered {response.status_code}, expected {call.status}")
    return response


def time_page(client, calls, *, warmup: int, budget: float = 0) -> dict:
    """Warm up, then time every call of `calls` (an iterable of Call) with its query count. With a `budget` (in
    seconds), stop once it is spent and MINIMUM calls are timed: a page that takes seconds misses its target
    anyway, and the report says how many were timed."""
    calls = list(calls)
    for call in calls[:warmup]:
        perform(client, call)
    seconds, counts = [], []
    deadline = time.monotonic() + budget if budget else math.inf
    for call in calls[warmup:]:
        if len(seconds) >= MINIMUM and time.monotonic() > deadline:
            break
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            perform(client, call)
            seconds.append(time.perf_counter() - started)
        counts.append(len(captured.captured_queries))
    return {**summary(seconds), "queries": max(counts), "queries_min": min(counts)}


def capture(client, call: Call, *, rollback: bool = False) -> list[str]:
    """The final SQL of one request. With `rollback` the request's changes are undone afterwards, so that its
    writes (with their unique keys) can be replayed."""
    with CaptureQueriesContext(connection) as captured:
        if rollback:
            with transaction.atomic():
                perform(client, call)
                transaction.set_rollback(True)
        else:
            perform(client, call)
    return [query["sql"] for query in captured.captured_queries]


DECLARE = re.compile(r'^DECLARE "[^"]+" NO SCROLL CURSOR WITH HOLD FOR ', re.DOTALL)
BOOKKEEPING = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")
# django-pghistory prefixes the statements of a request that writes with the request's context.
PGHISTORY = re.compile(r"^SELECT set_config\('pghistory\.context_id', .*?, true\); ", re.DOTALL)


def _statements(queries):
    """What to replay: the transaction bookkeeping is left out (each replay runs in a transaction of its own,
    rolled back), and a server-side cursor (`DECLARE … FOR SELECT`, the ORM's `.iterator()`, used for the choices
    of a form's select boxes) becomes its SELECT, whose rows are all fetched, as the ORM fetches them."""
    return [DECLARE.sub("", sql) for sql in queries if not PGHISTORY.sub("", sql, count=1).startswith(BOOKKEEPING)]


def time_raw(queries, *, repeat: int, warmup: int = 3, budget: float = 0) -> dict:
    """Run `queries` directly on the psycopg connection `repeat` times, each time in a transaction that is rolled
    back (every request writes at least its session row), fetching every row, as the ORM does."""
    statements = _statements(queries)
    connection.ensure_connection()
    raw = connection.connection
    in_atomic = connection.in_atomic_block  # under a test: the test's transaction is open already

    def once():
        with raw.cursor() as cursor:
            cursor.execute("BEGIN" if not in_atomic else "SAVEPOINT bench_replay")
            # Foreign keys are checked at commit, as in the request; the replay never commits (a replayed insert
            # refers to the row ids of the captured request, which the replay's own inserts do not get).
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for sql in statements:
                cursor.execute(sql)
                if cursor.description is not None:
                    cursor.fetchall()
            cursor.execute("ROLLBACK" if not in_atomic else "ROLLBACK TO SAVEPOINT bench_replay")

    for _ in range(min(warmup, repeat)):
        once()
    seconds = []
    deadline = time.monotonic() + budget if budget else math.inf
    for _ in range(repeat):
        if len(seconds) >= MINIMUM and time.monotonic() > deadline:
            break
        started = time.perf_counter()
        once()
        seconds.append(time.perf_counter() - started)
    return {**summary(seconds), "statements": len(statements)}
