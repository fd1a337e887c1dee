"""``agencydesk backup``: the database and every stored file into one archive."""

from __future__ import annotations

import io
import json
import sqlite3
import tarfile
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections

from . import manifest, postgres
from .database import ENGINES, Contents, engine_of, sqlite_snapshot
from .errors import BackupError
from .files import HashingReader, walk
from .progress import Progress, Say, human_size


def archive_path(output: str | None, storage: Any) -> Path:
    """Where the archive goes: the path given, a fresh name inside a folder
    given, or a fresh name in the current folder. An existing file is never
    overwritten, and an archive inside the storage it backs up (it would
    back itself up) is refused."""
    name = f"agencydesk-backup-{datetime.now().strftime('%Y%m%d-%H%M%S')}.tar.gz"  # noqa: DTZ005 - a file name in the operator's local time
    path = Path(output) if output else Path.cwd() / name
    if path.is_dir():
        path = path / name
    if path.exists():
        raise BackupError(f"{path} exists already; choose another --output.")
    if not path.parent.is_dir():
        raise BackupError(f"The folder {path.parent} does not exist.")
    try:
        stored = Path(storage.path("")).resolve()
    except NotImplementedError:  # an object store: no local folder to avoid
        return path
    if path.parent.resolve().is_relative_to(stored):
        raise BackupError(
            f"{path} is inside the file storage ({stored}) that the backup "
            "reads; write the archive somewhere else."
        )
    return path


def backup_create(output: str | None, say: Say) -> Path:
    """Write the archive and return its path; on any failure nothing is left
    behind but the error."""
    connection = connections[DEFAULT_DB_ALIAS]
    engine = engine_of(connection)
    storage = default_storage
    path = archive_path(output, storage)
    partial = path.with_name(path.name + ".partial")
    say(
        f"Backing up Agency Desk {manifest.app_version()} ({ENGINES[engine]}) to {path}"
    )
    try:
        with tempfile.TemporaryDirectory(
            dir=path.parent, prefix=".agencydesk-backup-"
        ) as tmp:
            dump = Path(tmp) / Path(manifest.DATABASE[engine]).name
            contents, database = _database(connection, engine, dump, say)
            # Level 1: stored files are mostly compressed already (images,
            # PDFs, archives) and so is a custom-format dump; more costs time.
            with tarfile.open(partial, "w:gz", compresslevel=1) as tar:
                tar.add(dump, arcname=manifest.DATABASE[engine])
                files = _add_files(tar, storage, say)
                body = manifest.build(
                    engine,
                    contents,
                    database,
                    files,
                    f"{type(storage).__module__}.{type(storage).__qualname__}",
                )
                _add_bytes(tar, manifest.NAME, json.dumps(body, indent=1).encode())
        partial.rename(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    say(
        f"Backup written: {path} ({human_size(path.stat().st_size)}): "
        f"{contents.rows:,} rows in {len(contents.tables)} tables, "
        f"{len(files)} files ({human_size(sum(f['size'] for f in files))})."
    )
    say("")
    say(manifest.KEYS_REMINDER)
    return path


def _database(
    connection: Any, engine: str, dump: Path, say: Say
) -> tuple[Contents, dict[str, Any]]:
    if engine == "postgresql":
        return postgres.dump(connection, dump, say)
    say("Copying the SQLite database (online backup API) …")
    started = time.monotonic()
    contents = sqlite_snapshot(connection, dump)
    say(
        f"  database: {contents.rows:,} rows in {len(contents.tables)} tables "
        f"({human_size(dump.stat().st_size)}), done in "
        f"{time.monotonic() - started:.1f} s"
    )
    return contents, {"sqlite_version": sqlite3.sqlite_version}


def _add_files(tar: tarfile.TarFile, storage: Any, say: Say) -> list[dict[str, Any]]:
    say("Listing the stored files …")
    names = list(walk(storage))
    progress = Progress(say, "files", total=len(names))
    entries = []
    for name in names:
        try:
            entry = _add_file(tar, storage, name)
        except FileNotFoundError:
            # Deleted since it was listed; the database copy made before may
            # still name it, as it would after any restore to that moment.
            say(f"  skipped {name}: deleted while the backup ran")
            continue
        entries.append(entry)
        progress.step(size=entry["size"])
    progress.done()
    return entries


def _add_file(tar: tarfile.TarFile, storage: Any, name: str) -> dict[str, Any]:
    size = storage.size(name)
    with storage.open(name, "rb") as raw:
        reader = HashingReader(raw)
        info = tarfile.TarInfo(manifest.FILES + name)
        info.size = size
        info.mtime = int(time.time())
        info.mode = 0o644
        try:
            tar.addfile(info, reader)
        except OSError as error:
            raise BackupError(
                f"{name} changed while it was being read ({error}); "
                "run the backup again."
            ) from error
        if raw.read(1):
            raise BackupError(
                f"{name} grew while it was being read; run the backup again."
            )
    return {"name": name, "size": size, "sha256": reader.sha256.hexdigest()}


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(time.time())
    info.mode = 0o644
    tar.addfile(info, io.BytesIO(data))
