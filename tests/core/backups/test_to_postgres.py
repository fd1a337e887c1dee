"""``agencydesk copy_to_postgres``: the embedded default's SQLite database
into a PostgreSQL database, as an operator moves to several machines."""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys

import pytest
from django.db import connection

from agencydesk.demo import load

from .conftest import ROOT, pg_counts, run, sql, sqlite_counts


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="the copy's source is the SQLite test database; it runs in the "
    "suite's SQLite run",
)
@pytest.mark.usefixtures("committed_db")
def test_the_demo_agency_copied_into_postgres_has_every_row(
    tmp_path, settings, pg_database
):
    settings.MEDIA_ROOT = tmp_path / "media"
    var = tmp_path / "var"
    var.mkdir()
    env = {"AGENCYDESK_VAR_DIR": str(var), "DATABASE_URL": pg_database}
    # The operator migrated the new database first (the docs allow it); done
    # while the demo loads, to keep the test short. The copy migrates anyway.
    migrate = subprocess.Popen(
        [sys.executable, "-m", "agencydesk.cli", "migrate", "-v0"],
        env={
            **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
            "DJANGO_SETTINGS_MODULE": "agencydesk.settings",
            "PYTHONPATH": str(ROOT / "src"),
            **env,
        },
    )
    load(out=io.StringIO())
    source = tmp_path / "agencydesk.sqlite3"
    copy = sqlite3.connect(source)
    connection.connection.backup(copy)
    copy.close()
    assert migrate.wait(timeout=120) == 0

    copied = run(["copy_to_postgres", "--from", f"sqlite:///{source}"], env)

    assert copied.returncode == 0, copied.stderr
    assert "migrated but holds no user account" in copied.stdout
    assert "Copy verified" in copied.stdout
    counts = sqlite_counts(source)
    assert counts["desk_ticket"] > 0
    assert pg_counts(pg_database) == counts
    # The sequences moved past the copied ids: the next row gets a new one.
    largest = max(
        row[0] for row in sqlite3.connect(source).execute("SELECT id FROM auth_group")
    )
    added = sql(
        pg_database, "INSERT INTO auth_group (name) VALUES ('New') RETURNING id"
    )
    assert added[0][0] > largest

    again = run(["copy_to_postgres", "--from", f"sqlite:///{source}"], env)

    assert again.returncode == 1
    assert "Refusing to copy" in again.stderr and "user accounts" in again.stderr


def test_the_copy_needs_a_sqlite_source_and_a_postgres_target(tmp_path):
    not_sqlite = tmp_path / "notes.sqlite3"
    not_sqlite.write_text("hello")
    env = {"AGENCYDESK_VAR_DIR": str(tmp_path / "var")}

    into_sqlite = run(["copy_to_postgres", "--from", f"sqlite:///{not_sqlite}"], env)
    from_text = run(
        ["copy_to_postgres", "--from", f"sqlite:///{not_sqlite}"],
        {**env, "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/ad_never_made"},
    )

    assert into_sqlite.returncode == 1
    assert "not PostgreSQL" in into_sqlite.stderr
    assert from_text.returncode == 1
    assert "is not a SQLite database" in from_text.stderr
