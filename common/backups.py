"""Backups of the portal's database with pg_dump, and their restore with pg_restore.

`backup_create()` is what `manage.py backup` and the nightly task call: a custom-format dump of the
configured database (DATABASE_URL or the embedded server) into BACKUP_DIR, then the rotation that
keeps the newest BACKUP_KEEP. `backup_restore()` is `manage.py restore`. Both connect with the
parameters Django itself would use; a password goes to the tools through PGPASSWORD, never on a
command line, so that it shows neither in `ps` nor in an error message.
"""

import importlib.util
import logging
import os
import re
import shutil
import subprocess
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from psycopg import sql
from psycopg.conninfo import make_conninfo

logger = logging.getLogger(__name__)

# File names carry Beijing time, which has no daylight saving time: names sort in time order.
BEIJING = ZoneInfo("Asia/Shanghai")
STAMP = "%Y%m%d-%H%M%S"
# What a custom-format archive starts with; anything else is refused before the database is touched.
ARCHIVE_MAGIC = b"PGDMP"
# A partial file this old belongs to a dump that was killed (a dump that fails removes its own).
STALE_PARTIAL_SECONDS = 24 * 3600
# Keys of Django's connection parameters that are psycopg's, not libpq's.
_NOT_LIBPQ = {"cursor_factory", "context", "prepare_threshold", "autocommit", "row_factory", "client_encoding"}


class BackupError(Exception):
    """A backup or a restore did not happen; the message says why (with the tool's own error output)."""


def backup_create(*, directory=None, keep=None) -> Path:
    """Dump the configured database into `directory` (BACKUP_DIR) and keep the newest `keep` (BACKUP_KEEP)
    backups of it; return the new file.

    The dump is written under a hidden `.partial` name and renamed once pg_dump has succeeded and the
    file is on disk, so a file that looks like a backup is always a complete one.
    """
    directory = Path(directory if directory is not None else settings.BACKUP_DIR)
    keep = settings.BACKUP_KEEP if keep is None else keep
    if keep < 1:
        raise BackupError(f"BACKUP_KEEP must be at least 1, not {keep}.")
    params = connection_params()
    prefix = _file_prefix(params["dbname"])
    # Backups hold residents' personal data: only the portal's own user may read them.
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    final = directory / f"{prefix}-{datetime.now(BEIJING).strftime(STAMP)}.dump"
    if final.exists():
        raise BackupError(f"{final} exists already: there is one backup per second at most.")
    partial = directory / f".{final.name}.partial"

    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            result = _run("pg_dump", ["--format=custom"], params, stdout=out)
            if result.returncode != 0:
                raise BackupError(_failure("pg_dump", params["dbname"], result))
            out.flush()
            os.fsync(out.fileno())
        partial.rename(final)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    _fsync_directory(directory)
    logger.info("Backup of database %s written to %s (%d bytes)", params["dbname"], final, final.stat().st_size)
    backups_rotate(directory=directory, keep=keep, database=params["dbname"])
    return final


def backups_rotate(*, directory=None, keep=None, database=None) -> list[Path]:
    """Delete all but the newest `keep` backups of `database` (the configured one) in `directory`, and
    partial files left by dumps that were killed; return the deleted files.

    Only files named as `backup_create` names them for that database are considered: other files in the
    folder (another database's backups, a copy kept by hand under another name) are left alone.
    """
    directory = Path(directory if directory is not None else settings.BACKUP_DIR)
    keep = settings.BACKUP_KEEP if keep is None else keep
    if keep < 1:
        raise BackupError(f"BACKUP_KEEP must be at least 1, not {keep}.")
    prefix = _file_prefix(database or settings.DATABASES[DEFAULT_DB_ALIAS]["NAME"])
    if not directory.is_dir():
        return []
    pattern = re.compile(rf"{re.escape(prefix)}-\d{{8}}-\d{{6}}\.dump")
    partial = re.compile(rf"\.{re.escape(prefix)}-\d{{8}}-\d{{6}}\.dump\.partial")
    backups = sorted((path for path in directory.iterdir() if pattern.fullmatch(path.name)), reverse=True)
    doomed = backups[keep:]
    now = time.time()
    doomed += [
        path
        for path in directory.iterdir()
        if partial.fullmatch(path.name) and now - path.stat().st_mtime > STALE_PARTIAL_SECONDS
    ]
    for path in doomed:
        path.unlink(missing_ok=True)
        logger.info("Old backup %s deleted", path)
    return doomed


