"""The real multi-node topology on loopback, for tests/deploy/test_topology.py:
HAProxy (deploy/haproxy/haproxy.cfg, unchanged) in front of two gunicorn web
nodes with their own var dirs, two workers (`agencydesk worker`), a scratch
PostgreSQL database, a private key prefix in Redis, an SMTP server and an
S3-compatible object store (moto's server, tests/objectstore.py) holding every
file the nodes store.

Only 127.0.0.1 is contacted; everything started here is stopped and the
database and Redis keys are removed at the end."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import http.client
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HAPROXY_CONFIG = ROOT / "deploy" / "haproxy" / "haproxy.cfg"
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
REDIS = ("127.0.0.1", 6379)


class Missing(Exception):
    """A piece of the topology is not installed or not running here."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(what: str, check, timeout: float = 30.0, every: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(every)
    raise AssertionError(f"timed out waiting for {what}")


def healthy(port: int) -> bool:
    """Whether a web node answers /healthz (its workers booted)."""
    try:
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/healthz", timeout=2
        ) as response:
            return response.status == 200
    except OSError:
        return False


# --------------------------------------------------------------------------
# What must be here


def haproxy_binary() -> str:
    found = shutil.which("haproxy") or (
        "/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None
    )
    if not found:
        raise Missing("haproxy, which is not installed (apt-get install haproxy)")
    return found


def check_postgres() -> None:
    import psycopg

    try:
        psycopg.connect(dbname="postgres", connect_timeout=3, **PG).close()
    except psycopg.Error as error:
        raise Missing(
            f"PostgreSQL on {PG['host']}:{PG['port']} (user {PG['user']}), "
            f"which does not answer: {error}"
        ) from error


def check_moto() -> None:
    try:
        import moto.server  # noqa: F401
    except ImportError as error:
        raise Missing(
            "moto's S3 server, which is not installed "
            f"(pip install -e '.[dev]'): {error}"
        ) from error


def check_redis() -> None:
    import redis

    try:
        redis.Redis(*REDIS, socket_timeout=3).ping()
    except redis.RedisError as error:
        raise Missing(
            f"Redis on {REDIS[0]}:{REDIS[1]}, which does not answer: {error}"
        ) from error


# --------------------------------------------------------------------------
# The object store


@dataclass
class ObjectStore:
    """moto's S3 server on a free port of 127.0.0.1 (a thread of the test
    process) and this run's bucket: the one store every node and worker
    shares, as STORAGE_URL names it in a real deployment."""

    endpoint: str
    bucket: str
    _server: contextlib.ExitStack

    @classmethod
    def start(cls) -> ObjectStore:
        from tests.objectstore import make_bucket, moto_server

        server = contextlib.ExitStack()
        endpoint = server.enter_context(moto_server())
        return cls(endpoint, make_bucket(endpoint), server)

    @property
    def url(self) -> str:
        from tests.objectstore import storage_url

        return storage_url(self.endpoint, self.bucket)

    def objects(self) -> dict[str, int]:
        """Every object in the bucket, by key, with its size."""
        from tests.objectstore import s3_client

        listed = s3_client(self.endpoint).list_objects_v2(Bucket=self.bucket)
        return {entry["Key"]: entry["Size"] for entry in listed.get("Contents", ())}

    def stop(self) -> None:
        self._server.close()


# --------------------------------------------------------------------------
# The mail server


@dataclass
class SmtpReceiver:
    """An aiosmtpd server keeping each message's recipients and Message-ID.

    ``hold_at`` makes it stop, at the RCPT command of that many-th ``bulk-``
    message, every session sending one (the client waits for an answer:
    mid-message, nothing accepted yet) until ``release()``."""

    port: int = field(default_factory=free_port)
    received: list[tuple[list[str], str]] = field(default_factory=list)
    hold_at: int | None = None
    delay: float = 0.0
    bulk_rcpts: int = 0
    waiting: int = 0

    def start(self) -> SmtpReceiver:
        from aiosmtpd.controller import Controller

        self._gate = asyncio.Event()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        self.release()
        self._controller.stop()

    def release(self) -> None:
        self.hold_at = None
        self._controller.loop.call_soon_threadsafe(self._gate.set)

    async def handle_RCPT(self, server, session, envelope, address, options):
        if address.startswith("bulk-"):
            if self.delay:
                await asyncio.sleep(self.delay)
            if self.hold_at is not None and self.bulk_rcpts >= self.hold_at:
                self.waiting += 1
                try:
                    await self._gate.wait()
                finally:
                    self.waiting -= 1
            self.bulk_rcpts += 1
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        message_id = str(message["Message-ID"]).strip()
        self.received.append((list(envelope.rcpt_tos), message_id))
        return "250 OK"

    def bulk(self) -> list[str]:
        """Message-IDs of the ``bulk-`` messages, once per delivery."""
        return [
            mid
            for rcpts, mid in list(self.received)
            if any(r.startswith("bulk-") for r in rcpts)
        ]


