"""Throughput: gunicorn with 2 sync workers on the loopback, driven by a bounded pool of client threads.

The client is plain `http.client` in threads of this process (no wrk or locust needed); it shares the machine's
cores with gunicorn and PostgreSQL, which the report says. Every client thread has its own session (a session
row is written on every request, SESSION_SAVE_EVERY_REQUEST), so that the threads do not queue on one row lock.
"""

import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from .measure import percentile


def session_for(user) -> str:
    """A signed-in session of `user`, as `login()` would leave it; its key is the `sessionid` cookie."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]  # the model backend
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """`gunicorn config.wsgi` with `workers` sync workers, started with the environment of this process and
    DEBUG=true (no HTTPS redirect, no secure-only cookies on the loopback); stopped on exit, whatever happens."""

    def __init__(self, *, workers: int = 2, startup_timeout: float = 90):
        self.port = free_port()
        self.workers = workers
        self.startup_timeout = startup_timeout
        self.process = None

    def __enter__(self):
        env = {**os.environ, "DEBUG": "true"}
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--workers",
                str(self.workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "60",
                "--log-level",
                "warning",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped at start: {self.process.stderr.read().decode()[-2000:]}")
            try:
                status, _ = get(self.port, "/healthz", None, timeout=5)
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        self.__exit__(None, None, None)
        raise RuntimeError(f"gunicorn did not answer /healthz within {self.startup_timeout:.0f} s")

    def __exit__(self, *exc):
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        return False


def get(port, path, session_key, timeout=30):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"Host": "127.0.0.1", "Accept-Language": "zh-hans"}
        if session_key:
            headers["Cookie"] = f"sessionid={session_key}"
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status, response
    finally:
        conn.close()


def load(port, path, session_keys, *, duration: float, warmup: float = 2.0) -> dict:
    """`len(session_keys)` client threads request `path` back to back for `warmup` + `duration` seconds; only
    the requests that start after the warm-up count."""
    start = time.monotonic()
    measured_from, stop = start + warmup, start + warmup + duration
    latencies, errors, lock = [], [], threading.Lock()

    def worker(session_key):
        own, own_errors = [], []
        while True:
            began = time.monotonic()
            if began >= stop:
                break
            try:
                status, _ = get(port, path, session_key)
            except OSError as error:
                own_errors.append(type(error).__name__)
                continue
            ended = time.monotonic()
            if status != 200:
                own_errors.append(str(status))
            elif began >= measured_from:
                own.append(ended - began)
        with lock:
            latencies.extend(own)
            errors.extend(own_errors)

    threads = [threading.Thread(target=worker, args=(key,), daemon=True) for key in session_keys]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=warmup + duration + 60)
    ms = [value * 1000 for value in latencies]
    return {
        "path": path,
        "clients": len(session_keys),
        "seconds": duration,
        "requests": len(ms),
        "requests_per_s": round(len(ms) / duration, 1),
        "p50_ms": round(percentile(ms, 0.5), 1) if ms else None,
        "p95_ms": round(percentile(ms, 0.95), 1) if ms else None,
        "errors": len(errors),
        "error_kinds": sorted(set(errors))[:5],
    }


def run(targets, *, duration: float, clients: int, workers: int = 2) -> dict:
    """`targets`: [(key, title, path, user or None)]. One gunicorn for all of them, measured one after another."""
    with Gunicorn(workers=workers) as server:
        results = {}
        for key, title, path, user in targets:
            keys = [session_for(user) if user is not None else None for _ in range(clients)]
            results[key] = {"title": title, **load(server.port, path, keys, duration=duration)}
        return {"workers": workers, "server": "gunicorn (sync workers)", "results": results}
