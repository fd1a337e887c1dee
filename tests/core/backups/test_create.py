"""``agencydesk backup``: what the archive holds and how it fails."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from agencydesk.core.backups.postgres import tool_major

from .conftest import PG_SERVER, counts_here, run


@pytest.mark.usefixtures("committed_db")
def test_the_archive_holds_the_database_the_files_and_a_manifest_to_check_them(
    tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    default_storage.save("imports/a.csv", ContentFile(b"abc"))
    path = tmp_path / "b.tar.gz"

    call_command("backup", output=str(path), stdout=io.StringIO())

    with tarfile.open(path) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert manifest["database"]["member"] in names
    assert "files/imports/a.csv" in names
    assert manifest["files"] == [
        {
            "name": "imports/a.csv",
            "size": 3,
            "sha256": hashlib.sha256(b"abc").hexdigest(),
        }
    ]
    assert manifest["tables"] == counts_here()
    assert "0001_initial" in manifest["migrations"]["desk"]
    assert manifest["app"]["version"] and manifest["created_at"]
    assert manifest["keys_included"] is False
    # An existing file is never overwritten.
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", output=str(path), stdout=io.StringIO())


def test_an_archive_inside_the_storage_it_backs_up_is_refused(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "exports").mkdir(parents=True)

    with pytest.raises(CommandError, match="inside the file storage"):
        call_command(
            "backup", output=str(tmp_path / "media" / "exports"), stdout=io.StringIO()
        )
    assert not list((tmp_path / "media").rglob("*.tar.gz*"))


def test_without_pg_dump_the_backup_says_what_to_install(tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()
    env = {
        "AGENCYDESK_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"{PG_SERVER}/ad_never_made_{uuid.uuid4().hex[:8]}",
        "PATH": str(empty),
    }

    result = run(["backup", "--output", str(tmp_path / "b.tar.gz")], env)

    assert result.returncode == 1
    assert "pg_dump was not found on PATH" in result.stderr
    assert "postgresql-client" in result.stderr
    assert not list(tmp_path.glob("b.tar.gz*"))


def test_tool_versions_are_read_from_their_version_line():
    assert tool_major("pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)") == 15
    assert tool_major("pg_restore (PostgreSQL) 17.2") == 17
