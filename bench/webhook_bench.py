"""Webhook delivery benchmark: events per second from the worker to a local
receiver (issue 14, "Speed": at least 200 events/s).

    .venv/bin/python bench/webhook_bench.py [--events 2000]
        [--database-url postgres://postgres@127.0.0.1:5432/agencydesk_whbench]
        [--redis-url redis://127.0.0.1:6379/15] [--source emit|tickets]
        [--latency-events 200] [--profile 300]

1. Makes a database of its own (a temporary SQLite file, or the PostgreSQL
   database named, created and dropped at the end) and migrates it. An admin
   subscribes, through ``webhooks.services.subscription_create``, to
   ``ticket.created`` at a receiver in this process (``ThreadingHTTPServer``
   on 127.0.0.1, allowed with ``WEBHOOK_ALLOWED_HOSTS``). The receiver checks
   every delivery's signature as docs/api.md tells integrators to, and counts
   unique delivery ids; a bad signature or a duplicate fails the run.
2. With no worker running, emits --events events (``webhook_emit``, or real
   tickets through the desk services with ``--source tickets``): they wait in
   the queue (Huey on SQLite in a temporary AGENCYDESK_VAR_DIR, or Redis).
3. Starts the real worker (``agencydesk worker``, Huey's consumer) and times
   it from its start until the receiver holds every event. Then, with the
   worker running, emits --latency-events more at a steady pace and prints
   how long each took from its commit to the receiver.
4. Prints events/s against the target, the worker's CPU per event (and the
   PostgreSQL backends'), the delivery log's outcomes and the load average.
   ``--profile N`` then makes N deliveries in-process under cProfile
   (``services.webhook_deliver``, one by one) and prints queries per delivery
   and where the time goes.

Only 127.0.0.1 is contacted. Exit status: 0 the target met, 1 missed (or a
delivery lost, doubled or badly signed), 2 the benchmark could not run.
See bench/README.md.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import hmac
import io
import json
import os
import platform
import pstats
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import desk_bench as desk  # the database helpers (create, drop, marker)

HOST = desk.HOST
TARGET = 200.0  # events/s, issue 14 "Speed"
EVENT_TYPE = "ticket.created"
# A delivery's timestamp older than this is refused, as docs/api.md's example.
TOLERANCE = 300


class BenchError(desk.BenchError):
    pass


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmark webhook delivery by the worker (issue 14)."
    )
    parser.add_argument(
        "--database-url",
        help="postgres://…@127.0.0.1/<name>: a database of its own, created"
        " and dropped; default a temporary SQLite file",
    )
    parser.add_argument(
        "--redis-url",
        help="queue (and cache) on this Redis instead of SQLite; give it a"
        " database number of its own (its queue must be empty)",
    )
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument(
        "--source",
        choices=["emit", "tickets"],
        default="emit",
        help="emit: webhook_emit with a real ticket's payload; tickets: open"
        " real tickets through the desk services (their other jobs, such as"
        " mail, queue too)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        help="worker threads (WORKER_THREADS); default the settings' own",
    )
    parser.add_argument(
        "--worker-args",
        default="",
        help="more arguments for `agencydesk worker` (Huey's consumer), e.g."
        " '-k process -w 2'",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=120.0,
        help="seconds the worker may take for all the events",
    )
    parser.add_argument(
        "--latency-events",
        type=int,
        default=200,
        help="events emitted one by one with the worker running, to time each"
        " from commit to receipt (0: skip)",
    )
    parser.add_argument(
        "--latency-rate",
        type=float,
        default=50.0,
        help="events/s of that steady emission",
    )
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="afterwards, make N deliveries in-process under cProfile",
    )
    parser.add_argument(
        "--py-spy",
        metavar="FILE",
        help="record the worker with py-spy (on PATH or beside this Python)"
        " during the timed delivery into FILE and print where its samples went",
    )
    args = parser.parse_args(argv)
    if args.events < 10 or args.timeout <= 0 or args.latency_rate <= 0:
        parser.error("need --events ≥ 10, --timeout > 0, --latency-rate > 0")
    if args.latency_events < 0 or args.profile < 0:
        parser.error("--latency-events and --profile cannot be negative")
    if args.redis_url and urllib.parse.urlsplit(args.redis_url).hostname != HOST:
        parser.error(f"--redis-url must point at {HOST}")
    return args


# --------------------------------------------------------------------------
# The receiver: checks each delivery as an integrator would


@dataclass
class Receiver:
    secret: str = ""
    deliveries: dict[str, float] = field(default_factory=dict)  # id → received
    events: dict[int, float] = field(default_factory=dict)  # event id → received
    duplicates: int = 0
    bad: list[str] = field(default_factory=list)
    connections: int = 0
    server: ThreadingHTTPServer | None = None

    def __post_init__(self) -> None:
        self.changed = threading.Condition()

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/hook"

    def check(self, headers, body: bytes) -> str:
        """Why the delivery is refused, or "" (docs/api.md's verification)."""
        timestamp = headers.get("X-AgencyDesk-Timestamp", "")
        given = headers.get("X-AgencyDesk-Signature", "")
        if not timestamp.isdigit() or not given.startswith("sha256="):
            return "signature headers missing"
        if abs(time.time() - int(timestamp)) > TOLERANCE:
            return f"stale timestamp {timestamp}"
        expected = hmac.new(
            self.secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256
        ).hexdigest()
        if not hmac.compare_digest(expected, given.removeprefix("sha256=")):
            return "signature does not match"
        if headers.get("X-AgencyDesk-Event") != EVENT_TYPE:
            return f"unexpected event type {headers.get('X-AgencyDesk-Event')!r}"
        return ""

    def record(self, headers, body: bytes) -> None:
        now = time.monotonic()
        problem = self.check(headers, body)
        delivery = headers.get("X-AgencyDesk-Delivery", "")
        event_id = None
        if not problem:
            try:
                event_id = int(json.loads(body)["id"])
            except (ValueError, KeyError, TypeError):
                problem = "body is not an event"
        with self.changed:
            if problem:
                self.bad.append(f"delivery {delivery}: {problem}")
            elif delivery in self.deliveries:
                self.duplicates += 1
            else:
                self.deliveries[delivery] = now
                self.events.setdefault(event_id, now)
            self.changed.notify_all()

    def start(self) -> Receiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            # Keep-alive allowed, as most receivers do; a sender that closes
            # each connection still works.
            protocol_version = "HTTP/1.1"
            # Its answer goes out in two writes (headers, body): without
            # TCP_NODELAY the body waits for the sender's delayed ACK, 40 ms
            # a delivery on a kept connection. Real servers (gunicorn,
            # uvicorn, nginx) set it; http.server does not by default.
            disable_nagle_algorithm = True

            def setup(self) -> None:
                super().setup()
                with receiver.changed:
                    receiver.connections += 1

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                receiver.record(self.headers, self.rfile.read(length))
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer((HOST, 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def wait_for(self, count: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        with self.changed:
            while len(self.deliveries) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.changed.wait(min(left, 1.0))
        return True

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()


# --------------------------------------------------------------------------
# The worker process, and CPU read from /proc


class Worker:
    """``agencydesk worker`` as an operator starts it, its log in a file."""

    def __init__(self, env: dict[str, str], log: Path, extra: Sequence[str] = ()):
        self.log = log
        self.started = time.monotonic()
        with log.open("w") as out:
            self.process = subprocess.Popen(  # noqa: S603 - the venv's own script
                [str(desk.BIN / "agencydesk"), "worker", *extra],
                cwd=desk.ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip

    def wait_ready(self, timeout: float = 60) -> float:
        """The moment Huey's consumer said it started (Django loaded)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"the worker exited:\n{self.tail()}")
            if "Huey consumer started" in self.log.read_text(errors="replace"):
                return time.monotonic()
            time.sleep(0.02)
        raise BenchError(f"the worker did not start:\n{self.tail()}")

    def tail(self, chars: int = 3000) -> str:
        try:
            return self.log.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # Huey's graceful stop
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def ticks(pid: int) -> int:
    """CPU ticks (user + system) used so far by one process."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def run_queue_wait(pid: int) -> float:
    """Seconds the process's threads have waited for a CPU while runnable
    (``schedstat``): what other work on the machine took from it."""
    waited = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            waited += int((task / "schedstat").read_text().split()[1])
        except (OSError, IndexError, ValueError):
            continue
    return waited / 1e9


def worker_usage(pid: int) -> dict[int, tuple[int, float]]:
    """(CPU ticks, seconds waited for a CPU) of the worker and of the
    processes it started (Huey's ``-k process`` workers)."""
    parents = {}
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                stat = (proc / "stat").read_text().rsplit(")", 1)[1].split()
                parents[int(proc.name)] = int(stat[1])
            except (OSError, IndexError, ValueError):
                continue
    family, grew = {pid}, True
    while grew:
        more = {child for child, parent in parents.items() if parent in family}
        grew = not more <= family
        family |= more
    usage = {}
    for member in family:
        try:
            usage[member] = (ticks(member), run_queue_wait(member))
        except (OSError, IndexError, ValueError):
            continue
    return usage


def usage_spent(
    before: dict[int, tuple[int, float]], after: dict[int, tuple[int, float]]
) -> tuple[float, float]:
    """CPU seconds and run-queue seconds between two ``worker_usage``."""
    hz = os.sysconf("SC_CLK_TCK")
    cpu = sum(t - before.get(pid, (0, 0.0))[0] for pid, (t, _w) in after.items())
    waited = sum(w - before.get(pid, (0, 0.0))[1] for pid, (_t, w) in after.items())
    return cpu / hz, waited


def py_spy_start(pid: int, out: Path) -> subprocess.Popen:
    spy = shutil.which("py-spy") or str(desk.BIN / "py-spy")
    if not Path(spy).exists() and not shutil.which(spy):
        raise BenchError("py-spy is not installed (pip install py-spy)")
    return subprocess.Popen(  # noqa: S603 - py-spy on our own worker
        [spy, "record", "--pid", str(pid), "--format", "raw", "--rate", "200",
         "--nonblocking", "--subprocesses", "--output", str(out)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def py_spy_stop(spy: subprocess.Popen) -> None:
    spy.send_signal(signal.SIGINT)  # py-spy writes its file and exits
    try:
        spy.wait(timeout=30)
    except subprocess.TimeoutExpired:
        spy.kill()
        spy.wait()


def backend_ticks(database: str) -> dict[int, int]:
    """CPU ticks of each PostgreSQL backend serving ``database``."""
    found = {}
    prefix, name = b"postgres: ", f" {database} ".encode()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            command = (proc / "cmdline").read_bytes()
            if command.startswith(prefix) and name in command:
                found[int(proc.name)] = ticks(int(proc.name))
        except (OSError, IndexError, ValueError):
            continue
    return found


def percentile(values: Sequence[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


# --------------------------------------------------------------------------
# Setting up: database, people, the subscription, events


def prepare_env(args: argparse.Namespace, var_dir: Path) -> dict[str, str]:
    from cryptography.fernet import Fernet

    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="agencydesk.settings",
        AGENCYDESK_VAR_DIR=str(var_dir),
        PYTHONPATH=os.pathsep.join(
            filter(None, [str(desk.ROOT / "src"), env.get("PYTHONPATH", "")])
        ),
        DEBUG="0",
        ALLOWED_HOSTS=HOST,
        EMAIL_URL="dummymail://",
        LOG_LEVEL="WARNING",
        # One pair of keys for the bench and the worker: the worker decrypts
        # the signing secret the bench stored.
        SECRET_KEY="webhook-bench-" + os.urandom(16).hex(),
        SECRETS_KEY=Fernet.generate_key().decode(),
        WEBHOOK_ALLOWED_HOSTS=HOST,
    )
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    else:
        env.pop("DATABASE_URL", None)  # the SQLite file in the var dir
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
    else:
        env.pop("REDIS_URL", None)
    if args.threads:
        env["WORKER_THREADS"] = str(args.threads)
    return env


def redis_keys(url: str) -> int:
    import redis

    return redis.Redis.from_url(url).dbsize()


def redis_flush(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


def queued_jobs() -> int:
    from huey.contrib.djhuey import HUEY

    return HUEY.pending_count()


def flush_queue() -> None:
    from huey.contrib.djhuey import HUEY

    HUEY.flush()


@dataclass
class World:
    admin: object
    client: object
    contact: object
    payload: dict


def make_world() -> World:
    from agencydesk.api.webhooks import emit
    from agencydesk.clients import services as clients
    from agencydesk.core.models import Event
    from agencydesk.desk import services as desk_services
    from agencydesk.people import services as people
    from agencydesk.people.roles import Role

    admin = people.staff_create(
        actor=None,
        role=Role.ADMIN,
        email="admin@whbench.example",
        full_name="Bench Admin",
        password="webhook-bench-2026",
    )
    client = clients.client_create(
        actor=None,
        name="Hooked Client",
        country="ID",
        timezone="Asia/Jakarta",
        currency="IDR",
    )
    contact = clients.contact_create(
        actor=None, client=client, email="buyer@hooked.example", full_name="Buyer"
    )
    # One real ticket, before anyone subscribes: its event's payload is the
    # body every emitted event carries (the shape and size of a real one).
    ticket = desk_services.ticket_create(
        actor=None,
        client=client,
        requester=contact,
        title="Banner for the weekend sale",
        description="Hello, we need a banner for the weekend sale.",
    )
    opened = Event.objects.filter(verb="ticket.opened", target_id=str(ticket.pk))
    payload = emit.payload_for(opened.get(), ticket)
    return World(admin=admin, client=client, contact=contact, payload=payload)


def emit_events(args: argparse.Namespace, world: World, count: int) -> list[int]:
    """Emit ``count`` ticket.created events; their event ids."""
    from agencydesk.api.models import WebhookEvent
    from agencydesk.api.webhooks import services
    from agencydesk.desk import services as desk_services

    if args.source == "emit":
        ids = []
        for _ in range(count):
            event = services.webhook_emit(EVENT_TYPE, world.client.pk, world.payload)
            if event is None:
                raise BenchError("webhook_emit stored nothing: no subscription?")
            ids.append(event.pk)
        return ids
    last = WebhookEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    for n in range(count):
        desk_services.ticket_create(
            actor=None,
            client=world.client,
            requester=world.contact,
            title=f"Banner for the weekend sale #{n}",
            description="Hello, we need a banner for the weekend sale.",
        )
    return list(
        WebhookEvent.objects.filter(pk__gt=last or 0, type=EVENT_TYPE).values_list(
            "pk", flat=True
        )
    )


# --------------------------------------------------------------------------
# Profiling in-process


def profile(args: argparse.Namespace, world: World) -> str:
    """N deliveries in-process, one by one, under cProfile: the rate of one
    thread, queries per delivery, time in SQL, the top functions."""
    from django.db import connection

    from agencydesk.api.models import WebhookDelivery
    from agencydesk.api.webhooks import services

    emit_events(args, world, args.profile)  # queued jobs are flushed after
    flush_queue()
    ids = list(
        WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    sql = {"count": 0, "seconds": 0.0}
    kinds: Counter[str] = Counter()

    def count(execute, statement, params, many, context):
        started = time.perf_counter()
        try:
            return execute(statement, params, many, context)
        finally:
            sql["count"] += 1
            sql["seconds"] += time.perf_counter() - started
            kinds[statement.split(None, 1)[0].upper()] += 1

    # Half the deliveries timed bare, half under the profiler. The profiler
    # counts this thread's CPU time, not the wall clock: on a busy machine the
    # wait for a CPU would otherwise drown what the code itself costs.
    bare, profiled = ids[: len(ids) // 2], ids[len(ids) // 2 :]
    wall, cpu = time.perf_counter(), time.thread_time()
    for pk in bare:
        services.webhook_deliver(pk)
    wall, cpu = time.perf_counter() - wall, time.thread_time() - cpu
    profiler = cProfile.Profile(time.thread_time)
    with connection.execute_wrapper(count):
        profiler.enable()
        for pk in profiled:
            services.webhook_deliver(pk)
        profiler.disable()
    made = len(profiled)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(30)
    stats.sort_stats("tottime").print_stats(20)
    lines = [
        f"in-process, one thread, {len(bare)} deliveries:"
        f" {len(bare) / wall:.0f}/s, {1000 * cpu / len(bare):.2f} ms of CPU"
        f" and {1000 * wall / len(bare):.2f} ms of wall clock a delivery",
        f"{made} more under cProfile (CPU time of this thread):"
        f" {sql['count'] / made:.1f} statements a delivery"
        f" ({', '.join(f'{k} {v / made:.1f}' for k, v in kinds.most_common())}),"
        f" {1000 * sql['seconds'] / made:.2f} ms wall clock in SQL a delivery",
        out.getvalue(),
    ]
    return "\n".join(lines)


# --------------------------------------------------------------------------


def machine(database: str) -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from django.db import connection

    version = ".".join(str(n) for n in connection.get_database_version())
    return (
        f"{os.cpu_count()} CPUs ({model or platform.machine()});"
        f" Python {platform.python_version()}, {database} {version}"
    )


@dataclass
class Row:
    measure: str
    value: str
    target: str = "—"
    ok: bool | None = None

    def cells(self) -> tuple[str, str, str, str]:
        result = "—" if self.ok is None else ("PASS" if self.ok else "FAIL")
        return (self.measure, self.value, self.target, result)


def print_rows(title: str, rows: list[Row]) -> None:
    print(f"\n{title}")
    header = ("measure", "value", "target", "result")
    widths = (44, 40, 14, 6)
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))
    print(line)
    print("-" * len(line))
    for row in rows:
        cells = row.cells()
        print("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)))


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    target = desk.Target.parse(args.database_url) if args.database_url else None
    var_dir = Path(tempfile.mkdtemp(prefix="webhook-bench-"))
    env = prepare_env(args, var_dir)
    receiver = Receiver()
    worker: Worker | None = None

    def stop(signum, frame):
        raise SystemExit(2)

    signal.signal(signal.SIGTERM, stop)
    flush_redis = False
    try:
        if args.redis_url:
            # The cache lives there too: keys of an earlier run (the kept
            # subscriptions of a database since dropped) would be read back.
            keys = redis_keys(args.redis_url)
            if keys:
                raise BenchError(
                    f"{args.redis_url} holds {keys} keys: give the benchmark an"
                    " empty Redis database of its own (it is flushed at the end)"
                )
            flush_redis = True
        if target is not None:
            desk.recreate_database(target)
            print(f"database {target.name} created")
        desk.run([str(desk.BIN / "agencydesk"), "migrate", "--noinput"], env, "migrate")
        os.environ.update(env)
        if not args.redis_url:
            os.environ.pop("REDIS_URL", None)
        sys.path.insert(0, str(desk.ROOT / "src"))
        import django

        django.setup()
        from django.db import connections

        from agencydesk.api.models import WebhookDelivery
        from agencydesk.api.webhooks import services

        database = "PostgreSQL" if target else "SQLite"
        queue = "Redis" if args.redis_url else "SQLite"
        world = make_world()
        receiver.start()
        created = services.subscription_create(
            actor=world.admin, url=receiver.url, event_types=[EVENT_TYPE]
        )
        receiver.secret = created.secret
        print(f"receiver on {receiver.url}; subscription {created.subscription.pk}")

        # Queued with no worker running.
        started = time.perf_counter()
        event_ids = emit_events(args, world, args.events)
        emitted = time.perf_counter() - started
        deliveries = WebhookDelivery.objects.filter(event_id__in=event_ids).count()
        jobs = queued_jobs()
        print(
            f"emitted {len(event_ids)} events ({args.source}) in {emitted:.1f} s"
            f" ({len(event_ids) / emitted:.0f}/s, not the measured figure);"
            f" {deliveries} deliveries, {jobs} jobs queued ({queue})",
            flush=True,
        )
        if len(event_ids) != args.events or deliveries != args.events:
            raise BenchError("the events did not each make one delivery")
        connections.close_all()  # the bench stays off the database meanwhile

        load_before = os.getloadavg()
        backends_before = backend_ticks(target.name) if target else {}
        worker = Worker(env, var_dir / "worker.log", shlex.split(args.worker_args))
        ready = worker.wait_ready()
        usage_ready = worker_usage(worker.process.pid)
        spy = (
            py_spy_start(worker.process.pid, Path(args.py_spy)) if args.py_spy else None
        )
        startup = ready - worker.started
        print(
            f"worker (pid {worker.process.pid}) ready {startup:.1f} s after its start",
            flush=True,
        )
        complete = receiver.wait_for(args.events, args.timeout)
        worker_cpu, waited = usage_spent(usage_ready, worker_usage(worker.process.pid))
        if spy is not None:
            py_spy_stop(spy)
        backends_done = backend_ticks(target.name) if target else {}
        load_after = os.getloadavg()
        with receiver.changed:
            times = sorted(receiver.deliveries.values())
        got = len(times)
        last = times[-1] if times else ready
        span = last - ready
        rate = got / span if complete and span > 0 else 0.0
        rate_all = got / (last - worker.started) if complete else 0.0
        steady = (got - 1) / (times[-1] - times[0]) if complete and got > 1 else 0.0
        hz = os.sysconf("SC_CLK_TCK")
        db_cpu = (
            sum(t - backends_before.get(pid, 0) for pid, t in backends_done.items())
            / hz
        )
        print(
            f"received {got}/{args.events} in {span:.2f} s: {rate:.1f} events/s"
            f" (load {load_before[0]:.1f}→{load_after[0]:.1f})",
            flush=True,
        )

        latencies: list[float] = []
        if complete and args.latency_events:
            sent: dict[int, float] = {}
            pause = 1 / args.latency_rate
            began = time.monotonic()
            for n in range(args.latency_events):
                # Paced from the start, so a slow emit does not slow the pace.
                delay = began + n * pause - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                [event_id] = emit_events(argparse.Namespace(source="emit"), world, 1)
                sent[event_id] = time.monotonic()
            receiver.wait_for(args.events + args.latency_events, args.timeout)
            with receiver.changed:
                latencies = [
                    1000 * (receiver.events[e] - t)
                    for e, t in sent.items()
                    if e in receiver.events
                ]
            connections.close_all()
        worker.stop()
        worker_log = worker.tail(10**7)
        worker = None

        outcomes = dict(
            WebhookDelivery.objects.values_list("status").annotate(
                n=django.db.models.Count("pk")
            )
        )
        durations = list(
            WebhookDelivery.objects.filter(
                status=WebhookDelivery.Status.DELIVERED
            ).values_list("duration_ms", flat=True)
        )
        with receiver.changed:
            bad, duplicates = list(receiver.bad), receiver.duplicates
            connections_seen = receiver.connections
        total = args.events + (args.latency_events if complete else 0)
        rows = [
            Row(
                f"delivery rate, {args.events} queued events",
                f"{rate:.1f} events/s in {span:.2f} s"
                if complete
                else f"TIMEOUT: {got}/{args.events} in {args.timeout:g} s",
                f"≥ {TARGET:.0f}/s",
                complete and rate >= TARGET,
            ),
            Row(
                "  counting the worker's start-up",
                f"{rate_all:.1f} events/s (start-up {startup:.1f} s)",
            ),
            Row("  first to last receipt", f"{steady:.1f} events/s"),
            Row(
                "worker CPU a delivery",
                f"{1000 * worker_cpu / max(got, 1):.2f} ms"
                f" ({100 * worker_cpu / span if span > 0 else 0:.0f}% of a core)",
            ),
        ]
        rows.append(
            Row(
                "worker waiting for a CPU (run queue)",
                f"{waited:.1f} s in {span:.1f} s, its threads summed",
            )
        )
        if target:
            rows.append(
                Row(
                    "PostgreSQL backends' CPU a delivery",
                    f"{1000 * db_cpu / max(got, 1):.2f} ms",
                )
            )
        rows += [
            Row(
                "POST as the worker timed it (duration_ms)",
                f"p50 {percentile(durations, 50):.0f} ms,"
                f" p95 {percentile(durations, 95):.0f} ms",
            ),
        ]
        if latencies:
            rows.append(
                Row(
                    f"commit → receipt, {len(latencies)} at {args.latency_rate:g}/s",
                    f"p50 {percentile(latencies, 50):.0f} ms,"
                    f" p95 {percentile(latencies, 95):.0f} ms,"
                    f" max {max(latencies):.0f} ms",
                )
            )
        rows += [
            Row(
                "received, unique, of sent",
                f"{len(receiver.deliveries)} of {total}",
                "all",
                len(receiver.deliveries) == total,
            ),
            Row("duplicates", str(duplicates), "0", duplicates == 0),
            Row("bad signatures", str(len(bad)), "0", not bad),
            Row(
                "delivery log",
                ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())),
                f"delivered {total}",
                outcomes.get("delivered") == total and len(outcomes) == 1,
            ),
            Row("TCP connections the receiver saw", str(connections_seen)),
            Row(
                "load average (1 min) before → after",
                f"{load_before[0]:.2f} → {load_after[0]:.2f}"
                f" (5 min {load_before[1]:.2f})",
            ),
        ]
        threads = f"{args.threads} threads" if args.threads else "default threads"
        if args.worker_args:
            threads += f", `{args.worker_args}`"
        print_rows(
            f"Webhook benchmark {datetime.now(UTC):%Y-%m-%d %H:%M} UTC —"
            f" {args.events} events ({args.source}), {database}, queue {queue},"
            f" worker: {threads}\nmachine: {machine(database)}",
            rows,
        )
        for problem in bad[:5]:
            print(f"  {problem}")
        problems = [
            line
            for line in worker_log.splitlines()
            if any(w in line for w in ("Traceback", "Error", "ERROR", "Exception"))
        ]
        if problems:
            print(f"worker log: {len(problems)} lines name an error; the first:")
            print("\n".join(problems[:15]))
        if any(row.ok is False for row in rows):
            print("worker log (its end):\n" + worker_log[-3000:])
        if args.py_spy and Path(args.py_spy).exists():
            from load_bench import profile_summary

            print(f"\npy-spy samples of the worker ({args.py_spy}):")
            print(profile_summary(Path(args.py_spy), top=40))
        if args.profile:
            print(f"\nprofile of {args.profile} deliveries (services.webhook_deliver):")
            print(profile(args, world))
        return 0 if all(row.ok is not False for row in rows) else 1
    except desk.BenchError as error:
        print(f"webhook_bench: {error}", file=sys.stderr)
        if worker is not None:
            print(worker.tail(), file=sys.stderr)
        return 2
    finally:
        if worker is not None:
            worker.stop()
        receiver.stop()
        if "django" in sys.modules:
            try:
                from django.db import connections

                connections.close_all()
            except Exception as error:  # cleanup: reported, not raised
                print(f"webhook_bench: cleanup: {error}", file=sys.stderr)
        if flush_redis:
            redis_flush(args.redis_url)
        if target is not None:
            desk.drop_database(target)
            print(f"database {target.name} dropped")
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
