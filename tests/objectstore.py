"""An S3-compatible object store for tests: moto's server on a loopback port,
one bucket per test, and settings pointing the product's storages at it."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

KEY_ID, SECRET = "moto-test-key", "moto-test-secret"
REGION = "us-east-1"


@contextmanager
def moto_server() -> Iterator[str]:
    """moto's S3 server in a thread of this process, on a free port of
    127.0.0.1; yields its endpoint URL. Skips the test when moto is missing."""
    server_module = pytest.importorskip(
        "moto.server",
        reason="moto[server] is not installed: pip install -e '.[dev]'",
    )
    server = server_module.ThreadedMotoServer(
        ip_address="127.0.0.1", port=0, verbose=False
    )
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


def storage_url(endpoint: str, bucket: str, prefix: str = "") -> str:
    path = f"/{prefix}" if prefix else ""
    return (
        f"s3://{KEY_ID}:{SECRET}@{bucket}{path}"
        f"?endpoint_url={endpoint}&region_name={REGION}"
    )


def s3_client(endpoint: str) -> Any:
    """A boto3 client of the moto server, to look at the bucket as the
    product does not."""
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=KEY_ID,
        aws_secret_access_key=SECRET,
    )


def make_bucket(endpoint: str) -> str:
    bucket = f"agencydesk-{uuid.uuid4().hex[:12]}"
    s3_client(endpoint).create_bucket(Bucket=bucket)
    return bucket


def unreachable_endpoint() -> str:
    """An address nothing listens on: a port the OS just handed out and took
    back, so a connection is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def object_store_storages(url: str) -> dict[str, Any]:
    """``STORAGES`` as the settings build them for ``STORAGE_URL=url``."""
    from django.conf import settings

    from agencydesk.core.storage_config import parse_storage_url, storages_setting

    return storages_setting(
        parse_storage_url(url), staticfiles=settings.STORAGES["staticfiles"]
    )
