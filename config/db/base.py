"""The embedded PostgreSQL database backend.

Used when DATABASE_URL is not set, so that a newcomer needs no database server: the first
connection of a process starts (or finds already running) the PostgreSQL server shipped by the
`pgserver` package, with its data in the folder named by the PGDATA setting (config/db/embedded.py).
On the first start of an empty folder it also creates the database. The server keeps running after
the process ends so that the next `make run` or `make test` finds it ready; set
EMBEDDED_DB_STOP_AT_EXIT=true to stop it when the last process using it exits (CI does).

A connection that fails because the server is gone (a crash, a kill, a reboot that left a stale
`postmaster.pid`) starts it again and tries once more, so a running web server heals without a
restart. A database missing from a folder that already existed is reported, never created afresh.
"""

import psycopg
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.db.backends.postgresql import base

from . import embedded


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        self.settings_dict["HOST"] = self._server().socket_dir
        self.settings_dict["USER"] = self.settings_dict.get("USER") or "postgres"
        return super().get_connection_params()

    def get_new_connection(self, conn_params):
        try:
            return super().get_new_connection(conn_params)
        except psycopg.OperationalError:
            if embedded.restart_if_down(self.settings_dict["PGDATA"]):
                conn_params["host"] = self.settings_dict["HOST"] = self._server().socket_dir
                return super().get_new_connection(conn_params)
            server = self._server()
            if conn_params["dbname"] != "postgres" and not embedded.database_exists(server, conn_params["dbname"]):
                raise embedded.MissingDatabase(
                    f'The database "{conn_params["dbname"]}" does not exist in the embedded server of '
                    f"{server.pgdata}. It is created only on the first start of an empty data folder: "
                    "restore a backup into it (manage.py restore FILE), or set EMBEDDED_DB_DIR to the "
                    "right folder."
                ) from None
            raise

    def _server(self) -> embedded.Server:
        # A connection to no database (the test runner's first, to create its test databases) names
        # the configured one, so that the first start creates it whichever process comes first.
        dbname = self.settings_dict["NAME"] or settings.DATABASES[DEFAULT_DB_ALIAS]["NAME"]
        return embedded.server_for(self.settings_dict["PGDATA"], dbname=dbname)
