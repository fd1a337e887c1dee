"""``agencydesk restore``: an archive back into the configured database and
storage, then proven against its manifest."""

from __future__ import annotations

import shutil
import tarfile
import tempfile
import zlib
from pathlib import Path
from typing import Any

from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from . import manifest, postgres
from .database import ENGINES, contents_of, engine_of, sqlite_restore
from .errors import BackupError
from .files import check_name, digest, has_files, put
from .keys import unreadable_secrets
from .progress import Progress, Say


def backup_restore(path: Path, *, force: bool, say: Say) -> None:
    connection = connections[DEFAULT_DB_ALIAS]
    engine = engine_of(connection)
    storage = default_storage
    with _open(path) as tar:
        meta = _read_manifest(tar)
        _check_engine(meta["database"]["engine"], engine)
        newer = manifest.unknown_migrations(meta["migrations"])
        if newer:
            raise BackupError(
                f"The backup was made by a newer version of Agency Desk "
                f"({meta['app'].get('version')}; migrations this code lacks: "
                f"{', '.join(newer[:5])}{' …' if len(newer) > 5 else ''}). "
                "Install that version or a later one, then restore."
            )
        names = [check_name(entry["name"]) for entry in meta["files"]]
        _check_target(connection, storage, force, say)
        say(
            f"Restoring the backup of {meta.get('created_at')} (Agency Desk "
            f"{meta['app'].get('version')}, {ENGINES[engine]}): "
            f"{manifest.contents(meta).rows:,} rows, {len(names)} files."
        )
        _restore_database(tar, meta, connection, engine, say)
        _restore_files(tar, meta, storage, say)
    verify(connection, storage, meta, say)
    _after(connection, say)


def _open(path: Path) -> tarfile.TarFile:
    if not path.is_file():
        raise BackupError(f"There is no backup at {path}.")
    try:
        return tarfile.open(path, "r:gz")
    except (tarfile.TarError, OSError):
        raise BackupError(
            f"{path} is not a backup of Agency Desk (a .tar.gz written by "
            "`agencydesk backup`)."
        ) from None


