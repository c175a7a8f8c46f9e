"""The embedded PostgreSQL database backend.

Used when DATABASE_URL is not set, so that a newcomer needs no database server: the first
connection of a process starts (or finds already running) the PostgreSQL server shipped by the
`pgserver` package, with its data in the folder named by the PGDATA setting, and creates the
database if it does not exist yet. The server keeps running after the process ends so that the
next `make run` or `make test` finds it ready; set EMBEDDED_DB_STOP_AT_EXIT=true to stop it when
the last process using it exits (CI does).

pgserver serialises start-up with an inter-process lock, so `runserver` and `pytest` starting at
the same moment share one server; creating the database tolerates losing that race too.
"""

import contextlib
import os
import threading
import warnings
from pathlib import Path

import psycopg
from django.db.backends.postgresql import base
from psycopg import errors, sql

_lock = threading.Lock()
_socket_dirs: dict[Path, str] = {}


def ensure_server(pgdata: Path) -> str:
    """Start the embedded server for `pgdata` unless it runs already; return its socket folder."""
    pgdata = Path(pgdata).resolve()
    with _lock:
        if pgdata not in _socket_dirs:
            with warnings.catch_warnings():
                # platformdirs warns when XDG_RUNTIME_DIR is unset (servers, CI) and falls back to /tmp.
                warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR")
                import pgserver

            # Created here, not by pgserver: its own mkdir fails when two processes start at once.
            pgdata.mkdir(parents=True, exist_ok=True)
            stop_at_exit = os.environ.get("EMBEDDED_DB_STOP_AT_EXIT", "").lower() in {"1", "true", "yes"}
            server = pgserver.get_server(pgdata, cleanup_mode="stop" if stop_at_exit else None)
            _socket_dirs[pgdata] = str(server.get_postmaster_info().socket_dir)
        return _socket_dirs[pgdata]


def create_database_if_missing(socket_dir: str, dbname: str) -> bool:
    """Create `dbname` unless it exists; True if it had to be created (by this or another process)."""
    with psycopg.connect(host=socket_dir, user="postgres", dbname="postgres", autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [dbname]).fetchone():
            return False
        # Another process may create it between the check and the CREATE.
        with contextlib.suppress(errors.DuplicateDatabase, errors.UniqueViolation):
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))
        return True


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        self.settings_dict["HOST"] = ensure_server(self.settings_dict["PGDATA"])
        self.settings_dict["USER"] = self.settings_dict.get("USER") or "postgres"
        return super().get_connection_params()

    def get_new_connection(self, conn_params):
        try:
            return super().get_new_connection(conn_params)
        except psycopg.OperationalError:
            # On the first start on a data folder the database does not exist yet; any other
            # failure is raised as it was.
            if not create_database_if_missing(conn_params["host"], conn_params["dbname"]):
                raise
            return super().get_new_connection(conn_params)
