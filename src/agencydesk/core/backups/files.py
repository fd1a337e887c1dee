"""Stored files, read and written only through Django's storage API, so the
same code backs up a local folder and an object store."""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Iterator
from typing import Any

from django.core.files import File

from .errors import BackupError


def walk(storage: Any, path: str = "") -> Iterator[str]:
    """Every file name under ``path``, depth first, in name order."""
    try:
        dirs, files = storage.listdir(path)
    except FileNotFoundError:  # a local storage whose folder was never made
        return
    for name in sorted(files):
        yield posixpath.join(path, name) if path else name
    for name in sorted(dirs):
        yield from walk(storage, posixpath.join(path, name) if path else name)


def has_files(storage: Any) -> bool:
    return next(walk(storage), None) is not None


class HashingReader:
    """A file object that hashes and counts what is read through it."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw
        self.sha256 = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.sha256.update(data)
        self.size += len(data)
        return data


def digest(storage: Any, name: str, chunk: int = 1024 * 1024) -> tuple[int, str]:
    """The size and SHA-256 of a stored file, read through the storage."""
    with storage.open(name, "rb") as raw:
        reader = HashingReader(raw)
        while reader.read(chunk):
            pass
    return reader.size, reader.sha256.hexdigest()


def check_name(name: Any) -> str:
    """A stored name from a manifest, refused when it could leave the storage."""
    parts = name.split("/") if isinstance(name, str) else []
    if (
        not parts
        or name.startswith("/")
        or "\\" in name
        or "\x00" in name
        or any(part in ("", ".", "..") for part in parts)
    ):
        raise BackupError(f"The backup names a file the storage cannot take: {name!r}.")
    return name


def put(storage: Any, name: str, content: Any) -> None:
    """Store ``content`` under exactly ``name``, replacing a file of that name
    (``save`` would pick another name beside it)."""
    if storage.exists(name):
        storage.delete(name)
    saved = storage.save(name, File(content, name=posixpath.basename(name)))
    if saved != name:
        raise BackupError(
            f"The storage kept {name!r} as {saved!r}; the restored database "
            "names the first. Check the storage's settings and restore again."
        )
