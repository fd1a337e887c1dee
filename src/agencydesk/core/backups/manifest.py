"""The manifest of a backup archive: what it holds and how to check it."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from importlib import metadata
from typing import Any

from django.apps import apps
from django.db.migrations.loader import MigrationLoader

from .database import ENGINES, Contents
from .errors import BackupError

FORMAT = 1
NAME = "manifest.json"
FILES = "files/"
DATABASE = {
    "sqlite": "database/agencydesk.sqlite3",
    "postgresql": "database/agencydesk.pgdump",
}
KEYS_REMINDER = (
    "The keys are NOT in this backup: SECRET_KEY (sessions, signed links) and "
    "SECRETS_KEY (encrypts the stored access secrets and mailbox passwords) must "
    "be kept apart, somewhere safe. Without the SECRETS_KEY of this install the "
    "restored access secrets cannot be read. (The embedded default keeps them "
    "in var/secret_key and var/secrets_key.)"
)


def app_version() -> str:
    try:
        return metadata.version("agencydesk")
    except metadata.PackageNotFoundError:
        return "unknown"


def build(
    engine: str,
    contents: Contents,
    database: dict[str, Any],
    files: list[dict[str, Any]],
    storage: str,
) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "app": {"name": "agencydesk", "version": app_version()},
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": {"engine": engine, "member": DATABASE[engine], **database},
        "migrations": contents.migrations,
        "tables": contents.tables,
        "storage": {"backend": storage, "files": len(files)},
        "files": files,
        "keys_included": False,
        "keys": KEYS_REMINDER,
    }


def parse(raw: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(raw)
    except ValueError as error:
        raise BackupError(
            f"The backup's manifest is not valid JSON ({error})."
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(
            "The backup's manifest has a format this version of Agency Desk "
            f"does not read (format {manifest.get('format')!r}, expected {FORMAT})."
            if isinstance(manifest, dict)
            else "The backup's manifest is not an object."
        )
    engine = manifest.get("database", {}).get("engine")
    if engine not in ENGINES:
        raise BackupError(
            f"The backup's manifest names an unknown database {engine!r}."
        )
    for key, kind in (
        ("app", dict),
        ("tables", dict),
        ("migrations", dict),
        ("files", list),
    ):
        if not isinstance(manifest.get(key), kind):
            raise BackupError(f"The backup's manifest lacks its {key!r}.")
    for entry in manifest["files"]:
        if not (
            isinstance(entry, dict)
            and isinstance(entry.get("name"), str)
            and isinstance(entry.get("size"), int)
            and isinstance(entry.get("sha256"), str)
        ):
            raise BackupError(f"The backup's manifest lists a file oddly: {entry!r}.")
    return manifest


def contents(manifest: dict[str, Any]) -> Contents:
    return Contents(dict(manifest["tables"]), dict(manifest["migrations"]))


def unknown_migrations(applied: dict[str, list[str]]) -> list[str]:
    """Migrations of this install's apps that the backup has applied but this
    code does not have: the backup was made by a newer version."""
    on_disk = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    installed = {config.label for config in apps.get_app_configs()}
    return sorted(
        f"{app}.{name}"
        for app, names in applied.items()
        if app in installed
        for name in names
        if (app, name) not in on_disk
    )
