"""What a database holds (tables, row counts, applied migrations), and the
SQLite side of backups: a consistent copy out, and back in."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import BackupError

ENGINES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def engine_of(connection: Any) -> str:
    """``sqlite`` or ``postgresql``; any other database is refused."""
    if connection.vendor not in ENGINES:
        raise BackupError(
            f"Backups support SQLite and PostgreSQL; the configured database "
            f"is {connection.vendor}."
        )
    return connection.vendor


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def table_names(cursor: Any, engine: str) -> list[str]:
    """Every table of the database (SQLite's own bookkeeping tables aside)."""
    if engine == "sqlite":
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite!_%' ESCAPE '!' ORDER BY name"
        )
    else:
        cursor.execute(
            "SELECT tablename FROM pg_tables "
            "WHERE schemaname = current_schema() ORDER BY tablename"
        )
    return [row[0] for row in cursor.fetchall()]


def row_counts(cursor: Any, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 - quoted names read from the catalogue
        counts[table] = int(cursor.fetchone()[0])
    return counts


def applied_migrations(cursor: Any, tables: list[str]) -> dict[str, list[str]]:
    """Applied migrations by app, as ``django_migrations`` records them."""
    if "django_migrations" not in tables:
        return {}
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    applied: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        applied.setdefault(app, []).append(name)
    return applied


@dataclass(frozen=True)
class Contents:
    """A database's tables with their row counts and its applied migrations."""

    tables: dict[str, int] = field(default_factory=dict)
    migrations: dict[str, list[str]] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(self.tables.values())

    @property
    def migration_count(self) -> int:
        return sum(len(names) for names in self.migrations.values())

    @property
    def is_empty(self) -> bool:
        return not self.rows and not self.migration_count

    def describe(self) -> str:
        filled = sum(1 for count in self.tables.values() if count)
        return (
            f"{self.rows:,} rows in {filled} of {len(self.tables)} tables and "
            f"{self.migration_count} applied migrations"
        )


def read_contents(cursor: Any, engine: str) -> Contents:
    tables = table_names(cursor, engine)
    return Contents(row_counts(cursor, tables), applied_migrations(cursor, tables))


def contents_of(connection: Any) -> Contents:
    """What the configured database holds now."""
    with connection.cursor() as cursor:
        return read_contents(cursor, engine_of(connection))


def sqlite_snapshot(connection: Any, dest: Path) -> Contents:
    """Copy the live SQLite database into ``dest`` (the online backup API, so
    the web server and worker may keep writing) and read what the copy holds."""
    connection.ensure_connection()
    target = sqlite3.connect(dest)
    try:
        # One step (the API's default): a stepped backup starts again whenever
        # another process writes, so on a busy install it might never end;
        # under WAL one long read blocks no writer.
        connection.connection.backup(target)
        # The copy stands alone in the archive, without a -wal file beside it.
        target.execute("PRAGMA journal_mode=DELETE")
        check = target.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise BackupError(
                f"SQLite reports the copy of the database as damaged ({check}); "
                "nothing was written. Check the disk and run `agencydesk backup` again."
            )
        return read_contents(target.cursor(), "sqlite")
    finally:
        target.close()


def sqlite_restore(connection: Any, source: Path) -> None:
    """Replace the configured SQLite database's content with ``source``'s,
    page by page through the backup API (which also keeps the -wal file of
    the live database consistent, unlike copying the file over it)."""
    connection.ensure_connection()
    origin = sqlite3.connect(source)
    try:
        origin.backup(connection.connection)
    except sqlite3.Error as error:
        raise BackupError(
            f"SQLite could not write the restored database ({error}). Stop the "
            "web server and worker of this install and run the restore again."
        ) from error
    finally:
        origin.close()
    connection.close()