def backup_restore(*, path, force=False) -> bool:
    """Restore the backup file `path` into the configured database; True if the database had to be created.

    A missing database is created. An existing one must be empty, that is hold no table outside
    PostgreSQL's own schemas (even a freshly migrated database has tables and rows), unless `force`:
    then the objects of the backup are dropped and restored (pg_restore --clean --if-exists), and objects
    the backup does not know (tables of later migrations) are left as they are. The restore runs in one
    transaction: if it fails, the database is as it was (a database created for it is dropped again).
    """
    path = Path(path)
    try:
        with path.open("rb") as file:
            magic = file.read(len(ARCHIVE_MAGIC))
    except OSError as error:
        raise BackupError(f"Cannot read {path}: {error.strerror}.") from error
    if magic != ARCHIVE_MAGIC:
        raise BackupError(f"{path} is not a backup made by `manage.py backup` (a pg_dump custom-format archive).")

    params = connection_params()
    dbname = params["dbname"]
    try:
        created = _create_database_if_missing(params)
        tables = [] if created else _user_tables(params)
    except psycopg.Error as error:
        raise BackupError(f"Cannot prepare database {dbname} for the restore: {error}") from error
    if tables and not force:
        shown = ", ".join(tables[:3]) + (", …" if len(tables) > 3 else "")
        raise BackupError(
            f"Database {dbname} is not empty ({len(tables)} tables: {shown}). Restoring would replace its "
            "data: run the restore again with --force to do so, or restore into a new database."
        )
    options = ["--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error"]
    if not created:
        options += ["--clean", "--if-exists"]
    result = _run("pg_restore", [*options, str(path)], params, stdout=subprocess.PIPE)
    if result.returncode != 0:
        if created:
            try:
                _drop_database(params)
            except psycopg.Error:
                logger.exception("Database %s, created for a restore that failed, could not be dropped", dbname)
        raise BackupError(_failure("pg_restore", dbname, result))
    logger.info("Backup %s restored into database %s", path, dbname)
    return created


def tool_path(name: str) -> Path:
    """The PostgreSQL client program `name` (pg_dump, pg_restore): from PG_BIN_DIR when set, otherwise
    pgserver's (a dependency, and a newer major version than most servers: pg_dump must not be older than
    the server it dumps), otherwise from PATH."""
    if settings.PG_BIN_DIR:
        path = Path(settings.PG_BIN_DIR) / name
        if not os.access(path, os.X_OK):
            raise BackupError(f"PG_BIN_DIR is {settings.PG_BIN_DIR}, but it holds no program {name}.")
        return path
    spec = importlib.util.find_spec("pgserver")
    if spec is not None and spec.origin:
        path = Path(spec.origin).parent / "pginstall" / "bin" / name
        if os.access(path, os.X_OK):
            return path
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} not found: install PostgreSQL's client programs or set PG_BIN_DIR.")
    return Path(found)


def connection_params(*, dbname=None) -> dict[str, str]:
    """libpq's parameters for the configured database as Django connects to it, or for the database
    `dbname` of the same server; for the embedded server this starts it if needed (its host is the
    socket folder). For psycopg.connect(**params); the password is among them."""
    params = connections[DEFAULT_DB_ALIAS].get_connection_params()
    params = {key: str(value) for key, value in params.items() if key not in _NOT_LIBPQ and value is not None}
    return {**params, "dbname": dbname} if dbname else params


def _file_prefix(dbname: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", dbname)


def _run(tool, arguments, params, **kwargs) -> subprocess.CompletedProcess:
    params = dict(params)
    env = os.environ.copy()
    password = params.pop("password", None)
    if password:
        env["PGPASSWORD"] = password
    # --no-password: a nightly run must fail rather than wait for someone to type a password.
    command = [str(tool_path(tool)), "--no-password", f"--dbname={make_conninfo(**params)}", *arguments]
    return subprocess.run(command, env=env, stderr=subprocess.PIPE, check=False, **kwargs)  # noqa: S603


def _failure(tool, dbname, result) -> str:
    stderr = result.stderr.decode(errors="replace").strip()
    message = f"{tool} failed on database {dbname} (exit status {result.returncode}):\n{stderr}"
    if "server version mismatch" in stderr or "unsupported version" in stderr:
        message += "\nSet PG_BIN_DIR to the folder of PostgreSQL client programs at least as new as the server."
    return message


def _maintenance_connection(params):
    """A connection to the `postgres` database of the same server, to create or drop the configured one."""
    return psycopg.connect(**{**params, "dbname": "postgres"}, autocommit=True)


def _create_database_if_missing(params) -> bool:
    with _maintenance_connection(params) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [params["dbname"]]).fetchone():
            return False
        # template0: nothing added to template1 on this server can clash with the backup's objects.
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'").format(sql.Identifier(params["dbname"]))
        )
    return True


def _drop_database(params) -> None:
    with _maintenance_connection(params) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(params["dbname"])))


def _user_tables(params) -> list[str]:
    with psycopg.connect(**params) as conn:
        rows = conn.execute(
            """
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'
            ORDER BY c.relname = 'django_migrations' DESC, c.relname
            """
        ).fetchall()
    return [name for (name,) in rows]


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable: after a crash the new name is there, with the whole file behind it."""
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
