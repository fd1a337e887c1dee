"""The API as an outside integration meets it: real HTTP against gunicorn
(two workers) with the Huey worker delivering webhooks to a local receiver.

The product runs in its own processes on its own database (a fresh SQLite
file, or a fresh PostgreSQL database when the suite runs on PostgreSQL), made
by ``agencydesk migrate`` exactly as on a server; nothing here shares the
test process's database or settings."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .receiver import Receiver

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


# Run inside the product's own environment: two clients, an admin, a contact
# of each client, and a token for each person (printed as JSON).
WORLD = """
import json
import django
django.setup()
from agencydesk.api.services import token_create
from agencydesk.clients import services as clients
from agencydesk.people import services as people
from agencydesk.people.roles import Role

admin = people.staff_create(actor=None, role=Role.ADMIN, email="api.admin@agency.test",
                            full_name="Api Admin", password="correct-horse-battery")
alpha = clients.client_create(actor=None, name="Alpha Http", country="ID",
                              timezone="Asia/Jakarta", currency="IDR", language="id")
bravo = clients.client_create(actor=None, name="Bravo Http", country="ID",
                              timezone="Asia/Jakarta", currency="IDR", language="en")
ana = clients.contact_create(actor=None, client=alpha, email="ana@alpha.test",
                             full_name="Ana Alpha", password="correct-horse-battery")
scopes = ["tickets:read", "tickets:write", "clients:read", "webhooks:write"]
staff_token = token_create(actor=admin, name="integration", scopes=scopes,
                           expires_in_days=1).plaintext
contact_token = token_create(actor=ana.user, name="alpha's system",
                             scopes=["tickets:read"], expires_in_days=1).plaintext
print(json.dumps({"staff": staff_token, "contact": contact_token,
                  "alpha": alpha.slug, "bravo": bravo.slug}))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database(tmp: Path) -> tuple[str, str | None]:
    """The product's DATABASE_URL, and the PostgreSQL database to drop after."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tmp / 'product.sqlite3'}", None
    import psycopg

    name = f"api_http_{os.getpid()}_{int(time.time())}"
    server = url.rsplit("/", 1)[0]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}", name


def _drop(url: str, name: str) -> None:
    import psycopg

    server = url.rsplit("/", 1)[0]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Product:
    """gunicorn and the worker, started and stopped around the module."""

    def __init__(self, tmp: Path, receiver_host: str) -> None:
        self.tmp = tmp
        self.database_url, self.pg_name = _database(tmp)
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
            "DJANGO_SETTINGS_MODULE": "agencydesk.settings",
            "PYTHONPATH": str(ROOT / "src"),
            "AGENCYDESK_VAR_DIR": str(tmp / "var"),
            "DATABASE_URL": self.database_url,
            "SECRET_KEY": "http-integration-secret-key-0123456789-abcdefghij",
            "SECRETS_KEY": base64.urlsafe_b64encode(b"k" * 32).decode(),
            "SITE_URL": self.base,
            "ALLOWED_HOSTS": "127.0.0.1",
            "DEBUG": "false",
            "EMAIL_URL": "consolemail://",
            "WEBHOOK_ALLOWED_HOSTS": receiver_host,
            "WORKER_THREADS": "2",
        }
        self.env.pop("REDIS_URL", None)
        self.processes: list[subprocess.Popen] = []
        self.log = (tmp / "product.log").open("w")

    def run(self, *args: str) -> str:
        done = subprocess.run(
            [str(BIN / "python"), *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def start(self) -> dict[str, str]:
        self.run("-m", "agencydesk.cli", "migrate", "--noinput", "-v", "0")
        world = json.loads(self.run("-c", WORLD).strip().splitlines()[-1])
        self.processes.append(
            subprocess.Popen(
                [
                    str(BIN / "gunicorn"),
                    "agencydesk.wsgi",
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--workers",
                    "2",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=self.log,
                stderr=subprocess.STDOUT,
            )
        )
        self.processes.append(
            subprocess.Popen(
                [str(BIN / "python"), "-m", "agencydesk.cli", "worker"],
                cwd=ROOT,
                env=self.env,
                stdout=self.log,
                stderr=subprocess.STDOUT,
            )
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=2):
                    return world
            except (OSError, urllib.error.HTTPError):
                time.sleep(0.3)
        raise AssertionError(f"gunicorn did not answer: {self.logs()}")

    def logs(self) -> str:
        self.log.flush()
        return (self.tmp / "product.log").read_text()[-4000:]

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        self.log.close()
        if self.pg_name:
            _drop(self.database_url, self.pg_name)


@pytest.fixture(scope="module")
def receiver():
    running = Receiver().start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def product(tmp_path_factory, receiver):
    started = Product(tmp_path_factory.mktemp("api_http"), "127.0.0.1")
    try:
        world = started.start()
        yield started, world
    finally:
        started.stop()


def call(product, token, method, path, body=None, headers=None):
    """(status, JSON body, headers) of one request over the wire."""
    request = urllib.request.Request(
        f"{product.base}/api/v1{path}",
        data=None if body is None else json.dumps(body).encode(),
        method=method,
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            **(headers or {}),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, json.loads(response.read() or b"null"), response
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null"), error


def signed_by(secret: str, headers, body: bytes) -> bool:
    """The receiver's check, exactly as docs/api.md documents it."""
    timestamp = headers["X-AgencyDesk-Timestamp"]
    expected = hmac.new(
        secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256
    ).hexdigest()
    given = headers["X-AgencyDesk-Signature"].removeprefix("sha256=")
    return hmac.compare_digest(expected, given)