# --------------------------------------------------------------------------
# A browser without a browser


class Browser:
    """Cookies (one jar for every port of 127.0.0.1, as a browser keeps them
    per host) and forms."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar)
        )

    def get(self, url: str) -> tuple[int, str, str]:
        return self._open(urllib.request.Request(url))

    def post(self, url: str, form: dict[str, str]) -> tuple[int, str, str]:
        data = urllib.parse.urlencode(form).encode()
        return self._open(urllib.request.Request(url, data=data, method="POST"))

    def post_files(
        self, url: str, form: dict[str, str], files: dict[str, tuple[str, bytes]]
    ) -> tuple[int, str, str]:
        """A multipart/form-data POST, as a form with a file input sends it:
        ``files`` maps a field to its file's name and bytes."""
        boundary = secrets.token_hex(16)
        parts = []
        for name, value in form.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'
                f"\r\n\r\n{value}\r\n".encode()
            )
        for name, (filename, content) in files.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n".encode()
                + content
                + b"\r\n"
            )
        parts.append(f"--{boundary}--\r\n".encode())
        request = urllib.request.Request(url, data=b"".join(parts), method="POST")
        request.add_header("Content-Type", f"multipart/form-data; boundary={boundary}")
        return self._open(request)

    def download(self, url: str) -> tuple[int, bytes, http.client.HTTPMessage]:
        """A file's bytes, undecoded, with the response's headers."""
        try:
            with self.opener.open(url, timeout=30) as response:
                return response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:
            return error.code, error.read(), error.headers

    def _open(self, request) -> tuple[int, str, str]:
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode(), response.url
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace"), error.url

    def sign_in(self, base: str, email: str, password: str, *, via: str) -> None:
        """The login form from ``base``, posted to ``via``: two nodes."""
        status, page, _url = self.get(f"{base}/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert status == 200 and token, f"no login form at {base} ({status})"
        status, _page, url = self.post(
            f"{via}/login/",
            {"csrfmiddlewaretoken": token[1], "email": email, "password": password},
        )
        assert status == 200 and not url.endswith("/login/"), (status, url)

    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


def requests_per_second(
    port: int, path: str, cookie: str, *, seconds: float, clients: int = 4
) -> float:
    """Keep-alive clients asking for ``path`` through one port for
    ``seconds``: answered requests per second (any non-200 fails)."""
    done = [0] * clients
    errors: list[str] = []
    stop_at = time.monotonic() + seconds

    def client(n: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < stop_at:
            connection.request("GET", path, headers={"Cookie": cookie})
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                errors.append(f"{path}: HTTP {response.status}")
                return
            done[n] += 1
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.close()

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors[:3]
    return sum(done) / (time.monotonic() - started)


# --------------------------------------------------------------------------
# The processes


@dataclass
class Process:
    name: str
    args: list[str]
    env: dict[str, str]
    log: Path
    popen: subprocess.Popen | None = None

    def start(self) -> Process:
        with self.log.open("ab") as out:
            self.popen = subprocess.Popen(
                self.args,
                env=self.env,
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self

    @property
    def pid(self) -> int:
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def kill(self) -> None:
        """SIGKILL, as the kernel's OOM killer or a pulled plug would."""
        self.popen.send_signal(signal.SIGKILL)
        self.popen.wait(timeout=10)

    def terminate(self) -> None:
        # The whole session: gunicorn's and Huey's own children too.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGTERM)

    def reap(self, timeout: float = 5) -> None:
        try:
            self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(timeout=10)

    def text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


@dataclass
class Topology:
    root: Path
    database: str
    redis_prefix: str
    smtp: SmtpReceiver
    store: ObjectStore
    lb_port: int = field(default_factory=free_port)
    web_ports: list[int] = field(default_factory=lambda: [free_port(), free_port()])
    processes: dict[str, Process] = field(default_factory=dict)
    seed: dict = field(default_factory=dict)

    @property
    def lb(self) -> str:
        return f"http://127.0.0.1:{self.lb_port}"

    def node(self, n: int) -> str:
        return f"http://127.0.0.1:{self.web_ports[n]}"

    @property
    def database_url(self) -> str:
        return f"postgres://postgres@127.0.0.1:5432/{self.database}"

    def env(self, var_dir: str, **extra: str) -> dict[str, str]:
        """A node's environment: the shared services and keys, its own var dir."""
        keep = ("PATH", "HOME", "LANG", "LC_ALL", "TZ", "VIRTUAL_ENV")
        env = {k: v for k, v in os.environ.items() if k in keep}
        (self.root / var_dir).mkdir(exist_ok=True)
        env.update(
            PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
            DJANGO_SETTINGS_MODULE="agencydesk.settings",
            AGENCYDESK_VAR_DIR=str(self.root / var_dir),
            DATABASE_URL=self.database_url,
            REDIS_URL=f"redis://{REDIS[0]}:{REDIS[1]}/0",
            REDIS_KEY_PREFIX=self.redis_prefix,
            SECRET_KEY=self.secret_key,
            SECRETS_KEY=self.secrets_key,
            SITE_URL=self.lb,
            ALLOWED_HOSTS="127.0.0.1,localhost",
            TRUSTED_PROXY_HOPS="1",
            EMAIL_URL=f"smtp://127.0.0.1:{self.smtp.port}",
            DEFAULT_FROM_EMAIL="desk@agency.test",
            STATIC_ROOT=str(self.root / "static"),
            HEALTHZ_TOKEN="topology-health",
            WORKER_THREADS="2",
            LOG_LEVEL="INFO",
            STORAGE_URL=self.store.url,
            # The credentials are in STORAGE_URL; a developer's ~/.aws must
            # not add a profile's settings to them.
            AWS_CONFIG_FILE=os.devnull,
            AWS_SHARED_CREDENTIALS_FILE=os.devnull,
        )
        env.update(extra)
        return env

    def __post_init__(self) -> None:
        from cryptography.fernet import Fernet

        self.secret_key = secrets.token_urlsafe(50)
        self.secrets_key = Fernet.generate_key().decode()

    # ---- steps ----------------------------------------------------------

    def ops(self, *args: str, timeout: float = 120) -> dict:
        done = subprocess.run(
            [sys.executable, "-m", "tests.deploy.topology_ops", *args],
            env=self.env("ops"),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return json.loads(done.stdout.strip().splitlines()[-1])

    def install(self) -> None:
        """Migrate (or copy the migrated template) and seed the database while
        static files are collected."""
        collect = subprocess.Popen(
            [sys.executable, "-m", "agencydesk.cli", "collectstatic", "--noinput"],
            env=self.env("ops", DJANGO_SETTINGS_MODULE="tests.deploy.static_settings"),
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        template = template_name()
        if database_exists(template):
            create_database(self.database, template=template)
        else:
            create_database(self.database)
            self.ops("migrate", timeout=240)
            keep_as_template(self.database, template)
        self.seed = self.ops("seed")
        _out, err = collect.communicate(timeout=120)
        assert collect.returncode == 0, err.decode()[-3000:]

    def start_web(self) -> None:
        for n, port in enumerate(self.web_ports):
            name = f"web{n + 1}"
            self.processes[name] = Process(
                name,
                # As deploy/systemd/agencydesk-web.service runs it.
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "agencydesk.wsgi",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "2",
                    "--timeout",
                    "30",
                    "--access-logfile",
                    str(self.root / f"{name}-access.log"),
                ],
                self.env(name),
                self.root / f"{name}.log",
            ).start()
        for port in self.web_ports:
            wait_for(f"web node on {port}", lambda port=port: healthy(port), 60)

    def start_lb(self) -> None:
        env = {
            "PATH": os.environ.get("PATH", ""),
            "AGENCYDESK_LB_FOREGROUND": "1",
            "AGENCYDESK_LB_LOG": "stdout",
            "AGENCYDESK_LB_SOCKET": str(self.root / "haproxy.sock"),
            "AGENCYDESK_LB_HTTP": f"127.0.0.1:{self.lb_port}",
            "AGENCYDESK_HOST": "127.0.0.1",
            "AGENCYDESK_WEB1": f"127.0.0.1:{self.web_ports[0]}",
            "AGENCYDESK_WEB2": f"127.0.0.1:{self.web_ports[1]}",
        }
        self.processes["haproxy"] = Process(
            "haproxy",
            [haproxy_binary(), "-db", "-f", str(HAPROXY_CONFIG)],
            env,
            self.root / "haproxy.log",
        ).start()
        wait_for("both web nodes UP behind haproxy", lambda: self.nodes_up() == 2, 30)

    def start_worker(self, name: str) -> Process:
        process = Process(
            name,
            # What deploy/systemd/agencydesk-worker@.service runs.
            [sys.executable, "-m", "agencydesk.cli", "worker"],
            self.env(name, WORKER_ID=name),
            self.root / f"{name}.log",
        )
        self.processes[name] = process.start()
        return process

    def wait_worker_ready(self, process: Process, starts: int = 1) -> None:
        wait_for(
            f"{process.name} to start its consumer",
            lambda: process.text().count("Huey consumer started") >= starts,
            60,
        )

    # ---- the load balancer's runtime API --------------------------------

    def lb_command(self, command: str) -> str:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(5)
            sock.connect(str(self.root / "haproxy.sock"))
            sock.sendall(command.encode() + b"\n")
            chunks = []
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks).decode()

    def nodes_up(self) -> int:
        if not (self.root / "haproxy.sock").exists():
            return 0
        try:
            state = self.lb_command("show stat")
        except OSError:
            return 0
        return sum(
            1
            for line in state.splitlines()
            if line.startswith("agencydesk_web,web") and ",UP," in line
        )

    def set_node(self, server: str, state: str) -> None:
        self.lb_command(f"set server agencydesk_web/{server} state {state}")

    # ---- the end --------------------------------------------------------

    def stop(self) -> None:
        processes = [p for p in self.processes.values() if p.alive()]
        for process in processes:
            process.terminate()
        for process in processes:
            process.reap()


def _admin():
    import psycopg

    return psycopg.connect(dbname="postgres", autocommit=True, **PG)


def create_database(name: str, template: str | None = None) -> None:
    with _admin() as conn:
        copy = f' TEMPLATE "{template}"' if template else ""
        conn.execute(f'CREATE DATABASE "{name}"{copy}')


def database_exists(name: str) -> bool:
    with _admin() as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return found.fetchone() is not None


TEMPLATE_PREFIX = "agencydesk_topology_template_"


def template_name() -> str:
    """The migrated database for the migrations as they are now: copying it
    takes a second where migrating takes 25 to 45."""
    import django

    digest = hashlib.sha256(django.__version__.encode())
    for path in sorted((ROOT / "src" / "agencydesk").glob("*/migrations/*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    return TEMPLATE_PREFIX + digest.hexdigest()[:16]


def keep_as_template(database: str, template: str) -> None:
    """Copy a just-migrated database as the template for the next runs, and
    drop the templates of older migration states (like pytest-django's
    --reuse-db, one database is kept between runs)."""
    import psycopg

    with _admin() as conn:
        try:
            conn.execute(f'CREATE DATABASE "{template}" TEMPLATE "{database}"')
            conn.execute(f'ALTER DATABASE "{template}" WITH IS_TEMPLATE true')
        except psycopg.Error:
            return  # a parallel run made it first
        stale = conn.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s AND datname <> %s",
            [TEMPLATE_PREFIX + "%", template],
        ).fetchall()
        for (name,) in stale:
            with contextlib.suppress(psycopg.Error):
                conn.execute(f'ALTER DATABASE "{name}" WITH IS_TEMPLATE false')
                conn.execute(f'DROP DATABASE "{name}"')


def drop_database(name: str) -> None:
    with _admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def query(database: str, sql: str, *params) -> list[tuple]:
    import psycopg

    with psycopg.connect(dbname=database, **PG) as conn:
        return conn.execute(sql, params).fetchall()


def drop_redis_keys(prefix: str) -> None:
    import redis

    client = redis.Redis(*REDIS)
    for key in client.scan_iter(match=f"*{prefix}*", count=1000):
        client.delete(key)


def new_topology() -> Topology:
    """Checks the pieces (Missing names the first one absent) and makes the
    scratch database and the run's private names."""
    haproxy_binary()
    check_postgres()
    check_redis()
    check_moto()
    run = f"{os.getpid()}_{secrets.token_hex(3)}"
    # Short: the runtime API's socket path must fit in 108 bytes.
    root = Path(tempfile.mkdtemp(prefix="adtopo-"))
    database = f"agencydesk_topology_{run}"
    smtp = SmtpReceiver().start()
    try:
        store = ObjectStore.start()
    except BaseException:
        smtp.stop()
        raise
    return Topology(
        root=root,
        database=database,
        redis_prefix=f"topology-{run}:",
        smtp=smtp,
        store=store,
    )


def remove(topology: Topology) -> None:
    topology.stop()
    topology.smtp.stop()
    topology.store.stop()
    drop_database(topology.database)
    drop_redis_keys(topology.redis_prefix)
    shutil.rmtree(topology.root, ignore_errors=True)
