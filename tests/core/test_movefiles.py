"""`agencydesk movefiles`: every stored file from the local disk to the object
store (moto's server on loopback) and back, resumable, verified."""

import hashlib
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from agencydesk.clients.services import material_create
from agencydesk.desk import services
from agencydesk.desk.models import Attachment
from tests.factories.desk import make_ticket
from tests.objectstore import (
    make_bucket,
    object_store_storages,
    storage_url,
    unreachable_endpoint,
)

pytestmark = pytest.mark.django_db

FILES = {
    "brief.pdf": b"%PDF-1.4 brief " * 1000,
    "logo.png": b"\x89PNG" + bytes(range(256)) * 300,
    "notes.txt": b"",  # an empty file is a file too
}


@pytest.fixture
def both_stores(moto_endpoint, settings, tmp_path):
    """The local disk is the default, and an object store is configured (as
    with STORAGE_URL set for the command only, before the switch)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    configured = object_store_storages(
        storage_url(moto_endpoint, make_bucket(moto_endpoint))
    )
    settings.STORAGES = {**configured, "default": configured["local"]}
    return settings


@pytest.fixture
def stored(both_stores, client_a, manager):
    """Files of the product on the local disk: a ticket's attachments and a
    key material; returns {stored name: bytes}."""
    ticket = make_ticket(client_a, actor=manager)
    uploads = [SimpleUploadedFile(n, c) for n, c in FILES.items()]
    services.message_add(
        actor=manager, ticket=ticket, body="Files", attachments=uploads
    )
    material_create(
        actor=manager,
        client=client_a,
        title="Brand book",
        kind="brand_book",
        upload=SimpleUploadedFile("brand.pdf", b"%PDF brand book"),
    )
    names = {a.file.name: FILES[a.filename] for a in Attachment.objects.all()}
    from agencydesk.clients.models import MaterialVersion

    for version in MaterialVersion.objects.all():
        names[version.file.name] = b"%PDF brand book"
    return names


def _move(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("movefiles", *args, stdout=out, stderr=err)
    return out.getvalue()


def _contents(alias, names):
    store = storages[alias]
    found = {}
    for name in names:
        if store.exists(name):
            with store.open(name, "rb") as handle:
                found[name] = handle.read()
    return found


def test_files_go_to_the_object_store_and_the_source_stays(stored):
    output = _move("--to", "s3")

    assert _contents("objectstore", stored) == stored
    assert _contents("local", stored) == stored
    assert f"[1/{len(stored)}] copied" in output
    assert f"{len(stored)} files: copied {len(stored)}" in output
    assert "0 missing, 0 failed." in output


def test_a_second_run_copies_nothing_and_an_interrupted_one_resumes(stored):
    _move("--to", "s3")
    objects = storages["objectstore"]
    lost, damaged, *_ = sorted(n for n in stored if stored[n])
    objects.delete(lost)  # never arrived
    objects.delete(damaged)  # arrived cut short
    objects.save(damaged, ContentFile(stored[damaged][:10]))

    again = _move("--to", "s3")
    idle = _move("--to", "s3")

    assert f"copied 2 ({_size(stored[lost], stored[damaged])})" in again
    assert f"{len(stored) - 2} already there" in again
    assert f"{len(stored)} files: copied 0 (0 B), {len(stored)} already there" in idle
    assert _contents("objectstore", stored) == stored


def _size(*blobs):
    from agencydesk.core.filemove import human_bytes

    return human_bytes(sum(len(b) for b in blobs))


def test_same_size_but_different_bytes_is_copied_again(stored):
    _move("--to", "s3")
    objects = storages["objectstore"]
    name = max(stored, key=lambda n: len(stored[n]))
    objects.delete(name)
    objects.save(name, ContentFile(b"x" * len(stored[name])))

    output = _move("--to", "s3")

    assert "copied 1" in output
    assert _contents("objectstore", [name]) == {name: stored[name]}


def test_a_dry_run_says_what_it_would_copy_and_copies_nothing(stored):
    output = _move("--to", "s3", "--dry-run")

    assert output.startswith("Dry run: from the local disk")
    assert "would copy" in output
    assert f"{len(stored)} files: would copy {len(stored)}" in output
    assert _contents("objectstore", stored) == {}


def test_the_files_come_back_and_the_pages_serve_them_from_each_store(
    stored, both_stores, manager, as_user
):
    _move("--to", "s3", "--delete-source")
    assert _contents("local", stored) == {}
    assert _contents("objectstore", stored) == stored

    # The web nodes switch to the object store: the downloads follow.
    both_stores.STORAGES = {**both_stores.STORAGES, "default": _objects(both_stores)}
    attachment = Attachment.objects.order_by("pk").first()
    url = reverse("desk:attachment", args=[attachment.pk])
    served = as_user(manager).get(url)
    assert b"".join(served.streaming_content) == stored[attachment.file.name]

    output = _move("--to", "local", "--delete-source")

    assert "verified, source deleted" in output
    assert _contents("local", stored) == stored
    assert _contents("objectstore", stored) == {}
    both_stores.STORAGES = {
        **both_stores.STORAGES,
        "default": both_stores.STORAGES["local"],
    }
    served = as_user(manager).get(url)
    assert b"".join(served.streaming_content) == stored[attachment.file.name]


def _objects(settings):
    return settings.STORAGES["objectstore"]


def test_the_object_store_keeps_each_files_sha256(stored):
    _move("--to", "s3")
    objects = storages["objectstore"]

    for name, content in stored.items():
        assert objects.stored_sha256(name) == hashlib.sha256(content).hexdigest()


def test_a_file_at_neither_store_is_reported_not_fatal(stored):
    missing = next(iter(stored))
    storages["local"].delete(missing)

    out, err = io.StringIO(), io.StringIO()
    call_command("movefiles", "--to", "s3", stdout=out, stderr=err)

    assert "MISSING (at neither store)" in out.getvalue()
    assert f"missing at both stores: {missing}" in err.getvalue()
    assert "1 missing" in out.getvalue()


def test_without_an_object_store_the_command_says_how_to_configure_one(
    settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        k: v for k, v in settings.STORAGES.items() if k != "objectstore"
    }

    with pytest.raises(CommandError, match="set STORAGE_URL=s3://"):
        _move("--to", "s3")


def test_an_unreachable_object_store_stops_with_a_clear_error(stored, both_stores):
    dead = storage_url(unreachable_endpoint(), "agencydesk-gone")
    dead_store = object_store_storages(dead + "&max_attempts=1")["objectstore"]
    both_stores.STORAGES = {**both_stores.STORAGES, "objectstore": dead_store}

    with pytest.raises(CommandError, match="run the command again to go on"):
        _move("--to", "s3")
    assert _contents("local", stored) == stored


def test_dry_run_refuses_delete_source(both_stores):
    with pytest.raises(CommandError, match="leave out --delete-source"):
        _move("--to", "s3", "--dry-run", "--delete-source")
