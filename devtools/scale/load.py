"""Streaming generated rows into PostgreSQL with COPY, inside the caller's transaction.

For the time of the load, and only inside its transaction (PostgreSQL's DDL is transactional, so a
failed load leaves everything as it was):
- the tables are locked against other writers, so the ids handed out by the generators stay free;
- the change-history triggers of django-pghistory are disabled: generated rows get no history; so is
  the trigger that copies a resident's grid and community from the dwelling, which the generator writes;
- the foreign keys of the loaded tables are dropped and added back at the end. Adding a foreign
  key checks every row in one join, where keeping it checks each row on its own;
- the indexes that back no constraint are dropped and built again at the end: one sort per index
  is cheaper than updating twenty indexes of the request table row by row (at 100,000 residents and
  300,000 requests: 36 s instead of 48 s). Primary keys, unique and check constraints stay in force
  throughout.
"""

import time

import pghistory.trigger
import pgtrigger
from django.db import connection

from .rows import TABLES


class BulkLoad:
    def __init__(self):
        self.tables = {key: model._meta.db_table for key, (model, _columns) in TABLES.items()}
        self.triggers: list[tuple[str, str]] = []
        self.foreign_keys: list[tuple[str, str, str]] = []
        self.ids: dict[str, int] = {}
        self.indexes: list[tuple[str, str]] = []
        self.seconds: dict[str, float] = dict.fromkeys(TABLES, 0.0)

    def begin(self) -> dict[str, int]:
        """Prepare the tables; return, per table, the last id in use (generated rows take the next ones)."""
        tables = list(self.tables.values())
        with connection.cursor() as cursor:
            # Checks still pending from earlier in the transaction run now, before the tables are altered.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"LOCK TABLE {', '.join(tables)} IN SHARE ROW EXCLUSIVE MODE")
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) ORDER BY conrelid::regclass::text, conname",
                [tables],
            )
            self.foreign_keys = cursor.fetchall()
            for table, name, _definition in self.foreign_keys:
                cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            # Indexes that back no constraint are built again at the end: one sort per index is
            # far cheaper than updating twenty of them row by row.
            cursor.execute(
                "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
                "WHERE indrelid = ANY(%s::regclass[]) AND NOT indisprimary AND NOT indisunique "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = indexrelid)",
                [tables],
            )
            self.indexes = cursor.fetchall()
            for name, _definition in self.indexes:
                cursor.execute(f"DROP INDEX {name}")
            self.triggers = self._history_triggers(cursor)
            for table, name in self.triggers:
                cursor.execute(f'ALTER TABLE {table} DISABLE TRIGGER "{name}"')
            for key, table in self.tables.items():
                cursor.execute(
                    f"SELECT GREATEST((SELECT COALESCE(MAX(id), 0) FROM {table}), "  # noqa: S608 - our table names
                    f"(SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM {self._sequence(cursor, table)}))"
                )
                self.ids[key] = cursor.fetchone()[0]
        return dict(self.ids)

    def copy(self, key: str, data: bytes) -> None:
        _model, columns = TABLES[key]
        raw = connection.connection
        started = time.monotonic()
        with raw.cursor() as cursor, cursor.copy(f"COPY {self.tables[key]} ({', '.join(columns)}) FROM STDIN") as copy:
            copy.write(data)
        self.seconds[key] += time.monotonic() - started

    def finish(self, last_ids: dict[str, int]) -> None:
        """Move the id sequences past the generated rows, build the dropped indexes again, add the
        foreign keys back (which checks every row) and enable the history triggers again."""
        with connection.cursor() as cursor:
            for key, table in self.tables.items():
                if last_ids[key] > self.ids[key]:
                    cursor.execute(f"SELECT setval('{self._sequence(cursor, table)}', %s)", [last_ids[key]])
            # Each index is one sort of a table of millions of rows: give it the memory to sort
            # in one pass (for this transaction only).
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            for _name, definition in self.indexes:
                cursor.execute(definition)
            for table, name, definition in self.foreign_keys:
                cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
            for table, name in self.triggers:
                cursor.execute(f'ALTER TABLE {table} ENABLE TRIGGER "{name}"')

    def analyze(self, extra_tables=()) -> None:
        with connection.cursor() as cursor:
            for table in [*self.tables.values(), *extra_tables]:
                cursor.execute(f"ANALYZE {table}")

    def _history_triggers(self, cursor) -> list[tuple[str, str]]:
        """The triggers of the loaded tables whose work the generator does or skips (pghistory's, and
        the resident's area), as (table, trigger name)."""
        models = {model for model, _columns in TABLES.values()}
        wanted = {
            (model._meta.db_table, trigger.get_pgid(model))
            for model, trigger in pgtrigger.registered()
            if model in models and isinstance(trigger, pghistory.trigger.Event)
        }
        cursor.execute(
            "SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE NOT tgisinternal "
            "AND tgrelid = ANY(%s::regclass[])",
            [list(self.tables.values())],
        )
        wanted.add(("residents_resident", "residents_resident_area"))
        return sorted(set(cursor.fetchall()) & wanted)

    @staticmethod
    def _sequence(cursor, table: str) -> str:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        return cursor.fetchone()[0]
