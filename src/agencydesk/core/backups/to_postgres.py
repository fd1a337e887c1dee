"""``agencydesk copy_to_postgres``: a SQLite install's rows into PostgreSQL.

The target is migrated by this code, emptied, and filled model by model in
dependency order (rows read through the ORM from a consistent copy of the
SQLite file and written with the target's own value adaptation), all in one
transaction: the copy lands whole or not at all. Then the sequences are moved
past the copied ids and every table's row count is compared.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import environ
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Model

from . import manifest
from .database import Contents, contents_of, quote, read_contents
from .errors import BackupError
from .keys import unreadable_secrets
from .progress import Progress, Say

SOURCE = "agencydesk_copy_source"
USAGE = "copy_to_postgres --from sqlite:////path/to/agencydesk.sqlite3"


def source_path(url: str) -> Path:
    """The SQLite file named by ``sqlite:///relative`` or
    ``sqlite:////absolute`` (or a plain path)."""
    if "://" in url:
        config = environ.Env.db_url_config(url)
        if config.get("ENGINE") != "django.db.backends.sqlite3":
            raise BackupError(
                f"--from must name a SQLite database, e.g. {USAGE}; got {url!r}."
            )
        url = config["NAME"]
    path = Path(url)
    if not path.is_file():
        raise BackupError(f"There is no SQLite database at {path}.")
    with path.open("rb") as head:
        if head.read(16) != b"SQLite format 3\x00":
            raise BackupError(f"{path} is not a SQLite database.")
    return path.resolve()


def copy_order() -> list[type[Model]]:
    """Every table-backed model (many-to-many tables too), each after the
    models its foreign keys point to. A circle is broken by name: the foreign
    keys are checked at commit, so order only keeps the copy readable."""
    models = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]
    wanted = set(models)
    needs = {
        model: {
            field.remote_field.model._meta.concrete_model
            for field in model._meta.local_concrete_fields
            if field.remote_field
            and field.remote_field.model._meta.concrete_model in wanted
            and field.remote_field.model._meta.concrete_model is not model
        }
        for model in models
    }
    ordered: list[type[Model]] = []
    remaining = sorted(models, key=lambda m: m._meta.label)
    while remaining:
        done = set(ordered)
        ready = [m for m in remaining if needs[m] <= done] or remaining[:1]
        ordered.extend(ready)
        remaining = [m for m in remaining if m not in ready]
    return ordered


def copy_to_postgres(url: str, *, force: bool, say: Say, batch: int = 2000) -> None:
    target = connections[DEFAULT_DB_ALIAS]
    if target.vendor != "postgresql":
        raise BackupError(
            f"The configured database is {target.vendor}, not PostgreSQL. Set "
            "DATABASE_URL to the empty PostgreSQL database to copy into, e.g. "
            f"DATABASE_URL=postgres://agencydesk@db.internal/agencydesk agencydesk "
            f"{USAGE}"
        )
    path = source_path(url)
    with tempfile.TemporaryDirectory(prefix="agencydesk-copy-") as tmp:
        snapshot = Path(tmp) / "source.sqlite3"
        say(f"Taking a consistent copy of {path} (online backup API) …")
        origin, copy = sqlite3.connect(path), sqlite3.connect(snapshot)
        try:
            origin.backup(copy)
        finally:
            copy.close()
            origin.close()
        with _source(snapshot) as source:
            _check_source(source)
            models = copy_order()
            _check_target(target, models, force, say)
            say("Migrating the PostgreSQL database (agencydesk migrate) …")
            call_command("migrate", interactive=False, verbosity=0)
            with source.cursor() as cursor:
                expected = read_contents(cursor, "sqlite")
            _copy(source, target, models, expected, batch, say)
            _compare(target, models, expected, say)
    unreadable = unreadable_secrets()
    if unreadable:
        say(
            f"WARNING: {unreadable} — set SECRETS_KEY to the SQLite install's "
            "key (var/secrets_key of the embedded default)."
        )
    say("")
    say(
        "Next: give every node the SQLite install's keys, SECRET_KEY (from "
        "var/secret_key) and SECRETS_KEY (from var/secrets_key); without the "
        "latter the stored access secrets cannot be read. Stored files are not "
        "copied by this command: they stay in the storage they are in."
    )


@contextmanager
def _source(path: Path) -> Iterator[Any]:
    """The SQLite copy as a second Django database, for the ORM's reading."""
    configured = connections.configure_settings(
        {
            DEFAULT_DB_ALIAS: dict(connections.settings[DEFAULT_DB_ALIAS]),
            SOURCE: {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)},
        }
    )
    connections.settings[SOURCE] = configured[SOURCE]
    try:
        yield connections[SOURCE]
    finally:
        connections[SOURCE].close()
        del connections[SOURCE]
        del connections.settings[SOURCE]


