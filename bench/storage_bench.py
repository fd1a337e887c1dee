"""Benchmark of stored files: a 20 MB file up and down through the local disk
and through an S3-compatible object store (moto's server), in MB/s.

    .venv/bin/python bench/storage_bench.py [--megabytes 20] [--rounds 5]

Issue 17 "Speed": a file of 20 MB uploads and downloads through the object
store at no less than half the speed of the local disk path. Two layers are
timed, each on both stores:

- storage: ``default_storage.save`` of the bytes, and ``open`` + reading it
  back in the download's blocks — the store alone;
- pages: a staff reply with the file as its attachment, posted to the ticket
  page (multipart parsing, upload checks, SHA-256, the service's transaction,
  the store), then the attachment's download page read to its end (the
  permission check, the streamed ``FileResponse``) — what a person waits for.

Runs on a temporary SQLite database and var directory; moto's server runs in
its own process on a free port of 127.0.0.1 (it needs ``moto[server]``, a
dev dependency). Each figure is the median of ``--rounds`` after one warm-up
round. Everything is removed at the end.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MB = 1024 * 1024
BLOCK = 256 * 1024
KEY_ID, SECRET, REGION = "bench-key", "bench-secret", "us-east-1"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_moto() -> tuple[subprocess.Popen, str]:
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(endpoint + "/moto-api/", timeout=1)  # noqa: S310
            return server, endpoint
        except OSError:
            time.sleep(0.2)
    server.kill()
    sys.exit("moto's server did not start (pip install 'moto[server]')")


def _median_rate(size: int, timings: list[float]) -> float:
    return size / MB / statistics.median(timings)


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _payload(size: int, round_number: int) -> bytes:
    # A different file each round: attachments are named by their SHA-256.
    head = f"%PDF-1.4 bench round {round_number:04d}\n".encode()
    return head + os.urandom(size - len(head))


def _raw_store(size: int, rounds: int, endpoint: str) -> tuple[list, list]:
    """boto3's own PutObject and GetObject, no product code: the ceiling the
    store itself sets on this machine."""
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=KEY_ID,
        aws_secret_access_key=SECRET,
    )
    ups, downs = [], []
    for number in range(rounds + 1):
        payload = _payload(size, number)
        up = _timed(
            lambda p=payload: client.put_object(Bucket="bench", Key="raw", Body=p)
        )

        def get() -> None:
            body = client.get_object(Bucket="bench", Key="raw")["Body"]
            got = sum(len(chunk) for chunk in iter(lambda: body.read(BLOCK), b""))
            assert got == size, (got, size)

        down = _timed(get)
        if number:
            ups.append(up)
            downs.append(down)
    return ups, downs


def _read_all(storage, name: str, size: int) -> None:
    got = 0
    with storage.open(name, "rb") as handle:
        while chunk := handle.read(BLOCK):
            got += len(chunk)
    assert got == size, (got, size)


def _storage_layer(size: int, rounds: int) -> tuple[list[float], list[float]]:
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    ups, downs = [], []
    for number in range(rounds + 1):
        content = ContentFile(_payload(size, number))
        started = time.perf_counter()
        name = default_storage.save("bench/file.pdf", content)
        up = time.perf_counter() - started
        down = _timed(lambda name=name: _read_all(default_storage, name, size))
        default_storage.delete(name)
        if number:  # the first round warms up
            ups.append(up)
            downs.append(down)
    return ups, downs


def _page_layer(size: int, rounds: int, http, ticket) -> tuple[list, list]:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from agencydesk.desk.models import Attachment

    ups, downs = [], []
    for number in range(rounds + 1):
        payload = _payload(size, number)

        def post(payload: bytes = payload) -> None:
            response = http.post(
                reverse("desk:ticket-message", args=[ticket.number]),
                {
                    "body": "The final artwork.",
                    "attachments": [SimpleUploadedFile("artwork.pdf", payload)],
                },
            )
            assert response.status_code == 302, response.status_code

        up = _timed(post)
        attachment = Attachment.objects.order_by("-pk").first()

        def download(attachment=attachment) -> None:
            response = http.get(reverse("desk:attachment", args=[attachment.pk]))
            got = sum(len(chunk) for chunk in response.streaming_content)
            assert got == size, (got, size)

        down = _timed(download)
        if number:
            ups.append(up)
            downs.append(down)
    return ups, downs


def _setup_django(var: str) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.update(
        PYTHONPATH=os.pathsep.join(
            filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])
        ),
        AGENCYDESK_VAR_DIR=var,
        DJANGO_SETTINGS_MODULE="agencydesk.settings",
        ALLOWED_HOSTS="testserver",
    )
    for variable in ("DATABASE_URL", "REDIS_URL", "STORAGE_URL"):
        os.environ.pop(variable, None)
    subprocess.run(
        [sys.executable, "-m", "agencydesk.cli", "migrate", "-v0"], check=True
    )
    import django

    django.setup()


def _people():
    from django.test import Client as HttpClient

    from agencydesk.clients.services import client_create
    from agencydesk.desk.services import ticket_create
    from agencydesk.people.roles import Role
    from agencydesk.people.services import staff_create

    lead = staff_create(
        actor=None,
        role=Role.AGENCY_LEAD,
        email="lead@bench.example",
        full_name="Bench Lead",
        password="bench-storage-2026",
    )
    client = client_create(
        actor=None,
        name="Bench Coffee",
        country="ID",
        timezone="Asia/Jakarta",
        currency="IDR",
        language="id",
    )
    ticket = ticket_create(actor=lead, client=client, title="Final artwork")
    http = HttpClient()
    http.force_login(lead)
    return http, ticket


def main() -> None:
    global KEY_ID, SECRET
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--endpoint",
        help="an S3-compatible server already running (e.g. MinIO, s3rver) "
        "instead of moto's; it must accept --access-key/--secret-key",
    )
    parser.add_argument("--access-key", default=KEY_ID)
    parser.add_argument("--secret-key", default=SECRET)
    args = parser.parse_args()
    KEY_ID, SECRET = args.access_key, args.secret_key
    size = args.megabytes * MB
    var = tempfile.mkdtemp(prefix="agencydesk-storage-bench-")
    moto, endpoint = (None, args.endpoint) if args.endpoint else _start_moto()
    print(f"object store: {endpoint} ({'given' if moto is None else 'moto'})")
    try:
        _run(size, args.rounds, var, endpoint)
    finally:
        if moto is not None:
            moto.terminate()
            moto.wait(timeout=10)
        shutil.rmtree(var, ignore_errors=True)


def _run(size: int, rounds: int, var: str, endpoint: str) -> None:
    _setup_django(var)
    import boto3
    from django.conf import settings
    from django.test.utils import override_settings

    from agencydesk.core.storage_config import parse_storage_url, storages_setting

    settings.ATTACHMENT_MAX_BYTES = max(settings.ATTACHMENT_MAX_BYTES, size)
    boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=KEY_ID,
        aws_secret_access_key=SECRET,
    ).create_bucket(Bucket="bench")
    url = f"s3://{KEY_ID}:{SECRET}@bench?endpoint_url={endpoint}&region_name={REGION}"
    static = settings.STORAGES["staticfiles"]
    stores = {
        "local disk": storages_setting(parse_storage_url("file://" + var), static),
        "object store": storages_setting(parse_storage_url(url), static),
    }
    rates: dict[tuple[str, str], dict[str, float]] = {}
    ups, downs = _raw_store(size, rounds, endpoint)
    rates[("raw", "upload")] = {"object store": _median_rate(size, ups)}
    rates[("raw", "download")] = {"object store": _median_rate(size, downs)}
    http, ticket = _people()
    for store, storages in stores.items():
        with override_settings(STORAGES=storages, MEDIA_ROOT=Path(var) / "media"):
            for layer, measure in (
                ("storage", lambda: _storage_layer(size, rounds)),
                ("pages", lambda: _page_layer(size, rounds, http, ticket)),
            ):
                ups, downs = measure()
                rates.setdefault((layer, "upload"), {})[store] = _median_rate(size, ups)
                rates.setdefault((layer, "download"), {})[store] = _median_rate(
                    size, downs
                )
    print(
        f"{size // MB} MB file, median of {rounds} rounds "
        f"(Python {sys.version.split()[0]}, {os.cpu_count()} CPUs)"
    )
    print(f"{'layer':8} {'direction':9} {'local MB/s':>11} {'object MB/s':>12} ratio")
    failed = False
    for (layer, direction), by_store in rates.items():
        objects = by_store["object store"]
        if layer == "raw":
            print(
                f"{'raw S3':8} {direction:9} {'':>11} {objects:12.0f}"
                "   (the store's ceiling)"
            )
            continue
        local = by_store["local disk"]
        ratio = objects / local
        failed |= ratio < 0.5
        print(f"{layer:8} {direction:9} {local:11.0f} {objects:12.0f} {ratio:5.2f}")
    print(
        "target (object store >= 0.5 of the local disk):",
        "NOT MET" if failed else "met",
    )


if __name__ == "__main__":
    main()
