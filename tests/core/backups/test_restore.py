"""Backup → restore into a fresh database and storage, as an operator does it:
``agencydesk backup`` here, ``agencydesk restore`` in a new install's process."""

from __future__ import annotations

import io
import os
import tarfile
import uuid
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from agencydesk.comms.models import Mailbox
from agencydesk.demo import load

from ...factories.people import make_staff
from .conftest import PG_SERVER, counts_here, file_hashes, run


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _backup(tmp_path) -> tuple[str, str]:
    path = tmp_path / "agencydesk-backup.tar.gz"
    out = io.StringIO()
    call_command("backup", output=str(path), stdout=out)
    return str(path), out.getvalue()


@pytest.mark.usefixtures("committed_db")
def test_the_demo_agency_comes_back_whole_in_a_fresh_database_and_storage(
    tmp_path, target
):
    load(out=io.StringIO())
    # Besides the demo's archive ZIP: a larger binary file, a non-ASCII name
    # in a nested folder and an empty file.
    default_storage.save("tickets/2026/scan.bin", ContentFile(os.urandom(300_000)))
    default_storage.save("materials/kopi/Логотип 品牌.svg", ContentFile(b"<svg/>"))
    default_storage.save("imports/empty.csv", ContentFile(b""))
    counts, hashes = counts_here(), file_hashes(tmp_path / "media")
    assert counts["desk_ticket"] > 0 and len(hashes) >= 4

    archive, printed = _backup(tmp_path)
    assert "NOT in this backup" in printed and "SECRETS_KEY" in printed

    restored = target.run("restore", archive)

    assert restored.returncode == 0, restored.stderr
    assert "Restore verified" in restored.stdout
    assert "NOT in this backup" in restored.stdout
    assert target.counts() == counts
    assert file_hashes(target.media) == hashes
    # The restored install is at this code's version: nothing to migrate.
    assert target.run("migrate", "--check").returncode == 0


@pytest.mark.usefixtures("committed_db")
def test_a_restore_refuses_a_database_in_use_and_replaces_it_only_when_forced(
    tmp_path, target
):
    make_staff(full_name="Backed Up")
    mailbox = Mailbox(
        name="Desk", host="imap.agency.test", username="desk", reply_address="d@a.test"
    )
    mailbox.set_password("imap-password")
    mailbox.save()
    default_storage.save("imports/clients.csv", ContentFile(b"name\nKopi\n"))
    counts = counts_here()
    archive, _ = _backup(tmp_path)
    assert target.run("restore", archive).returncode == 0
    # The restored install is used: a role is added.
    target.execute("INSERT INTO auth_group (name) VALUES ('Added later')")
    in_use = target.counts()

    refused = target.run("restore", archive)

    assert refused.returncode == 1
    assert "Refusing to restore" in refused.stderr
    assert "--force" in refused.stderr
    assert target.counts() == in_use

    other_key = Fernet.generate_key().decode()
    forced = target.run("restore", archive, "--force", SECRETS_KEY=other_key)

    assert forced.returncode == 0, forced.stderr
    assert "--force: the database holds" in forced.stdout
    assert "Restore verified" in forced.stdout
    assert target.counts() == counts
    # Restored under another key, the mailbox password cannot be read: said.
    assert "cannot read the stored secrets (comms.Mailbox.password)" in forced.stdout


@pytest.mark.usefixtures("committed_db")
def test_a_backup_of_one_database_engine_is_refused_by_the_other(tmp_path):
    archive, _ = _backup(tmp_path)
    var = tmp_path / "other" / "var"
    var.mkdir(parents=True)
    env = {"AGENCYDESK_VAR_DIR": str(var), "MEDIA_ROOT": str(var / "media")}
    if connection.vendor == "sqlite":
        # Refused before any connection: the database need not exist.
        env["DATABASE_URL"] = f"{PG_SERVER}/ad_never_made_{uuid.uuid4().hex[:8]}"

    refused = run(["restore", archive], env)

    assert refused.returncode == 1
    if connection.vendor == "sqlite":
        assert "holds a SQLite database" in refused.stderr
        assert "agencydesk copy_to_postgres --from sqlite:///" in refused.stderr
    else:
        assert "holds a PostgreSQL database" in refused.stderr


@pytest.mark.usefixtures("committed_db")
def test_a_damaged_or_foreign_archive_is_refused_before_anything_changes(tmp_path):
    archive, _ = _backup(tmp_path)
    truncated = tmp_path / "truncated.tar.gz"
    data = Path(archive).read_bytes()
    truncated.write_bytes(data[: len(data) // 2])
    not_gzip = tmp_path / "notes.tar.gz"
    not_gzip.write_text("hello")
    foreign = tmp_path / "photos.tar.gz"
    with tarfile.open(foreign, "w:gz") as tar:
        tar.addfile(tarfile.TarInfo("photo.jpg"), io.BytesIO(b""))

    for path, says in (
        (truncated, "damaged or incomplete"),
        (not_gzip, "is not a backup of Agency Desk"),
        (foreign, "holds no manifest.json"),
        (tmp_path / "missing.tar.gz", "There is no backup at"),
    ):
        counts = counts_here()
        with pytest.raises(CommandError, match=says):
            call_command("restore", str(path), stdout=io.StringIO())
        assert counts_here() == counts