def _read_manifest(tar: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = tar.extractfile(manifest.NAME)
    except KeyError:
        member = None
    except (tarfile.TarError, OSError, EOFError, zlib.error) as error:
        raise BackupError(
            f"The backup is damaged or incomplete ({error}); nothing was restored."
        ) from None
    if member is None:
        raise BackupError(
            "The archive holds no manifest.json: it is not a complete backup of "
            "Agency Desk (an interrupted backup leaves no archive at all)."
        )
    return manifest.parse(member.read())


def _check_engine(backed_up: str, configured: str) -> None:
    if backed_up == configured:
        return
    if backed_up == "sqlite":
        raise BackupError(
            "This backup holds a SQLite database and the configured database is "
            "PostgreSQL. Restore it into a SQLite install (DATABASE_URL unset), "
            "then copy that install into PostgreSQL with `agencydesk "
            "copy_to_postgres --from sqlite:////path/to/agencydesk.sqlite3` "
            "(docs/deployment.md, 'From the embedded default to PostgreSQL')."
        )
    raise BackupError(
        "This backup holds a PostgreSQL database and the configured database is "
        "SQLite. Set DATABASE_URL to a PostgreSQL database to restore it; there "
        "is no way from PostgreSQL back to the embedded SQLite database."
    )


def _check_target(connection: Any, storage: Any, force: bool, say: Say) -> None:
    """Refuse to overwrite anything unless told to; when told, say what goes."""
    current = contents_of(connection)
    stored = has_files(storage)
    if current.is_empty and not stored:
        return
    held = []
    if not current.is_empty:
        held.append(f"the database holds {current.describe()}")
    if stored:
        held.append("the file storage holds files")
    if not force:
        raise BackupError(
            f"Refusing to restore: {' and '.join(held)}. A restore replaces the "
            "database with the backup's. Restore into an empty database and "
            "storage, or run again with --force to replace what is there."
        )
    say(f"--force: {' and '.join(held)}.")
    if not current.is_empty:
        say(
            "  The database's tables are replaced by the backup's "
            "(its rows and migrations are lost)."
        )
    if stored:
        say(
            "  Stored files named in the backup are replaced; other stored "
            "files are left as they are."
        )


def _restore_database(
    tar: tarfile.TarFile, meta: dict[str, Any], connection: Any, engine: str, say: Say
) -> None:
    member = meta["database"]["member"]
    with tempfile.TemporaryDirectory(prefix="agencydesk-restore-") as tmp:
        dump = Path(tmp) / Path(member).name
        try:
            source = tar.extractfile(member)
        except KeyError:
            source = None
        if source is None:
            raise BackupError(f"The backup lacks its database ({member}).")
        say(f"Unpacking the database ({member}) …")
        with source, dump.open("wb") as out:
            shutil.copyfileobj(source, out, 1024 * 1024)
        if engine == "postgresql":
            postgres.restore(
                connection,
                dump,
                int(meta["database"].get("pg_dump_major", 0)),
                len(meta["tables"]),
                say,
            )
        else:
            say("Restoring the SQLite database (online backup API) …")
            sqlite_restore(connection, dump)


def _restore_files(
    tar: tarfile.TarFile, meta: dict[str, Any], storage: Any, say: Say
) -> None:
    entries = meta["files"]
    progress = Progress(say, "files restored", total=len(entries))
    for entry in entries:
        name = entry["name"]
        try:
            source = tar.extractfile(manifest.FILES + name)
        except KeyError:
            source = None
        if source is None:
            raise BackupError(f"The backup lacks the stored file {name}.")
        with source:
            put(storage, name, source)
        progress.step(size=int(entry.get("size", 0)))
    progress.done()


def verify(connection: Any, storage: Any, meta: dict[str, Any], say: Say) -> None:
    """Every table's row count and every file's size and hash against the
    manifest; a summary, and an error listing every difference."""
    say("Checking the restore against the backup's manifest …")
    expected = manifest.contents(meta)
    found = contents_of(connection)
    problems = []
    for table, count in sorted(expected.tables.items()):
        got = found.tables.get(table)
        if got is None:
            problems.append(f"table {table}: missing (expected {count} rows)")
        elif got != count:
            problems.append(f"table {table}: {got} rows, expected {count}")
    if found.migrations != expected.migrations:
        problems.append(
            f"applied migrations: {found.migration_count}, expected "
            f"{expected.migration_count}"
        )
    extra = sorted(set(found.tables) - set(expected.tables))
    progress = Progress(say, "files checked", total=len(meta["files"]))
    for entry in meta["files"]:
        name = entry["name"]
        try:
            size, sha256 = digest(storage, name)
        except FileNotFoundError:
            problems.append(f"file {name}: missing")
            continue
        if (size, sha256) != (entry.get("size"), entry.get("sha256")):
            problems.append(
                f"file {name}: {size} bytes sha256 {sha256[:12]}…, expected "
                f"{entry.get('size')} bytes sha256 {str(entry.get('sha256'))[:12]}…"
            )
        progress.step(size=size)
    progress.done()
    if extra:
        say(
            f"  Note: {len(extra)} tables not in the backup were left as they "
            f"are: {', '.join(extra[:10])}{' …' if len(extra) > 10 else ''}"
        )
    if problems:
        listed = "\n  ".join(problems[:50])
        more = f"\n  … and {len(problems) - 50} more" if len(problems) > 50 else ""
        raise BackupError(
            f"The restore does NOT match the backup ({len(problems)} "
            f"differences):\n  {listed}{more}"
        )
    say(
        f"Restore verified: {len(expected.tables)} tables with {expected.rows:,} "
        f"rows and {len(meta['files'])} files match the backup "
        "(row counts, sizes and SHA-256)."
    )


def _after(connection: Any, say: Say) -> None:
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        say(
            f"This version of Agency Desk has {len(plan)} migrations the backup "
            "lacks: run `agencydesk migrate` before starting it."
        )
    unreadable = unreadable_secrets()
    if unreadable:
        say(
            f"WARNING: {unreadable} — set SECRETS_KEY to the key of the install "
            "that made the backup."
        )
    say("")
    say(manifest.KEYS_REMINDER)
