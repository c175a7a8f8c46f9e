"""Portal processes started by tests as they run in production: gunicorn, the task worker, manage.py
commands, each on an embedded PostgreSQL of the test's own (a `pgdata` folder under tmp_path), which the
last of them stops as it exits."""

import contextlib
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).resolve().parent.parent


def portal_env(pgdata: Path, name: str, **settings: str) -> dict[str, str]:
    """This process's environment for a portal process on the embedded server of `pgdata`, database
    `name`: DEBUG on unless `settings` (more variables) say otherwise."""
    env = dict(os.environ)
    # Empty rather than absent, so that a DATABASE_URL in a developer's .env does not apply either.
    env.update(DATABASE_URL="", EMBEDDED_DB_DIR=str(pgdata), EMBEDDED_DB_NAME=name, EMBEDDED_DB_STOP_AT_EXIT="true")
    env["DEBUG"] = "true"
    # A worker started at 02:30 runs the nightly backup: into the test's folder, not the checkout's.
    env["BACKUP_DIR"] = str(pgdata.parent / "backups")
    env.update(settings)
    return env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - a URL of the test's own
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wait_for_status(url: str, status: int, seconds: float) -> int | None:
    """Ask `url` every 0.2 s until it answers `status` or `seconds` have passed; the last answer (None:
    nothing listened)."""
    deadline, last = time.monotonic() + seconds, None
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            last = get_status(url)
            if last == status:
                break
        time.sleep(0.2)
    return last


def stop(process: subprocess.Popen, seconds: float = 30) -> int:
    """SIGTERM, as systemd stops a service; SIGKILL if it has not exited after `seconds`. Its exit code."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(seconds)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
    return process.returncode


@pytest.fixture
def pgdata(tmp_path):
    folder = tmp_path / "pgdata"
    yield folder
    # Whatever a test left running on its folder is stopped.
    for process in psutil.process_iter(["name", "cmdline"]):
        if process.info["name"] == "postgres" and str(folder) in (process.info["cmdline"] or []):
            process.kill()
