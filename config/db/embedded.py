"""Starting, finding and restarting the embedded PostgreSQL server of a data folder.

The server binaries and `initdb`/`pg_ctl` come from the `pgserver` package; what is added here is
what an unattended installation needs and pgserver does not do:

- one start at a time across processes, under a lock file beside the data folder, so that after a
  crash the web workers that all notice it at once start one server, not four;
- a `postmaster.pid` is trusted only if its process is a PostgreSQL server of *this* data folder.
  A PID alone is not enough: after a power cut the PID written in the file often belongs to some
  other process by the next boot, and PostgreSQL then refuses to start ("lock file already exists");
- the database is created only on the very first start of an empty data folder. A database missing
  later means a wrong folder or a dropped database: that is an error to report, not a reason to
  start over with an empty one.
"""

import logging
import os
import threading
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import fasteners
import psutil
import psycopg
from psycopg import sql

log = logging.getLogger(__name__)

_thread_lock = threading.Lock()
_servers: dict[Path, "Server"] = {}


@dataclass
class Server:
    pgdata: Path
    socket_dir: str


class MissingDatabase(psycopg.OperationalError):
    """The data folder's server runs, but the portal's database is not in it."""


def server_for(pgdata: Path, *, dbname: str) -> Server:
    """The running server of `pgdata`, started if need be. An empty folder is initialised first,
    with the database `dbname` in it."""
    pgdata = Path(pgdata).resolve()
    with _thread_lock:
        if pgdata not in _servers:
            _servers[pgdata] = _start(pgdata, dbname=dbname)
        return _servers[pgdata]


def restart_if_down(pgdata: Path) -> bool:
    """Start the server of `pgdata` again if it is not running; False if it was running.

    Called when a connection fails. Another process may have restarted it meanwhile: then this
    one only learns the new socket folder."""
    pgdata = Path(pgdata).resolve()
    with _thread_lock:
        known = _servers.get(pgdata)
        running = running_postmaster(pgdata)
        if running is not None and known is not None and running == known.socket_dir:
            return False  # the server runs: the failure was something else
        if running is None:
            log.warning("the embedded PostgreSQL server of %s is not running; starting it again", pgdata)
        _servers[pgdata] = _start(pgdata, dbname=None)
        return True


def running_postmaster(pgdata: Path) -> str | None:
    """The socket folder of the PostgreSQL server running on `pgdata`, or None.

    Believes `postmaster.pid` only when the process it names is a `postgres` whose working
    directory or command line is this data folder (a postmaster runs in its data folder)."""
    lines = _pid_file_lines(pgdata)
    if lines is None:
        return None
    try:
        pid = int(lines[0])
        process = psutil.Process(pid)
        if process.name() != "postgres" or process.status() == psutil.STATUS_ZOMBIE:
            return None
        if Path(process.cwd()).resolve() != pgdata and str(pgdata) not in process.cmdline():
            return None
    except (ValueError, IndexError, psutil.NoSuchProcess, psutil.ZombieProcess):
        return None
    except psutil.AccessDenied:
        # Cannot look: assume it is ours rather than risk two servers on one folder.
        pass
    if len(lines) < 8 or lines[7].strip() != "ready":
        return None
    return lines[4].strip() or None


def _pid_file_lines(pgdata: Path) -> list[str] | None:
    try:
        return (pgdata / "postmaster.pid").read_text().splitlines()
    except FileNotFoundError:
        return None


def _remove_stale_pid_file(pgdata: Path) -> None:
    """Remove a `postmaster.pid` (and its socket's lock file) left by a server that is gone."""
    lines = _pid_file_lines(pgdata)
    if lines is None:
        return
    try:
        pid = int(lines[0])
        process = psutil.Process(pid)
        if process.name() == "postgres" and (
            Path(process.cwd()).resolve() == pgdata or str(pgdata) in process.cmdline()
        ):
            return  # a server of this folder, starting or stopping: leave it to pg_ctl
    except (ValueError, IndexError, psutil.NoSuchProcess, psutil.ZombieProcess):
        pass
    except psutil.AccessDenied:
        return
    log.warning(
        "removing the stale postmaster.pid of %s (its process %s is not this folder's server)", pgdata, lines[0]
    )
    if len(lines) >= 5 and lines[3].strip() and lines[4].strip():
        socket_lock = Path(lines[4].strip()) / f".s.PGSQL.{lines[3].strip()}.lock"
        try:
            if socket_lock.read_text().splitlines()[:1] == lines[:1]:
                socket_lock.unlink()
        except (FileNotFoundError, IndexError):
            pass
    (pgdata / "postmaster.pid").unlink(missing_ok=True)


def _start(pgdata: Path, *, dbname: str | None) -> Server:
    # Created here, not by pgserver: its own mkdir fails when two processes start at once.
    pgdata.mkdir(parents=True, exist_ok=True)
    with fasteners.InterProcessLock(pgdata.parent / f".{pgdata.name}.start.lock"):
        first_start = not (pgdata / "PG_VERSION").exists()
        # After a crash the old server's backends may hold its shared memory for a moment, and crash
        # recovery takes a while on a large database: PostgreSQL refuses to start, or is not ready
        # yet. A few tries, a second apart.
        for attempt in range(30):
            socket_dir = running_postmaster(pgdata)
            if socket_dir is not None:
                break
            _remove_stale_pid_file(pgdata)
            try:
                _pgserver(pgdata).ensure_postgres_running()
            except Exception:
                if attempt == 29:
                    raise
                log.info("the embedded PostgreSQL server of %s is not ready yet", pgdata, exc_info=True)
                time.sleep(1)
        # Found running or started: either way this process is one of pgserver's users of the server,
        # so that with EMBEDDED_DB_STOP_AT_EXIT the last process to leave stops it, not the first.
        _pgserver(pgdata)
        server = Server(pgdata, socket_dir)
        if first_start and dbname:
            _create_database(server, dbname)
        return server


def _pgserver(pgdata: Path):
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (servers, CI) and falls back to /tmp.
        warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR")
        import pgserver
        from pgserver.postgres_server import PostgresServer

    if pgdata in PostgresServer._instances:
        return PostgresServer._instances[pgdata]
    stop_at_exit = os.environ.get("EMBEDDED_DB_STOP_AT_EXIT", "").lower() in {"1", "true", "yes"}
    # pgserver initialises the folder if it is empty and starts the server.
    return pgserver.get_server(pgdata, cleanup_mode="stop" if stop_at_exit else None)


def _create_database(server: Server, dbname: str) -> None:
    with psycopg.connect(host=server.socket_dir, user="postgres", dbname="postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))


def database_exists(server: Server, dbname: str) -> bool:
    with psycopg.connect(host=server.socket_dir, user="postgres", dbname="postgres", autocommit=True) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [dbname]).fetchone() is not None