def _check_source(source: Any) -> None:
    executor = MigrationExecutor(source)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        raise BackupError(
            f"The SQLite install lacks {len(pending)} migrations of this version "
            "(it was made by an older one). Bring it up to date first: "
            "`agencydesk migrate` with DATABASE_URL unset (or pointing at it), "
            "then copy."
        )
    applied: dict[str, list[str]] = {}
    for app, name in executor.loader.applied_migrations:
        applied.setdefault(app, []).append(name)
    newer = manifest.unknown_migrations(applied)
    if newer:
        raise BackupError(
            "The SQLite install was made by a newer version of Agency Desk "
            f"(migrations this code lacks: {', '.join(newer[:5])}). Install "
            "that version or a later one, then copy."
        )


def _check_target(
    target: Any, models: list[type[Model]], force: bool, say: Say
) -> None:
    """An empty database, or one only migrated (its rows are what migrations
    write: no user account yet), is taken; anything else only with --force."""
    current = contents_of(target)
    if current.is_empty:
        say("The PostgreSQL database is empty.")
        return
    ours = {model._meta.db_table for model in models} | {"django_migrations"}
    foreign = sorted(
        t for t, count in current.tables.items() if count and t not in ours
    )
    users = current.tables.get(get_user_model()._meta.db_table, 0)
    if not users and not foreign:
        say(
            "The PostgreSQL database was migrated but holds no user account: the "
            "rows its migrations wrote are replaced by the SQLite install's."
        )
        return
    held = f"holds {current.describe()}"
    if users:
        held += f", among them {users} user accounts"
    if foreign:
        held += f", and tables that are not Agency Desk's ({', '.join(foreign[:5])})"
    if not force:
        raise BackupError(
            f"Refusing to copy: the PostgreSQL database {held}. The copy replaces "
            "every row of Agency Desk's tables. Copy into an empty database, or "
            "run again with --force to replace what is there."
        )
    say(
        f"--force: the PostgreSQL database {held}. Every row of Agency Desk's "
        "tables is replaced by the SQLite install's."
    )


def _copy(
    source: Any,
    target: Any,
    models: list[type[Model]],
    expected: Contents,
    batch: int,
    say: Say,
) -> None:
    tables = [model._meta.db_table for model in models]
    total = sum(expected.tables.get(table, 0) for table in tables)
    say(f"Copying {total:,} rows of {len(models)} tables …")
    with transaction.atomic(using=target.alias):
        with target.cursor() as cursor:
            # Django's foreign keys are DEFERRABLE: checked once, at commit,
            # which also carries the rows of self-references and circles.
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        target.ops.execute_sql_flush(
            target.ops.sql_flush(
                no_style(), tables, reset_sequences=True, allow_cascade=True
            )
        )
        for number, model in enumerate(models, 1):
            table = model._meta.db_table
            label = f"[{number}/{len(models)}] {table}"
            _copy_model(
                source,
                target,
                model,
                batch,
                Progress(say, label, total=expected.tables.get(table, 0), every=5.0),
            )
        reset = target.ops.sequence_reset_sql(
            no_style(), [m for m in models if not m._meta.auto_created]
        )
        with target.cursor() as cursor:
            for statement in reset:
                cursor.execute(statement)


def _copy_model(
    source: Any, target: Any, model: type[Model], batch: int, progress: Progress
) -> None:
    fields = model._meta.local_concrete_fields
    insert = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - quoted names from the models
        quote(model._meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    rows = (
        model._base_manager.using(source.alias)
        .order_by("pk")
        .values_list(*(field.attname for field in fields))
        .iterator(chunk_size=batch)
    )
    pending: list[list[Any]] = []
    with target.cursor() as cursor:
        for row in rows:
            # The ORM read the SQLite values into Python ones (booleans, aware
            # datetimes, decimals, JSON); each field adapts them for PostgreSQL.
            pending.append(
                [
                    field.get_db_prep_save(value, connection=target)
                    for field, value in zip(fields, row, strict=True)
                ]
            )
            if len(pending) >= batch:
                cursor.executemany(insert, pending)
                progress.step(len(pending))
                pending = []
        if pending:
            cursor.executemany(insert, pending)
            progress.step(len(pending))
    if progress.count:
        progress.done()


def _compare(
    target: Any, models: list[type[Model]], expected: Contents, say: Say
) -> None:
    found = contents_of(target)
    copied = {model._meta.db_table for model in models}
    problems = [
        f"{table}: {found.tables.get(table)} rows in PostgreSQL, "
        f"{expected.tables.get(table, 0)} in SQLite"
        for table in sorted(copied)
        if found.tables.get(table) != expected.tables.get(table, 0)
    ]
    left = sorted(
        t
        for t, count in expected.tables.items()
        if count and t not in copied and t != "django_migrations"
    )
    if left:
        say(
            f"  Note: {len(left)} tables of the SQLite file belong to no model of "
            f"this version and were not copied: {', '.join(left)}"
        )
    if problems:
        raise BackupError(
            f"The copy does NOT match the SQLite install ({len(problems)} tables "
            "differ):\n  " + "\n  ".join(problems)
        )
    rows = sum(expected.tables.get(table, 0) for table in copied)
    say(
        f"Copy verified: {len(copied)} tables, {rows:,} rows; every table's row "
        "count is the same in PostgreSQL as in SQLite."
    )
