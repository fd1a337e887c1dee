"""Real databases for backups: the commands run in their own processes
against scratch databases (a fresh SQLite file, or a PostgreSQL database
made and dropped here on 127.0.0.1:5432, user postgres)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]
PG_SERVER = "postgres://postgres@127.0.0.1:5432"


def pg_server() -> str:
    """The PostgreSQL server of this run (the one DATABASE_URL names), or the
    local default; the test is skipped when neither answers."""
    url = os.environ.get("DATABASE_URL", "")
    server = url.rsplit("/", 1)[0] if url.startswith("postgres") else PG_SERVER
    import psycopg

    try:
        with psycopg.connect(f"{server}/postgres", connect_timeout=3):
            pass
    except psycopg.OperationalError as error:
        pytest.skip(f"PostgreSQL is not reachable at {server} ({error})")
    return server


def sql(url: str, statement: str, *, autocommit: bool = False) -> list[tuple]:
    import psycopg

    with psycopg.connect(url, autocommit=autocommit) as conn:
        cursor = conn.execute(statement)
        return cursor.fetchall() if cursor.description else []


@pytest.fixture
def pg_database():
    """A fresh, empty PostgreSQL database; its URL. Dropped afterwards."""
    server = pg_server()
    name = f"ad_backup_{uuid.uuid4().hex[:12]}"
    sql(f"{server}/postgres", f'CREATE DATABASE "{name}"', autocommit=True)
    yield f"{server}/{name}"
    sql(
        f"{server}/postgres",
        f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
        autocommit=True,
    )


def run(args: list[str], env: dict[str, str], timeout: int = 120):
    """``agencydesk <args>`` in a process of its own, with the product's real
    settings and only the given configuration."""
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DATABASE_URL", "SECRET", "DJANGO_", "MEDIA_ROOT"))
    }
    base.update(
        DJANGO_SETTINGS_MODULE="agencydesk.settings",
        PYTHONPATH=str(ROOT / "src"),
        **env,
    )
    return subprocess.run(
        [sys.executable, "-m", "agencydesk.cli", *args],
        env=base,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )


def sqlite_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite%'"
            )
        ]
        return {
            t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables
        }


def pg_counts(url: str) -> dict[str, int]:
    tables = [
        row[0]
        for row in sql(
            url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        )
    ]
    return {t: sql(url, f'SELECT COUNT(*) FROM "{t}"')[0][0] for t in tables}


def counts_here() -> dict[str, int]:
    """Every table's row count in the test process's own database."""
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
        return counts


def file_hashes(root: Path) -> dict[str, str]:
    """Name → SHA-256 of every file of a local storage, walked through the
    storage API."""
    storage = FileSystemStorage(location=root)
    hashes: dict[str, str] = {}

    def walk(path: str) -> None:
        if not storage.exists(path or "."):
            return
        dirs, files = storage.listdir(path)
        for name in files:
            full = f"{path}/{name}" if path else name
            with storage.open(full, "rb") as f:
                hashes[full] = hashlib.sha256(f.read()).hexdigest()
        for name in dirs:
            walk(f"{path}/{name}" if path else name)

    walk("")
    return hashes


@dataclass
class Target:
    """A fresh install to restore into: its own database (the engine of this
    run) and its own file storage."""

    root: Path
    database_url: str = ""
    env: dict[str, str] = field(default_factory=dict)

    @property
    def media(self) -> Path:
        return self.root / "media"

    def counts(self) -> dict[str, int]:
        if self.database_url:
            return pg_counts(self.database_url)
        return sqlite_counts(self.root / "var" / "agencydesk.sqlite3")

    def execute(self, statement: str) -> None:
        if self.database_url:
            sql(self.database_url, statement)
        else:
            with sqlite3.connect(self.root / "var" / "agencydesk.sqlite3") as conn:
                conn.execute(statement)

    def run(self, *args: str, **env: str):
        return run(list(args), {**self.env, **env})


@pytest.fixture
def target(tmp_path, settings, request):
    root = tmp_path / "target"
    (root / "var").mkdir(parents=True)
    env = {
        "AGENCYDESK_VAR_DIR": str(root / "var"),
        "MEDIA_ROOT": str(root / "media"),
        # The install that made the backup: its secrets stay readable.
        "SECRETS_KEY": settings.SECRETS_KEY,
    }
    url = ""
    if connection.vendor == "postgresql":
        url = request.getfixturevalue("pg_database")
        env["DATABASE_URL"] = url
    return Target(root=root, database_url=url, env=env)
