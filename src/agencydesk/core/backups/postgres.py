"""pg_dump and pg_restore: found on PATH, their version checked, run with the
configured database's connection settings."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.backends.postgresql.client import DatabaseClient

from .database import Contents, read_contents
from .errors import BackupError
from .progress import Progress, Say

_VERSION = re.compile(r"\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?")
_TABLE_DATA = re.compile(r'(?:dumping contents of|processing data for) table "([^"]+)"')


def tool_major(version_line: str) -> int:
    """The major version in ``pg_dump (PostgreSQL) 15.20 (Debian …)``."""
    match = _VERSION.search(version_line)
    if not match:
        raise BackupError(f"Cannot read the version of this tool: {version_line!r}.")
    return int(match.group(1))


def find_tool(name: str) -> tuple[str, int, str]:
    """The path, major version and version line of ``pg_dump``/``pg_restore``."""
    path = shutil.which(name)
    if not path:
        raise BackupError(
            f"{name} was not found on PATH. Install the PostgreSQL client tools "
            f"of the server's major version or newer (Debian/Ubuntu: "
            f"`apt install postgresql-client`) and run the command again."
        )
    line = subprocess.run(  # noqa: S603 - a tool found on PATH, fixed arguments
        [path, "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return path, tool_major(line), line


def server_major(connection: Any) -> int:
    connection.ensure_connection()
    return connection.pg_version // 10000


def libpq_env(settings_dict: dict[str, Any]) -> dict[str, str]:
    """The environment that points libpq tools at the configured database
    (the password travels in the environment, never on a command line)."""
    _, extra = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    env = dict(os.environ, **(extra or {}))
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGDATABASE", "NAME"),
    ):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    return env


def _dbname(settings_dict: dict[str, Any]) -> str:
    service = settings_dict["OPTIONS"].get("service")
    return settings_dict.get("NAME") or f"service={service}"


def _run_with_progress(
    command: list[str], env: dict[str, str], progress: Progress, what: str
) -> None:
    """Run a pg tool with --verbose, counting the tables whose data it has
    handled; its other messages are kept for the error."""
    process = subprocess.Popen(  # noqa: S603 - a tool found on PATH, our arguments
        command, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
    )
    messages: deque[str] = deque(maxlen=10)
    assert process.stderr is not None
    for line in _lines(process.stderr):
        if _TABLE_DATA.search(line):
            progress.step()
        else:
            messages.append(line)
    if process.wait() != 0:
        detail = "\n".join(messages) or f"exit status {process.returncode}"
        raise BackupError(f"{what} failed:\n{detail}")
    progress.done()


def _lines(stream: Any) -> Iterator[str]:
    for line in stream:
        yield line.rstrip("\n")


def dump(connection: Any, dest: Path, say: Say) -> tuple[Contents, dict[str, Any]]:
    """``pg_dump --format=custom`` of the configured database into ``dest``,
    with the row counts read from the very snapshot the dump saw."""
    path, major, line = find_tool("pg_dump")
    server = server_major(connection)
    if major < server:
        raise BackupError(
            f"pg_dump {major} cannot dump a PostgreSQL {server} server ({line}). "
            f"Install the client tools of version {server} or newer "
            f"(Debian/Ubuntu: `apt install postgresql-client-{server}`)."
        )
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        # The dump and the counts share one exported snapshot, so the manifest
        # describes exactly what the dump holds while the app keeps writing.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        contents = read_contents(cursor, "postgresql")
        say(
            f"Dumping the PostgreSQL database ({len(contents.tables)} tables, "
            f"{contents.rows:,} rows) with {path} …"
        )
        _run_with_progress(
            [
                path,
                "--format=custom",
                "--verbose",
                f"--snapshot={snapshot}",
                f"--file={dest}",
            ],
            libpq_env(connection.settings_dict),
            Progress(say, "tables dumped", total=len(contents.tables)),
            "pg_dump",
        )
    return contents, {
        "server_version": connection.pg_version,
        "pg_dump": line,
        "pg_dump_major": major,
    }


def restore(
    connection: Any, source: Path, dump_major: int, tables: int, say: Say
) -> None:
    """``pg_restore --clean --if-exists`` of ``source`` into the configured
    database, in one transaction: it lands whole or not at all."""
    path, major, line = find_tool("pg_restore")
    if major < dump_major:
        raise BackupError(
            f"The backup was written by pg_dump {dump_major}; pg_restore {major} "
            f"cannot read it ({line}). Install the client tools of version "
            f"{dump_major} or newer."
        )
    env = libpq_env(connection.settings_dict)
    # Leave out COMMENT ON EXTENSION: only the extension's owner (a superuser)
    # may set it, and it is the one entry that fails for a database owner.
    listing = subprocess.run(  # noqa: S603 - a tool found on PATH, our arguments
        [path, "--list", str(source)],
        capture_output=True,
        text=True,
        check=False,
    )
    if listing.returncode != 0:
        raise BackupError(
            f"pg_restore cannot read the database dump: {listing.stderr.strip()}"
        )
    entries = [
        entry
        for entry in listing.stdout.splitlines()
        if not re.search(r"\bCOMMENT - EXTENSION\b", entry)
    ]
    toc = source.with_suffix(".toc")
    toc.write_text("\n".join(entries) + "\n")
    connection.close()
    say(f"Restoring the PostgreSQL database with {path} …")
    _run_with_progress(
        [
            path,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--verbose",
            f"--use-list={toc}",
            f"--dbname={_dbname(connection.settings_dict)}",
            str(source),
        ],
        env,
        Progress(say, "tables restored", total=tables),
        "pg_restore",
    )
