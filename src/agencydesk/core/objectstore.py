"""The S3-compatible object store (django-storages), as the product uses it.

Configured by ``STORAGE_URL`` or the ``AWS_*`` variables (``core.storage_config``).
What it changes in django-storages' ``S3Storage``, and why:

- a name already taken gets a new one, as on the local disk, instead of
  overwriting another row's file;
- short timeouts and a bounded number of tries, so an unreachable store answers
  a person in seconds, not minutes;
- every failure of the store is ``StorageUnavailableError`` (a form error or
  503), a missing object ``FileNotFoundError`` (404);
- a file opened for reading streams from the store as it is read, where
  django-storages first downloads the whole object to a temporary file;
- each upload carries its SHA-256 in the object's metadata, so
  ``agencydesk movefiles`` can compare files without downloading them.
"""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any, TypeVar

from boto3.exceptions import Boto3Error
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from django.core.files.base import File
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

from .errors import StorageUnavailableError
from .storage import read_chunks

logger = logging.getLogger(__name__)

T = TypeVar("T")

SHA256_KEY = "sha256"
_STORE_ERRORS = (BotoCoreError, ClientError, Boto3Error)


def _not_found(error: ClientError) -> bool:
    return error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") == 404


@contextmanager
def _translated(action: str, name: str) -> Iterator[None]:
    """A failure of the store as ``StorageUnavailableError``, logged with its
    cause for the operator."""
    try:
        yield
    except _STORE_ERRORS as error:
        logger.warning("Object store: could not %s %s: %s", action, name, error)
        raise StorageUnavailableError from error


def _store_call(action: str) -> Callable[[Callable[..., T]], Callable[..., T]]:
    def decorate(method: Callable[..., T]) -> Callable[..., T]:
        @wraps(method)
        def wrapper(self: Any, name: str, *args: Any, **kwargs: Any) -> T:
            with _translated(action, name):
                return method(self, name, *args, **kwargs)

        return wrapper

    return decorate


class ObjectStream(io.RawIOBase):
    """An object read as it arrives. Seeking is free until the next read,
    which then asks for the bytes from the new position (a Range request), so
    ``FileResponse`` can measure the length without a second request."""

    def __init__(self, storage: ObjectStorage, key: str, name: str) -> None:
        super().__init__()
        self._client = storage.connection.meta.client
        self._bucket = storage.bucket_name
        self._key = key
        self.name = name
        self._body: Any = None
        response = self._client.get_object(Bucket=self._bucket, Key=key)
        self.size: int = response["ContentLength"]
        self._body = response["Body"]
        self._body_at = 0
        self._at = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._at

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._at, io.SEEK_END: self.size}
        self._at = max(0, base[whence] + offset)
        return self._at

    def _reopen(self) -> None:
        self._close_body()
        response = self._client.get_object(
            Bucket=self._bucket, Key=self._key, Range=f"bytes={self._at}-"
        )
        self._body, self._body_at = response["Body"], self._at

    def read(self, size: int | None = -1) -> bytes:
        if self._at >= self.size:
            return b""
        with _translated("read", self.name):
            if self._body is None or self._body_at != self._at:
                self._reopen()
            data = self._body.read(None if size is None or size < 0 else size)
        self._at += len(data)
        self._body_at = self._at
        return data

    def readall(self) -> bytes:
        return self.read(-1)

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def _close_body(self) -> None:
        if self._body is not None:
            self._body.close()
            self._body = None

    def close(self) -> None:
        self._close_body()
        super().close()


