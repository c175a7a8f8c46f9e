"""Rate limits for the pages that need no login (public status lookup, QR check-in).

Counters live in PostgreSQL, so every worker process sees the same counts; one atomic upsert per
attempt. Keys are hashed: what a visitor typed is never stored. The task worker deletes the counters
of past windows (common/tasks.py).
"""

import datetime
import functools
import hashlib

from django.db import connection
from django.shortcuts import render
from django.utils import timezone

from .clientaddress import client_address
from .models import RateLimitCounter


def hit(key: str, *, limit: int, period: int) -> bool:
    """Count one attempt for `key` in the current window of `period` seconds.

    True while the attempts in this window stay within `limit`.
    """
    now = timezone.now()
    window = datetime.datetime.fromtimestamp(int(now.timestamp()) // period * period, tz=datetime.UTC)
    digest = hashlib.sha256(key.encode()).hexdigest()
    table = RateLimitCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (key, window_start, count) VALUES (%s, %s, 1) "  # noqa: S608 - table name is ours
            f"ON CONFLICT (key, window_start) DO UPDATE SET count = {table}.count + 1 RETURNING count",
            [digest, window],
        )
        count = cursor.fetchone()[0]
    return count <= limit


def limit_per_ip(scope: str, *, limit: int, period: int, methods=("POST",)):
    """Refuse with 429 (and the template "ratelimited.html") once a client exceeds `limit`
    requests of `methods` to the view within `period` seconds. The client is its address as
    `common.clientaddress` works it out (behind trusted proxies, from X-Forwarded-For)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods and not hit(f"{scope}:{client_address(request)}", limit=limit, period=period):
                return render(request, "ratelimited.html", status=429)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
