"""Where stored files live, read from the environment by ``settings``
(docs/deployment.md, "Files and the object store").

Imports nothing of Django but its exception, so the settings module can use it.

``STORAGE_URL`` names the store in one variable:

- ``file:///srv/agencydesk/media`` — a folder on local disk (the default is
  ``MEDIA_ROOT``, ``var/media``);
- ``s3://[KEY_ID:SECRET@]BUCKET[/PREFIX][?option=value&…]`` — an S3-compatible
  object store. Options: ``endpoint_url`` (left out for AWS itself),
  ``region_name``, ``addressing_style`` (``path``, ``virtual`` or ``auto``),
  ``verify`` (``true``, ``false`` or a CA bundle's path), ``connect_timeout``
  and ``read_timeout`` (seconds), ``max_attempts`` (tries per request).
  Without ``KEY_ID:SECRET`` the credentials come from boto's usual places
  (``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY``, a profile, an instance
  role).

Without ``STORAGE_URL``, ``AWS_STORAGE_BUCKET_NAME`` switches the object store on,
with ``AWS_S3_ENDPOINT_URL``, ``AWS_S3_REGION_NAME`` (or ``AWS_DEFAULT_REGION``),
``AWS_LOCATION`` (the prefix) and ``AWS_S3_ADDRESSING_STYLE`` beside it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

LOCAL_BACKEND = "agencydesk.core.storage.LocalStorage"
OBJECT_BACKEND = "agencydesk.core.objectstore.ObjectStorage"
# The named storages besides "default": "local" is always the disk under
# MEDIA_ROOT, "objectstore" the object store when one is configured, so that
# `agencydesk movefiles` can copy between them whichever one is the default.
LOCAL_ALIAS = "local"
OBJECT_ALIAS = "objectstore"

_TEXT_OPTIONS = ("endpoint_url", "region_name", "addressing_style")
_NUMBER_OPTIONS = {"connect_timeout": float, "read_timeout": float, "max_attempts": int}
_ADDRESSING = ("path", "virtual", "auto")


@dataclass(frozen=True)
class FileStore:
    """What the environment asked for: ``kind`` "local" (under ``media_root``
    when given, else ``MEDIA_ROOT``) or "s3" with the backend's ``options``."""

    kind: str
    media_root: Path | None = None
    options: dict[str, Any] = field(default_factory=dict)

    def describe(self) -> str:
        """The store for a log line or a command's output, without secrets."""
        if self.kind == "local":
            return f"local disk ({self.media_root or 'MEDIA_ROOT'})"
        where = self.options["bucket_name"]
        if self.options.get("location"):
            where += "/" + self.options["location"]
        endpoint = self.options.get("endpoint_url") or "AWS"
        return f"object store s3://{where} at {endpoint}"


def _bad(message: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(f"STORAGE_URL: {message} (docs/deployment.md).")


def _verify(value: str) -> bool | str:
    lowered = value.lower()
    if lowered in ("true", "1", "yes"):
        return True
    if lowered in ("false", "0", "no"):
        return False
    return value  # a CA bundle


def parse_storage_url(url: str) -> FileStore:
    """The store a ``STORAGE_URL`` names; ``ImproperlyConfigured`` saying what
    is wrong with it otherwise."""
    parts = urlsplit(url.strip())
    if parts.scheme == "file":
        if parts.netloc not in ("", "localhost") or not parts.path.startswith("/"):
            raise _bad("a file URL takes an absolute path, file:///srv/media")
        if parts.query:
            raise _bad("a file URL takes no options")
        return FileStore("local", media_root=Path(unquote(parts.path)))
    if parts.scheme != "s3":
        raise _bad(f"the scheme must be s3:// or file://, not {parts.scheme or '…'}")
    bucket = parts.hostname or ""
    if not bucket:
        raise _bad("name the bucket, s3://BUCKET")
    options: dict[str, Any] = {"bucket_name": bucket}
    prefix = unquote(parts.path).strip("/")
    if prefix:
        options["location"] = prefix
    if parts.username or parts.password:
        if not (parts.username and parts.password):
            raise _bad("credentials are KEY_ID:SECRET@ (both, percent-encoded)")
        options["access_key"] = unquote(parts.username)
        options["secret_key"] = unquote(parts.password)
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        if name in _TEXT_OPTIONS:
            options[name] = value
        elif name in _NUMBER_OPTIONS:
            try:
                options[name] = _NUMBER_OPTIONS[name](value)
            except ValueError:
                raise _bad(f"{name} must be a number, not {value!r}") from None
        elif name == "verify":
            options["verify"] = _verify(value)
        else:
            known = ", ".join((*_TEXT_OPTIONS, *_NUMBER_OPTIONS, "verify"))
            raise _bad(f"unknown option {name!r}; known: {known}")
    return _checked(FileStore("s3", options=options))


def _checked(store: FileStore) -> FileStore:
    style = store.options.get("addressing_style")
    if style is not None and style not in _ADDRESSING:
        raise _bad(f"addressing_style is one of {', '.join(_ADDRESSING)}")
    endpoint = store.options.get("endpoint_url")
    if endpoint is not None and urlsplit(endpoint).scheme not in ("http", "https"):
        raise _bad("endpoint_url is an http:// or https:// address")
    return store


def file_store_from_env(environ: Mapping[str, str]) -> FileStore:
    """The store ``STORAGE_URL`` or the ``AWS_*`` variables ask for; the local
    disk under ``MEDIA_ROOT`` when neither does."""
    url = environ.get("STORAGE_URL", "").strip()
    bucket = environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
    if url:
        store = parse_storage_url(url)
        if bucket and bucket != store.options.get("bucket_name"):
            raise _bad(
                f"it names a store other than AWS_STORAGE_BUCKET_NAME={bucket}; "
                "set one of them"
            )
        return store
    if not bucket:
        return FileStore("local")
    options: dict[str, Any] = {"bucket_name": bucket}
    for variable, option in (
        ("AWS_S3_ENDPOINT_URL", "endpoint_url"),
        ("AWS_S3_REGION_NAME", "region_name"),
        ("AWS_DEFAULT_REGION", "region_name"),
        ("AWS_S3_ADDRESSING_STYLE", "addressing_style"),
        ("AWS_LOCATION", "location"),
    ):
        value = environ.get(variable, "").strip()
        if value and option not in options:
            options[option] = value.strip("/") if option == "location" else value
    return _checked(FileStore("s3", options=options))


def storages_setting(store: FileStore, staticfiles: Mapping[str, Any]) -> dict:
    """``STORAGES`` for a store: "default" is it, "local" the disk, and
    "objectstore" the object store when there is one. Static files stay with
    ``staticfiles`` (WhiteNoise, from the local disk)."""
    # The local storage takes no location: it follows MEDIA_ROOT, which the
    # settings point at a file:// URL's folder, and which tests override.
    local = {"BACKEND": LOCAL_BACKEND}
    storages = {"default": local, "staticfiles": dict(staticfiles), LOCAL_ALIAS: local}
    if store.kind == "s3":
        objects = {"BACKEND": OBJECT_BACKEND, "OPTIONS": dict(store.options)}
        storages["default"] = storages[OBJECT_ALIAS] = objects
    return storages