class ObjectStorage(S3Storage):
    """Files in an S3-compatible bucket (AWS S3, MinIO, Ceph, Garage…)."""

    kind = "s3"

    def get_default_settings(self) -> dict[str, Any]:
        return {
            **super().get_default_settings(),
            "file_overwrite": False,
            "connect_timeout": 5.0,
            "read_timeout": 60.0,
            "max_attempts": 3,
        }

    def __init__(self, **options: Any) -> None:
        options.setdefault(
            "transfer_config",
            # One PUT up to 64 MB instead of boto's multipart from 8 MB: the
            # files here are at most ATTACHMENT_MAX_BYTES (20 MB) or
            # MATERIAL_MAX_BYTES (50 MB), and one request costs the store less
            # than three parts and their assembly (storage_bench.py).
            TransferConfig(
                multipart_threshold=64 * 1024 * 1024,
                multipart_chunksize=16 * 1024 * 1024,
            ),
        )
        super().__init__(**options)
        self.client_config = self.client_config.merge(
            Config(
                connect_timeout=self.connect_timeout,
                read_timeout=self.read_timeout,
                retries={"max_attempts": self.max_attempts, "mode": "standard"},
                # boto's default since 1.36 sends a CRC trailer on every
                # upload (aws-chunked), which several S3-compatible stores
                # refuse and which costs moto a third of its upload speed. TLS
                # guards the bytes in transit; each object's SHA-256 is kept
                # in its metadata, and movefiles verifies copies by it.
                request_checksum_calculation="when_required",
                response_checksum_validation="when_required",
            )
        )

    def _key(self, name: str) -> str:
        return self._normalize_name(clean_name(name))

    def _get_write_parameters(self, name: str, content: Any = None) -> dict:
        params = super()._get_write_parameters(name, content)
        sha256 = getattr(content, "known_sha256", None) or _sha256(content)
        if sha256:
            params["Metadata"] = {**params.get("Metadata", {}), SHA256_KEY: sha256}
        return params

    @_store_call("open")
    def _open(self, name: str, mode: str = "rb") -> Any:
        if "w" in mode or "a" in mode or "+" in mode:
            return super()._open(name, mode)
        try:
            stream = ObjectStream(self, self._key(name), name)
        except ClientError as error:
            if _not_found(error):
                raise FileNotFoundError(name) from None
            raise
        return File(stream, name)

    @_store_call("store")
    def _save(self, name: str, content: Any) -> str:
        return super()._save(name, content)

    @_store_call("delete")
    def delete(self, name: str) -> None:
        super().delete(name)

    @_store_call("look up")
    def exists(self, name: str) -> bool:
        return super().exists(name)

    @_store_call("measure")
    def size(self, name: str) -> int:
        return super().size(name)

    @_store_call("list")
    def listdir(self, name: str) -> tuple[list[str], list[str]]:
        return super().listdir(name)

    @_store_call("date")
    def get_modified_time(self, name: str) -> Any:
        return super().get_modified_time(name)

    def stored_sha256(self, name: str) -> str | None:
        """The SHA-256 kept with the object at upload, if it was."""
        with _translated("look up", name):
            try:
                head = self.connection.meta.client.head_object(
                    Bucket=self.bucket_name, Key=self._key(name)
                )
            except ClientError as error:
                if _not_found(error):
                    raise FileNotFoundError(name) from None
                raise
        return head.get("Metadata", {}).get(SHA256_KEY)

    def inventory(self, names: list[str]) -> dict[str, int]:
        """The size of each of ``names`` that is stored here, from one listing
        of the bucket (a thousand objects a request) rather than a request a
        file."""
        wanted = set(names)
        prefix = self.location.strip("/") + "/" if self.location else ""
        sizes = {}
        with _translated("list", prefix or "/"):
            pages = self.connection.meta.client.get_paginator("list_objects_v2")
            for page in pages.paginate(Bucket=self.bucket_name, Prefix=prefix):
                for entry in page.get("Contents", ()):
                    name = entry["Key"][len(prefix) :]
                    if name in wanted:
                        sizes[name] = entry["Size"]
        return sizes


def _sha256(content: Any) -> str | None:
    """The SHA-256 of content about to be stored, when it can be read twice."""
    if content is None or not _seekable(content):
        return None
    digest = hashlib.sha256()
    content.seek(0)
    for chunk in read_chunks(content):
        digest.update(chunk)
    content.seek(0)
    return digest.hexdigest()


def _seekable(content: Any) -> bool:
    try:
        return bool(content.seekable()) if hasattr(content, "seekable") else True
    except (AttributeError, ValueError, OSError):
        return False
