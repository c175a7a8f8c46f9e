"""The embedded PostgreSQL: started on first use, shared by processes that start at the same time."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONNECT = (
    "from django.db import connection\n"
    "with connection.cursor() as cursor:\n"
    "    cursor.execute('SELECT current_database()')\n"
    "    print(cursor.fetchone()[0])\n"
)


def test_two_processes_starting_at_once_share_one_new_embedded_server(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(
        DEBUG="true",
        EMBEDDED_DB_DIR=str(tmp_path / "pgdata"),
        EMBEDDED_DB_NAME="concurrent",
        EMBEDDED_DB_STOP_AT_EXIT="true",
    )
    command = [sys.executable, "manage.py", "shell", "--no-imports", "-c", CONNECT]

    processes = [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    results = [process.communicate(timeout=120) for process in processes]

    for process, (stdout, stderr) in zip(processes, results, strict=True):
        assert process.returncode == 0, stderr
        assert stdout.strip() == "concurrent"
    assert (tmp_path / "pgdata" / "PG_VERSION").exists()
    # The last process to leave stopped the server it no longer needed.
    assert not (tmp_path / "pgdata" / "postmaster.pid").exists()
