"""The file stores behind Django's storage API, and what the product asks of
any of them.

``LocalStorage`` is the local disk (the embedded default); the object store is
``core.objectstore.ObjectStorage``, loaded only when configured so the
embedded default never imports boto. Both turn a failure of the store into
``StorageUnavailableError`` — a form error, or 503 with Retry-After — rather
than a 500, and both let a missing file be ``FileNotFoundError`` (a 404)."""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Iterator
from typing import Any

from django.core.files.storage import FileSystemStorage, Storage, storages

from .errors import StorageUnavailableError

logger = logging.getLogger(__name__)

CHUNK_BYTES = 1024 * 1024


class LocalStorage(FileSystemStorage):
    """Files on the local disk under ``MEDIA_ROOT``."""

    kind = "local"

    def _save(self, name: str, content: Any) -> str:
        try:
            return super()._save(name, content)
        except OSError as error:
            # A full disk, a read-only mount, a lost network share.
            logger.warning("Could not store %s: %s", name, error)
            raise StorageUnavailableError from error

    def _open(self, name: str, mode: str = "rb") -> Any:
        try:
            return super()._open(name, mode)
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise FileNotFoundError(name) from None
        except OSError as error:
            logger.warning("Could not open %s: %s", name, error)
            raise StorageUnavailableError from error

    def inventory(self, names: list[str]) -> dict[str, int]:
        """The size of each of ``names`` that is stored here."""
        sizes = {}
        for name in names:
            try:
                sizes[name] = os.stat(self.path(name)).st_size
            except FileNotFoundError:
                continue
            except OSError as error:
                raise StorageUnavailableError from error
        return sizes

    def stored_sha256(self, name: str) -> str | None:
        """The disk keeps no digest: it is read (``file_sha256``)."""
        return None


def file_store(alias: str = "default") -> Storage:
    """The storage of ``STORAGES[alias]``."""
    return storages[alias]


def store_kind(storage: Storage) -> str:
    """The store's kind, "local" or "s3", for the health check and commands."""
    return getattr(storage, "kind", type(storage).__name__)


def read_chunks(handle: Any, size: int = CHUNK_BYTES) -> Iterator[bytes]:
    while chunk := handle.read(size):
        yield chunk.encode() if isinstance(chunk, str) else chunk


def file_sha256(storage: Storage, name: str) -> str:
    """The SHA-256 of a stored file: the digest the store kept when it has one
    (the object store's metadata), else by reading it."""
    kept = getattr(storage, "stored_sha256", lambda _name: None)(name)
    if kept:
        return kept
    return read_sha256(storage, name)


def read_sha256(storage: Storage, name: str) -> str:
    """The SHA-256 of a stored file's bytes as the store gives them back."""
    digest = hashlib.sha256()
    with storage.open(name, "rb") as handle:
        for chunk in read_chunks(handle):
            digest.update(chunk)
    return digest.hexdigest()
