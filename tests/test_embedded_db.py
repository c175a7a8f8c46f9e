"""The embedded PostgreSQL: started on first use, shared by processes that start at the same time,
started again when it dies, and never replaced by an empty database."""

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil

from tests.processes import ROOT, free_port, get_status, portal_env, wait_for_status

CONNECT = (
    "from django.db import connection\n"
    "with connection.cursor() as cursor:\n"
    "    cursor.execute('SELECT current_database()')\n"
    "    print(cursor.fetchone()[0])\n"
)


def portal_shell(pgdata: Path, name: str, code: str) -> subprocess.CompletedProcess:
    """Run `code` in a portal process on the embedded server of `pgdata`; it stops the server as it exits."""
    command = [sys.executable, "manage.py", "shell", "--no-imports", "-c", textwrap.dedent(code)]
    return subprocess.run(command, cwd=ROOT, env=portal_env(pgdata, name), capture_output=True, text=True, timeout=120)


def test_two_processes_starting_at_once_share_one_new_embedded_server(pgdata):
    command = [sys.executable, "manage.py", "shell", "--no-imports", "-c", CONNECT]
    processes = [
        subprocess.Popen(
            command, cwd=ROOT, env=portal_env(pgdata, "concurrent"), stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(2)
    ]
    results = [process.communicate(timeout=120) for process in processes]

    for process, (stdout, stderr) in zip(processes, results, strict=True):
        assert process.returncode == 0, stderr.decode()
        assert stdout.decode().strip() == "concurrent"
    assert (pgdata / "PG_VERSION").exists()
    # The last process to leave stopped the server it no longer needed.
    assert not (pgdata / "postmaster.pid").exists()


def test_a_first_start_by_a_connection_to_no_database_creates_the_portals_database(pgdata):
    # The test runner connects to no database first, to create its own; `make run` afterwards needs the portal's.
    result = portal_shell(
        pgdata,
        "first",
        """
        from django.db import connection

        with connection._nodb_cursor() as cursor:
            cursor.execute("SELECT 1")
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_database()")
            print(cursor.fetchone()[0])
        """,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "first"


def test_a_killed_server_is_started_again_by_the_next_request_without_restarting_the_web_server(pgdata):
    port = free_port()
    web = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--no-control-socket",
        ],
        cwd=ROOT,
        env=portal_env(pgdata, "healing"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/healthz"
    try:
        assert wait_for_status(url, 200, seconds=60) == 200
        postmaster = psutil.Process(int((pgdata / "postmaster.pid").read_text().split()[0]))
        postmaster.kill()
        postmaster.wait(10)

        # The request under way when the server died may fail; those after it are served.
        started, statuses = time.monotonic(), []
        while time.monotonic() - started < 30 and statuses[-1:] != [200]:
            statuses.append(get_status(url))
            time.sleep(0.2)
        seconds = time.monotonic() - started
        restarted = int((pgdata / "postmaster.pid").read_text().split()[0])
    finally:
        web.terminate()
        _out, errors = web.communicate(timeout=30)

    assert statuses[-1] == 200, errors.decode()
    assert len(statuses) <= 2
    assert seconds < 15
    assert restarted != postmaster.pid
    assert "starting it again" in errors.decode()


def test_a_stale_pid_file_naming_a_live_unrelated_process_does_not_stop_the_start(pgdata):
    first = portal_shell(
        pgdata,
        "stale",
        "from pathlib import Path; import os\n"
        + CONNECT
        + ("print((Path(os.environ['EMBEDDED_DB_DIR']) / 'postmaster.pid').read_text(), end='')"),
    )
    assert first.returncode == 0, first.stderr
    assert not (pgdata / "postmaster.pid").exists()
    # As after a power cut: the file is back, and its PID is now some other, live, process.
    pid_file = first.stdout.splitlines()[1:]
    unrelated = subprocess.Popen(["sleep", "60"])  # noqa: S607
    try:
        (pgdata / "postmaster.pid").write_text("\n".join([str(unrelated.pid), *pid_file[1:]]) + "\n")

        second = portal_shell(pgdata, "stale", CONNECT)
    finally:
        unrelated.kill()
        unrelated.wait()

    assert second.returncode == 0, second.stderr
    assert second.stdout.strip() == "stale"


def test_a_dropped_database_is_reported_by_readiness_and_not_created_again(pgdata):
    result = portal_shell(
        pgdata,
        "dropped",
        """
        import psycopg
        from django.db import connection
        from django.test import Client

        connection.ensure_connection()
        host = connection.settings_dict["HOST"]
        connection.close()
        with psycopg.connect(host=host, user="postgres", dbname="postgres", autocommit=True) as admin:
            admin.execute("DROP DATABASE dropped")
            client = Client(HTTP_HOST="127.0.0.1")
            ready = client.get("/readyz")
            print(ready.status_code, client.get("/healthz").status_code)
            print(ready.content.decode())
            print(admin.execute("SELECT count(*) FROM pg_database WHERE datname = 'dropped'").fetchone()[0])
        """,
    )

    assert result.returncode == 0, result.stderr
    statuses, reason, databases = result.stdout.strip().splitlines()
    assert statuses == "503 503"
    assert reason == "database unavailable: MissingDatabase"
    assert databases == "0"