def wait_for(receiver, count: int, product, timeout: float = 45.0) -> list:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and len(receiver.received) < count:
        time.sleep(0.2)
    assert len(receiver.received) >= count, product.logs()
    return receiver.received


def test_an_integration_works_the_desk_over_http(product, receiver):
    running, world = product
    staff, contact = world["staff"], world["contact"]

    status, hook, _ = call(
        running,
        staff,
        "POST",
        "/webhooks",
        {
            "url": receiver.url,
            "event_types": ["ticket.created", "message.created", "ticket.moved"],
        },
    )
    assert status == 201, hook
    secret = hook["secret"]

    body = {"client": world["alpha"], "title": "Landing page for the launch"}
    key = {"Idempotency-Key": "http-integration-1"}
    first_status, first, _ = call(running, staff, "POST", "/tickets", body, key)
    again_status, again, _ = call(running, staff, "POST", "/tickets", body, key)
    assert (first_status, again_status) == (201, 201)
    assert again["number"] == first["number"]
    _, listed, _ = call(running, staff, "GET", f"/tickets?client={world['alpha']}")
    assert [t["number"] for t in listed["items"]] == [first["number"]]

    number = first["number"]
    status, _, _ = call(
        running, staff, "POST", f"/tickets/{number}/messages", {"body": "On it."}
    )
    assert status == 201
    _, current, _ = call(running, staff, "GET", f"/tickets/{number}")
    status, moved, _ = call(
        running,
        staff,
        "POST",
        f"/tickets/{number}/move",
        {"stage": "production", "version": current["version"]},
    )
    assert status == 200 and moved["stage"] == "production"

    received = wait_for(receiver, 3, running)
    events = [json.loads(r.body) for r in received]
    assert sorted(e["type"] for e in events) == [
        "message.created",
        "ticket.created",
        "ticket.moved",
    ]
    assert all(signed_by(secret, r.headers, r.body) for r in received)
    assert {e["data"]["ticket"]["number"] for e in events} == {number}
    assert not signed_by("whsec_not-the-secret", received[0].headers, received[0].body)

    # Alpha's contact: their own ticket, never another client's.
    status, own, _ = call(running, contact, "GET", f"/tickets/{number}")
    assert status == 200 and own["number"] == number
    _, other, _ = call(
        running,
        staff,
        "POST",
        "/tickets",
        {"client": world["bravo"], "title": "Bravo's secret campaign"},
    )
    status, refused, _ = call(running, contact, "GET", f"/tickets/{other['number']}")
    assert status == 404
    assert set(refused) == {"code", "message", "fields"}
    status, refused, _ = call(
        running, contact, "POST", "/tickets", {"title": "Not allowed to write"}
    )
    assert status == 403 and refused["code"]
