"""Reads that scale out (common/replicas.py), against a real streaming replica started here from the
embedded server's own binaries: a primary, and `pg_basebackup -R` of it. Which connection the pages
read from is in test_replica_routing.py."""

import os
import shutil
import tempfile
import time
from pathlib import Path

import pgserver
import psycopg
import pytest
from django.db import connections
from pgserver import _commands

from common import replicas
from common.replicas import ReplicaRouter, replica_reads, usable
from residents.models import Resident


def _as_server_user():
    # Run as root (containers, CI), pgserver runs PostgreSQL as its own system user; so must these.
    return {"user": "pgserver"} if os.geteuid() == 0 else {}


def _alias(name, settings_dict):
    connections.settings[name] = connections.configure_settings(
        {"default": connections.settings["default"], name: settings_dict}
    )[name]


def _forget(name):
    connections[name].close()
    del connections[name]
    del connections.settings[name]


@pytest.fixture(scope="module")
def streaming(django_db_setup):
    """A primary and its streaming replica, each on its own socket, the replica as the database alias
    `replica_t` (added once the test databases are set up, so that none is made for it); stopped at
    the end."""
    # Not under pytest's basetemp, which another pytest run on the machine may clear meanwhile.
    base = Path(tempfile.mkdtemp(prefix="replication-"))
    primary = pgserver.get_server(base / "primary", cleanup_mode="stop")
    socket_dir = str(primary.get_postmaster_info().socket_dir)
    standby = base / "standby"
    if os.geteuid() == 0:
        shutil.chown(base, user="pgserver")
    _commands.pg_basebackup(
        ["-D", str(standby), "-R", "-X", "stream", "-h", socket_dir, "-U", "postgres"], **_as_server_user()
    )
    for copied in standby.glob(".s.PGSQL.*"):  # the primary's socket lock, copied with its folder
        copied.unlink()
    replica = pgserver.get_server(standby, cleanup_mode="stop")
    socket = str(replica.get_postmaster_info().socket_dir)
    _alias("replica_t", {"ENGINE": "django.db.backends.postgresql", "NAME": "postgres", "USER": "postgres",
                         "HOST": socket, "OPTIONS": {"connect_timeout": 2}})  # fmt: skip
    yield {"primary": primary, "replica": replica, "standby": standby}
    _forget("replica_t")
    replica.cleanup()
    primary.cleanup()
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def replica_alias(streaming, settings):
    settings.REPLICA_MAX_LAG = 0.5
    settings.REPLICA_CHECK_INTERVAL = 0
    replicas.forget_health()
    yield "replica_t"
    replicas.forget_health()


def _sql(server, statement):
    info = server.get_postmaster_info()
    with psycopg.connect(host=str(info.socket_dir), user="postgres", dbname="postgres", autocommit=True) as conn:
        cursor = conn.execute(statement)
        return cursor.fetchone() if cursor.description else None


@pytest.mark.django_db(databases=["default", "replica_t"])
def test_a_streaming_replica_is_used_while_it_keeps_up_and_skipped_when_it_lags(streaming, replica_alias):
    assert _sql(streaming["replica"], "SELECT pg_is_in_recovery()") == (True,)
    assert usable(replica_alias)
    with replica_reads():
        assert ReplicaRouter().db_for_read(Resident) == replica_alias
    assert ReplicaRouter().db_for_read(Resident) is None  # outside replica_reads: the primary

    _sql(streaming["replica"], "SELECT pg_wal_replay_pause()")
    try:
        _sql(streaming["primary"], "CREATE TABLE IF NOT EXISTS written (n int)")
        _sql(streaming["primary"], "INSERT INTO written VALUES (1)")
        for _ in range(50):  # until the replica has received what it does not replay
            received, replayed = _sql(
                streaming["replica"], "SELECT pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()"
            )
            if received != replayed:
                break
            time.sleep(0.1)
        time.sleep(0.6)
        replicas.forget_health()

        assert not usable(replica_alias)
        with replica_reads():
            assert ReplicaRouter().db_for_read(Resident) == "default"
    finally:
        _sql(streaming["replica"], "SELECT pg_wal_replay_resume()")


@pytest.mark.django_db(databases=["default", "replica_t"])
def test_a_stopped_replica_is_skipped(streaming, replica_alias):
    assert usable(replica_alias)
    _commands.pg_ctl(["-m", "fast", "-w", "stop"], pgdata=streaming["standby"], **_as_server_user())
    replicas.forget_health()
    try:
        assert not usable(replica_alias)
        with replica_reads():
            assert ReplicaRouter().db_for_read(Resident) == "default"
    finally:
        streaming["replica"].ensure_postgres_running()
