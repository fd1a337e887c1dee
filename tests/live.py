"""The product in its own processes, for tests that need the real thing:
gunicorn with its workers, a Redis server, a database made by
``agencydesk migrate``, and plain HTTP to them.

Nothing here shares the test process's database or settings."""

from __future__ import annotations

import base64
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SECRET_KEY = "live-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
SECRETS_KEY = base64.urlsafe_b64encode(b"s" * 32).decode()
# Variables of the test run that must not leak into the product.
_OWN = ("DATABASE_URL", "REDIS_URL", "DJANGO_", "PROMETHEUS_", "SENTRY_", "LOG_")


def free_port() -> int:
    """A port nothing listens on (the OS just handed it out and took it back)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def product_env(var_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(_OWN)}
    env.update(
        PYTHONPATH=str(ROOT / "src"),
        DJANGO_SETTINGS_MODULE="agencydesk.settings",
        AGENCYDESK_VAR_DIR=str(var_dir),
        SECRET_KEY=SECRET_KEY,
        SECRETS_KEY=SECRETS_KEY,
        ALLOWED_HOSTS="127.0.0.1",
        DEBUG="false",
        EMAIL_URL="consolemail://",
    )
    env.update(extra)
    return env


def run(env: dict[str, str], *args: str, timeout: float = 300) -> str:
    done = subprocess.run(
        [str(BIN / "python"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def migrated_sqlite(folder: Path) -> Path:
    """A SQLite database made by ``agencydesk migrate`` (copy it per use)."""
    var = folder / "var"
    run(product_env(var), "-m", "agencydesk.cli", "migrate", "--noinput", "-v", "0")
    return var / "agencydesk.sqlite3"


def sqlite_copy(template: Path, folder: Path) -> str:
    """A DATABASE_URL of a fresh copy of ``template`` in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "product.sqlite3"
    shutil.copy(template, target)
    return f"sqlite:///{target}"


@dataclass
class Answer:
    status: int
    headers: Message
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def http(
    url: str,
    *,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    timeout: float = 20,
) -> Answer:
    """One request; an error status is an answer, not an exception."""
    request = urllib.request.Request(url, method=method, headers=headers or {})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=timeout) as response:
            return Answer(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.headers, error.read())


class Gunicorn:
    """``gunicorn -c python:agencydesk.gunicorn_config agencydesk.wsgi``."""

    def __init__(self, env: dict[str, str], log: Path, workers: int = 2) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = log
        self._log = log.open("w")
        self.process = subprocess.Popen(
            [
                str(BIN / "python"),
                "-m",
                "gunicorn",
                "--config",
                "python:agencydesk.gunicorn_config",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--access-logfile",
                "-",
                "agencydesk.wsgi",
            ],
            cwd=ROOT,
            env={**env, "SITE_URL": self.base},
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    def wait(self, timeout: float = 60) -> Gunicorn:
        """Until it answers at all (503 included: a part may be down)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.logs()
            try:
                http(f"{self.base}/healthz", timeout=5)
                return self
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"gunicorn did not answer: {self.logs()}")

    def get(self, path: str, **kwargs) -> Answer:
        return http(self.base + path, **kwargs)

    def logs(self) -> str:
        if not self._log.closed:
            self._log.flush()
        return self.log_path.read_text()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


class RedisServer:
    """A Redis of our own on ``port``, nothing written to disk."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.process: subprocess.Popen | None = None

    def start(self) -> RedisServer:
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.05)
        raise AssertionError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None
