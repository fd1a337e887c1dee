"""Load benchmark: the daily pages under concurrent load (issue 18, "Speed").

    .venv/bin/python bench/load_bench.py \
        --database-url postgres://postgres@127.0.0.1:5432/agencydesk_load \
        [--tickets 100000] [--seconds 20] [--clients 4] [--pages queue,ticket] [--keep]

1. Creates a database of its own (or, with --keep, reuses one filled to the
   same size) and fills it with the loader of bench/desk_bench.py.
2. Serves the product with gunicorn (2 workers, DEBUG off, static files
   collected) on a free 127.0.0.1 port, signs in through the login form as an
   account manager (and as a contact for the portal).
3. Drives each page with --clients concurrent keep-alive clients for
   --seconds (wrk when installed, else a Python client), waiting for gunicorn
   to go idle between pages, and prints requests/s, p50, p95, errors and the
   CPU per request (gunicorn workers and PostgreSQL backends, from /proc) per
   page against the targets of issue 18. --profile adds py-spy samples.

Only 127.0.0.1 is ever contacted. Exit status: 0 every target met, 1 a target
missed, 2 the benchmark could not run. See bench/README.md.
"""

from __future__ import annotations

import argparse
import http.client
import math
import os
import platform
import random
import re
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import desk_bench as desk  # the shared loader, gunicorn and sign-in

HOST = desk.HOST
WRK = shutil.which("wrk") or "wrk"


@dataclass(frozen=True)
class Page:
    name: str
    label: str
    rate: float | None = None  # requests/s at least
    p95: float | None = None  # ms at most
    size: int | None = None  # bytes at most (of one response)


PAGES = {
    p.name: p
    for p in (
        Page("queue", "queue ?client=…&stage=analysis", 60, 150),
        Page("ticket", "ticket page", 80, 150),
        Page("desk_home", "desk home", 100, 150),
        Page("new_form", "new-ticket form (GET)", size=30 * 1024),
        Page("create", "ticket creation (POST)", 150, 150),
        Page("my_work", "my work (home, My week)"),
        Page("timesheet", "my week (timesheet)"),
        Page("planner", "planner"),
        Page("portal", "portal ticket list (contact)"),
        # The API (issue 14): a bearer token, no session.
        Page("api_list", "API: list tickets ?stage=…", 300, 50),
        Page("api_get", "API: get one ticket", 400),
        Page("api_create", "API: create a ticket", 250),
    )
}
API_PAGES = {"api_list", "api_get", "api_create"}


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Load-benchmark the daily pages under gunicorn (issue 18)."
    )
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=20.0, help="per page")
    parser.add_argument(
        "--clients", type=int, default=4, help="concurrent HTTP clients"
    )
    parser.add_argument(
        "--pages",
        default=",".join(PAGES),
        help=f"comma-separated, of: {', '.join(PAGES)}",
    )
    parser.add_argument(
        "--http",
        choices=["auto", "wrk", "python"],
        default="auto",
        help="load generator: wrk when installed (auto), or the Python client",
    )
    parser.add_argument("--accounts", type=int, default=200, help="client accounts")
    parser.add_argument("--staff", type=int, default=40)
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the database afterwards and reuse it if already filled",
    )
    parser.add_argument(
        "--profile",
        metavar="DIR",
        help="py-spy record every page into DIR (skews the figures)",
    )
    parser.add_argument(
        "--redis-url",
        default="",
        help="serve with the cache and the job queue in this Redis (the"
        " PostgreSQL deployment of docs/deployment.md); default: embedded"
        " (file cache, SQLite queue) beside PostgreSQL",
    )
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    pages = [p.strip() for p in args.pages.split(",") if p.strip()]
    unknown = [p for p in pages if p not in PAGES]
    if unknown or not pages:
        parser.error(f"--pages: unknown {unknown}; choose from {', '.join(PAGES)}")
    if args.tickets < 1000 or args.accounts < 1 or args.staff < 8:
        parser.error("need --tickets ≥ 1000, --accounts ≥ 1, --staff ≥ 8")
    if args.clients < 1 or args.seconds <= 0:
        parser.error("need --clients ≥ 1 and --seconds > 0")
    args.pages = pages
    return args


# --------------------------------------------------------------------------
# Load generators: the same requests, wrk or Python threads


@dataclass(frozen=True)
class Request:
    path: str
    method: str = "GET"
    body: str = ""
    headers: tuple[tuple[str, str], ...] = ()


@dataclass
class Result:
    requests: int
    seconds: float
    p50: float  # ms
    p95: float  # ms
    errors: int  # HTTP ≥ 400 and failed connections
    bytes: int = 0
    statuses: dict[int, int] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def percentile(values: Sequence[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return math.nan
    return ordered[max(0, math.ceil(p * len(ordered)) - 1)]


def headers_for(cookie: str, req: Request) -> dict[str, str]:
    headers = {"Cookie": cookie} if cookie else {}
    if req.method == "POST":
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    headers.update(req.headers)
    return headers


def python_load(
    base: str, requests: Sequence[Request], cookie: str, clients: int, seconds: float
) -> Result:
    """``clients`` threads, each with its own keep-alive connection, sending
    the requests in turn (each thread from its own offset) for ``seconds``."""
    parts = urllib.parse.urlsplit(base)
    latencies: list[list[float]] = [[] for _ in range(clients)]
    statuses: list[dict[int, int]] = [{} for _ in range(clients)]
    sizes = [0] * clients
    failures = [0] * clients
    start = threading.Barrier(clients + 1)
    deadline = [0.0]

    def client(k: int) -> None:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        start.wait()
        i = k * 7919
        times, seen = latencies[k], statuses[k]
        while True:
            req = requests[i % len(requests)]
            i += 1
            began = time.perf_counter()
            if began >= deadline[0]:
                break
            try:
                conn.request(
                    req.method,
                    req.path,
                    body=req.body.encode() if req.body else None,
                    headers=headers_for(cookie, req),
                )
                response = conn.getresponse()
                body = response.read()
            except (OSError, http.client.HTTPException):
                failures[k] += 1
                conn.close()
                conn = http.client.HTTPConnection(
                    parts.hostname, parts.port, timeout=60
                )
                continue
            times.append((time.perf_counter() - began) * 1000)
            seen[response.status] = seen.get(response.status, 0) + 1
            sizes[k] += len(body)
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
        conn.close()

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    began = time.perf_counter()
    deadline[0] = began + seconds
    start.wait()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    every = [ms for times in latencies for ms in times]
    merged: dict[int, int] = {}
    for seen in statuses:
        for status, n in seen.items():
            merged[status] = merged.get(status, 0) + n
    errors = sum(failures) + sum(n for s, n in merged.items() if s >= 400)
    return Result(
        requests=len(every),
        seconds=elapsed,
        p50=percentile(every, 0.5),
        p95=percentile(every, 0.95),
        errors=errors,
        bytes=sum(sizes),
        statuses=merged,
    )


def lua_string(text: str) -> str:
    return '"' + "".join(c if c.isalnum() or c in " /?&=.-_%:;,+*@!~" else
                         f"\\{ord(c):03d}" for c in text) + '"'  # fmt: skip


WRK_SCRIPT = """
local reqs = {%(reqs)s}
local counter = 0
function setup(thread)
  thread:set("offset", counter * 7919)
  counter = counter + 1
end
function init(args)
  i = offset or 0
end
function request()
  i = i + 1
  return reqs[(i %% #reqs) + 1]
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %%d %%f %%f %%f %%d %%d\\n", summary.requests,
    summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000,
    e.connect + e.read + e.write + e.status + e.timeout, summary.bytes))
end
"""


def wrk_load(
    base: str,
    requests: Sequence[Request],
    cookie: str,
    clients: int,
    seconds: float,
    workdir: Path,
) -> Result:
    """wrk with ``clients`` connections on as many threads as fit (≤ 2)."""
    formatted = []
    for req in requests:
        headers = ", ".join(
            f"[{lua_string(k)}] = {lua_string(v)}"
            for k, v in headers_for(cookie, req).items()
        )
        body = lua_string(req.body) if req.body else "nil"
        formatted.append(
            f"wrk.format({lua_string(req.method)}, {lua_string(req.path)},"
            f" {{{headers}}}, {body})"
        )
    script = workdir / "load.lua"
    script.write_text(WRK_SCRIPT % {"reqs": ",\n".join(formatted)})
    threads = min(2, clients)
    duration = max(1, round(seconds))  # wrk takes whole seconds
    done = subprocess.run(  # noqa: S603 - the installed wrk, fixed arguments
        [WRK, f"-t{threads}", f"-c{clients}", f"-d{duration}s", "--timeout", "30s",
         "-s", str(script), base + "/"],
        capture_output=True, text=True, check=False, timeout=seconds + 120,
    )  # fmt: skip
    found = re.search(
        r"^RESULT (\S+) (\S+) (\S+) (\S+) (\S+) (\S+)$", done.stdout, re.M
    )
    if done.returncode != 0 or found is None:
        raise desk.BenchError(f"wrk failed:\n{done.stdout}{done.stderr}")
    n, secs, p50, p95, errors, size = found.groups()
    return Result(
        requests=int(n),
        seconds=float(secs),
        p50=float(p50),
        p95=float(p95),
        errors=int(errors),
        bytes=int(size),
    )


# --------------------------------------------------------------------------
# What each page asks for


@dataclass
class Session:
    """A signed-in browser and the cookie header its load clients send."""

    browser: desk.Browser
    cookie: str = ""

    @classmethod
    def sign_in(cls, base: str, email: str) -> Session:
        browser = desk.Browser(base)
        browser.login(email, desk.STAFF_PASSWORD)
        cookie = "; ".join(f"{c.name}={c.value}" for c in browser.jar)
        return cls(browser, cookie)

    def csrf_token(self, path: str) -> tuple[str, int]:
        """The form's CSRF token and the page's size in bytes."""
        status, page, final, _ms = self.browser.fetch(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or token is None or "/login/" in final:
            raise desk.BenchError(f"no form at {path} (HTTP {status}, {final})")
        return token[1], len(page.encode())


def portal_contact() -> str:
    """A contact who sees all tickets of the busiest client, able to sign in."""
    from django.contrib.auth.hashers import make_password
    from django.db.models import Count

    from agencydesk.clients.models import Contact

    contact = (
        Contact.objects.filter(sees_all_tickets=True, user__is_active=True)
        .annotate(n=Count("client__tickets"))
        .order_by("-n", "pk")
        .select_related("user")
        .first()
    )
    if contact is None:
        raise desk.BenchError("no contact to sign in to the portal")
    contact.user.password = make_password(desk.STAFF_PASSWORD)
    contact.user.save(update_fields=["password"])
    return contact.user.email


def creation_bodies(token: str, count: int = 20) -> list[str]:
    """New-ticket form posts for contacts of the signed-in manager's clients."""
    from agencydesk.clients.models import Contact

    # The requester picker submits the e-mail address the person picked.
    contacts = list(
        Contact.objects.filter(client__team__user__email=desk.LOGIN_EMAIL)
        .order_by("pk")
        .values_list("user__email", flat=True)[:count]
    )
    if not contacts:
        raise desk.BenchError(f"{desk.LOGIN_EMAIL} has no client with contacts")
    return [
        urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token,
                "requester": email,
                "channel": "phone",
                "priority": "normal",
                "request_type": "",
                "title": f"Load benchmark request {k + 1}",
                "description": "Please call back about the banner sizes.",
            }
        )
        for k, email in enumerate(contacts)
    ]


def api_token() -> str:
    """A bearer token of the signed-in manager with the ticket scopes."""
    from agencydesk.api.services import token_create
    from agencydesk.people.models import User

    user = User.objects.get(email=desk.LOGIN_EMAIL)
    return token_create(
        actor=user,
        name="load benchmark",
        scopes=["tickets:read", "tickets:write"],
        expires_in_days=1,
    ).plaintext


def api_requests(name: str, token: str, plan) -> list[Request]:
    """The API calls of one API page: the same tickets and filters as the
    pages, as JSON with the bearer token."""
    import json

    from agencydesk.clients.models import Client
    from agencydesk.desk.models import Ticket

    auth = (("Authorization", f"Bearer {token}"), ("Accept", "application/json"))
    slugs = list(
        Client.objects.filter(team__user__email=desk.LOGIN_EMAIL)
        .order_by("pk")
        .values_list("slug", flat=True)[:20]
    )
    if not slugs:
        raise desk.BenchError(f"{desk.LOGIN_EMAIL} has no clients")
    if name == "api_list":
        return [
            Request(f"/api/v1/tickets?client={slug}&stage={stage}", headers=auth)
            for slug in slugs
            for stage in ("analysis", "production", "screening")
        ]
    if name == "api_get":
        numbers = list(
            Ticket.objects.filter(client__slug__in=slugs)
            .order_by("-pk")
            .values_list("number", flat=True)[:200]
        )
        return [Request(f"/api/v1/tickets/{n}", headers=auth) for n in numbers]
    # Each ticket is a contact's request, as the target counts it: the SLA,
    # the number, the timeline event and the requester's queued e-mail.
    from agencydesk.clients.models import Contact

    requesters = dict(
        Contact.objects.filter(client__slug__in=slugs, user__notify_by_email=True)
        .order_by("-pk")
        .values_list("client__slug", "user__email")
    )
    json_auth = (*auth, ("Content-Type", "application/json"))
    return [
        Request(
            "/api/v1/tickets",
            "POST",
            json.dumps(
                {
                    "client": slug,
                    "requester": requesters[slug],
                    "title": f"API load benchmark request {k + 1}",
                    "description": "Please call back about the banner sizes.",
                }
            ),
            headers=json_auth,
        )
        for k, slug in enumerate(slugs)
        if slug in requesters
    ]


def mail_count() -> int:
    from agencydesk.comms.models import OutboundMessage

    return OutboundMessage.objects.count()


def ticket_count() -> int:
    from agencydesk.desk.models import Ticket

    return Ticket.objects.count()


# --------------------------------------------------------------------------


@dataclass
class Row:
    page: Page
    result: Result | None = None
    size: int | None = None
    load: tuple[float, float] = (0.0, 0.0)
    note: str = ""
    cpu: float | None = None  # gunicorn workers' CPU ms per request
    db_cpu: float | None = None  # PostgreSQL backends' CPU ms per request

    def misses(self) -> list[str]:
        p, r = self.page, self.result
        missed = []
        if r is not None:
            if r.errors:
                missed.append("errors")
            if p.rate is not None and r.rate < p.rate:
                missed.append("rate")
            if p.p95 is not None and not r.p95 <= p.p95:
                missed.append("p95")
        if p.size is not None and (self.size is None or self.size > p.size):
            missed.append("size")
        return missed

    def target(self) -> str:
        p = self.page
        parts = []
        if p.rate is not None:
            parts.append(f"≥ {p.rate:.0f}/s")
        if p.p95 is not None:
            parts.append(f"p95 ≤ {p.p95:.0f}")
        if p.size is not None:
            parts.append(f"≤ {p.size // 1024} KB")
        return ", ".join(parts) or "—"


def cpu_snapshot(master: int, database: str) -> dict[tuple[str, int], int]:
    """CPU ticks (user + system) used so far by each gunicorn worker (the
    children of ``master``) and each PostgreSQL backend serving ``database``."""
    found = {}
    backend = b"postgres: ", f" {database} ".encode()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            ticks = int(fields[11]) + int(fields[12])  # utime, stime
            if int(fields[1]) == master:  # ppid
                found["worker", int(proc.name)] = ticks
            else:
                command = (proc / "cmdline").read_bytes()
                if command.startswith(backend[0]) and backend[1] in command:
                    found["backend", int(proc.name)] = ticks
        except (OSError, IndexError, ValueError):
            continue
    return found


def cpu_spent(before: dict, after: dict) -> tuple[float, float]:
    """CPU seconds of the workers and of the backends between two snapshots
    (a process that ended in between is missing: a slight undercount)."""
    spent = {"worker": 0, "backend": 0}
    for key, ticks in after.items():
        spent[key[0]] += ticks - before.get(key, 0)
    hz = os.sysconf("SC_CLK_TCK")
    return spent["worker"] / hz, spent["backend"] / hz


def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.1f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    return (
        f"{os.cpu_count()} CPUs ({model or platform.machine()}){memory};"
        f" Python {platform.python_version()}, PostgreSQL {pg}"
    )


def print_rows(rows: list[Row], args, loaded: str, client: str) -> None:
    print(
        f"\nLoad benchmark {datetime.now(UTC):%Y-%m-%d %H:%M} UTC — {args.tickets}"
        f" tickets, gunicorn -w 2, {args.clients} clients ({client}),"
        f" {args.seconds:g} s per page; database {loaded};"
        f" cache and queue {'in Redis' if args.redis_url else 'embedded'}"
    )
    print(f"machine: {machine()}")
    header = ("page", "req/s", "p50 ms", "p95 ms", "CPU ms", "DB ms", "errors", "size",
              "load", "target", "result")  # fmt: skip
    widths = (30, 7, 7, 7, 7, 6, 6, 8, 9, 22, 6)
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))
    print(line)
    print("-" * len(line))
    for row in rows:
        r = row.result
        missed = row.misses()
        cells = (
            row.page.label,
            f"{r.rate:.1f}" if r else "",
            f"{r.p50:.0f}" if r else "",
            f"{r.p95:.0f}" if r else "",
            f"{row.cpu:.0f}" if row.cpu is not None else "",
            f"{row.db_cpu:.0f}" if row.db_cpu is not None else "",
            str(r.errors) if r else "",
            f"{row.size / 1024:.1f} KB" if row.size is not None else "",
            f"{row.load[0]:.1f}→{row.load[1]:.1f}",
            row.target(),
            "—" if row.target() == "—" else ("FAIL" if missed else "PASS"),
        )
        print("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)))
        if row.note:
            print(f"  {row.note}")


def api_probe(base: str, req: Request) -> tuple[int, str, str]:
    """One API call as the load clients make it: (status, body, path)."""
    parts = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        conn.request(
            req.method,
            req.path,
            body=req.body.encode() if req.body else None,
            headers=dict(req.headers),
        )
        response = conn.getresponse()
        return response.status, response.read().decode(), req.path
    finally:
        conn.close()


def drain(session: Session, timeout: float = 30.0) -> None:
    """Wait until gunicorn is idle: a pause, then a probe that answers fast."""
    deadline = time.monotonic() + timeout
    time.sleep(1.0)
    while time.monotonic() < deadline:
        _status, _page, _final, ms = session.browser.fetch("/healthz")
        if ms < 50:
            return
        time.sleep(0.5)


def profile_start(args, server, page: Page) -> subprocess.Popen | None:
    if not args.profile:
        return None
    spy = shutil.which("py-spy") or str(desk.BIN / "py-spy")
    out = Path(args.profile) / f"{page.name}.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(  # noqa: S603 - py-spy on our own gunicorn
        [spy, "record", "--pid", str(server.process.pid), "--subprocesses",
         "--duration", str(max(1, int(args.seconds) - 2)), "--format", "raw",
         "--nonblocking", "--output", str(out)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def profile_summary(path: Path, top: int = 25) -> str:
    """Where a page's samples went: functions by share of the samples they
    are on the stack of (the request-handling chain above them left out), and
    the functions the samples stopped in."""
    total, inclusive, own = 0, Counter(), Counter()
    for line in path.read_text().splitlines():
        stack, _sep, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        frames = [re.sub(r":\d+\)$", ")", f) for f in stack.split(";")[1:]]
        total += n
        for frame in set(frames):
            inclusive[frame] += n
        if frames:
            own[frames[-1]] += n
    if not total:
        return "  (no samples)"
    lines = [f"  {total} samples; on the stack (inclusive):"]
    shown = [(f, n) for f, n in inclusive.most_common() if n < 0.9 * total]
    lines += [f"    {100 * n / total:5.1f}%  {f}" for f, n in shown[:top]]
    lines.append("  where the samples stopped (self):")
    lines += [f"    {100 * n / total:5.1f}%  {f}" for f, n in own.most_common(top // 2)]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    target = desk.Target.parse(args.database_url)
    var_dir = Path(tempfile.mkdtemp(prefix="load-bench-"))
    env = desk.bench_env(target, var_dir)
    # Serve this checkout's code, in production mode.
    env.update(
        PYTHONPATH=os.pathsep.join(
            filter(None, [str(desk.ROOT / "src"), env.get("PYTHONPATH", "")])
        ),
        SECRET_KEY="load-bench-" + os.urandom(16).hex(),
        SECURE_SSL_REDIRECT="0",
        SITE_URL=f"http://{HOST}:8000",
        STATIC_ROOT=str(var_dir / "static"),
        # One token drives the API pages: its per-minute limit must not be
        # what is measured.
        API_RATE_PER_MINUTE="100000000",
    )
    if args.redis_url:
        # Several-node settings: the keys must be given (settings checks).
        from cryptography.fernet import Fernet

        env.update(REDIS_URL=args.redis_url, SECRETS_KEY=Fernet.generate_key().decode())
    os.environ.update(env)
    if not args.redis_url:
        os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(desk.ROOT / "src"))

    def stop(signum, frame):
        raise SystemExit(2)

    signal.signal(signal.SIGTERM, stop)
    client = args.http
    if client == "auto":
        client = "wrk" if shutil.which(WRK) else "python"
    elif client == "wrk" and not shutil.which(WRK):
        print("load_bench: wrk is not installed", file=sys.stderr)
        return 2
    server: desk.Gunicorn | None = None
    fill_args = argparse.Namespace(
        tickets=args.tickets, clients=args.accounts, staff=args.staff, seed=args.seed
    )
    first_new: int | None = None
    try:
        if not (desk.ROOT / "node_modules" / "bootstrap").is_dir():
            raise desk.BenchError("node_modules/ is missing: run `npm ci` first")
        _exists, marker = desk.database_marker(target)
        wanted = {
            "tickets": str(args.tickets),
            "clients": str(args.accounts),
            "staff": str(args.staff),
        }
        reuse = (
            args.keep
            and marker is not None
            and marker.get("state") == "ready"
            and all(marker.get(k) == v for k, v in wanted.items())
        )
        if not reuse:
            desk.recreate_database(target)
            print(f"database {target.name} created")
        desk.run([str(desk.BIN / "agencydesk"), "migrate", "--noinput"], env, "migrate")
        import django

        django.setup()
        from django.utils import timezone

        now = timezone.now()
        started = time.perf_counter()
        if reuse:
            desk.rebase(float(marker["base"]), now)
            loaded = "reused (--keep)"
        else:
            desk.fill(fill_args, now)
            loaded = f"filled in {time.perf_counter() - started:.0f}s"
        desk.set_marker(target, state="ready", base=int(now.timestamp()), **wanted)
        desk.describe()
        # Other work on the machine shows in the figures: say how busy it was.
        idle = os.getloadavg()
        loaded += f"; load average {idle[0]:.1f} {idle[1]:.1f} {idle[2]:.1f} before"
        contact_email = portal_contact()
        from agencydesk.desk.models import Ticket

        first_new = (Ticket.objects.order_by("-pk").values_list("pk", flat=True)[:1]
                     or [0])[0]  # fmt: skip
        desk.run(
            [str(desk.BIN / "agencydesk"), "collectstatic", "--noinput",
             "--verbosity", "0"],
            env, "collectstatic",
        )  # fmt: skip
        plan = desk.draw_plan(200, random.Random(args.seed))
        api_calls = {
            name: api_requests(name, api_token(), plan)
            for name in args.pages
            if name in API_PAGES
        }
        from django.db import connections

        connections.close_all()  # idle during the run; reopened for counts
        server = desk.Gunicorn(env, var_dir / "gunicorn.log")
        server.wait_ready()
        print(f"gunicorn on {server.base} (2 workers); load generator: {client}")
        staff = Session.sign_in(server.base, desk.LOGIN_EMAIL)
        contact = (
            Session.sign_in(server.base, contact_email)
            if "portal" in args.pages
            else None
        )
        rows: list[Row] = []
        for name in args.pages:
            page = PAGES[name]
            row = Row(page)
            session = contact if name == "portal" else staff
            requests: list[Request]
            if name == "queue":
                requests = [Request(p) for p in plan.queue_filter]
            elif name == "ticket":
                requests = [Request(p) for p in plan.tickets]
            elif name == "desk_home":
                requests = [Request("/desk/")]
            elif name == "new_form":
                requests = [Request("/desk/tickets/new/")]
                _token, row.size = session.csrf_token("/desk/tickets/new/")
            elif name == "create":
                token, _size = session.csrf_token("/desk/tickets/new/")
                requests = [
                    Request("/desk/tickets/new/", "POST", body)
                    for body in creation_bodies(token)
                ]
            elif name == "my_work":
                requests = [Request("/")]
            elif name == "timesheet":
                requests = [Request("/time/")]
            elif name == "planner":
                requests = [Request("/planning/")]
            elif name in API_PAGES:
                requests = api_calls[name]
            else:
                requests = [Request("/portal/tickets/")]
            # A probe first: the page must answer as the signed-in user, and
            # each worker loads its templates on its first hits (start-up).
            probe = requests[0]
            for _ in range(4):
                if name in API_PAGES:
                    status, text, final = api_probe(server.base, probe)
                    continue
                status, text, final, _ms = session.browser.fetch(
                    probe.path,
                    dict(urllib.parse.parse_qsl(probe.body)) if probe.body else None,
                )
            expected = (
                r"/desk/tickets/\d+/$"
                if probe.method == "POST" and name not in API_PAGES
                else None
            )
            if name == "api_create" and status == 201:
                status = 200  # created: the probe passed
            if (
                status != 200
                or "/login/" in final
                or (expected and not re.search(expected, final))
            ):
                raise desk.BenchError(
                    f"{page.label}: HTTP {status} at {final}:\n{text[:600]}"
                )
            drain(session)
            before = ticket_count() if name in ("create", "api_create") else 0
            mails_before = mail_count() if name in ("create", "api_create") else 0
            connections.close_all()
            spy = profile_start(args, server, page)
            load_before = os.getloadavg()[0]
            cpu_before = cpu_snapshot(server.process.pid, target.name)
            cookie = "" if name in API_PAGES else session.cookie
            if client == "wrk":
                result = wrk_load(
                    server.base,
                    requests,
                    cookie,
                    args.clients,
                    args.seconds,
                    var_dir,
                )
            else:
                result = python_load(
                    server.base, requests, cookie, args.clients, args.seconds
                )
            row.load = (load_before, os.getloadavg()[0])
            if result.requests:
                spent = cpu_spent(
                    cpu_before, cpu_snapshot(server.process.pid, target.name)
                )
                row.cpu, row.db_cpu = (x * 1000 / result.requests for x in spent)
            if spy is not None:
                spy.wait(timeout=args.seconds + 60)
                samples = Path(args.profile) / f"{page.name}.txt"
                if samples.exists():
                    print(f"{page.label}: py-spy profile ({samples})")
                    print(profile_summary(samples), flush=True)
            row.result = result
            if name in ("create", "api_create"):
                drain(session)
                made = ticket_count() - before
                mails = mail_count() - mails_before
                connections.close_all()
                row.note = (
                    f"{made} tickets created by {result.requests} posts,"
                    f" {mails} e-mails queued"
                )
                # A post answered with the form again (a 200) created nothing.
                result.errors += max(0, result.requests - made)
            rows.append(row)
            print(
                f"{page.label}: {result.rate:.1f} req/s, p50 {result.p50:.0f} ms,"
                f" p95 {result.p95:.0f} ms, {result.errors} errors"
                + (
                    f", CPU/request {row.cpu:.0f} ms + {row.db_cpu:.0f} ms PostgreSQL"
                    if row.cpu is not None
                    else ""
                )
                + (f", {row.size} bytes" if row.size is not None else "")
                + f" (load {row.load[0]:.1f}→{row.load[1]:.1f})",
                flush=True,
            )
            drain(session)
        server.stop()
        server = None
        print_rows(rows, args, loaded, client)
        return 1 if any(row.misses() for row in rows) else 0
    except desk.BenchError as error:
        print(f"load_bench: {error}", file=sys.stderr)
        if server is not None:
            print(server.log.read_text()[-4000:], file=sys.stderr)
        return 2
    finally:
        if server is not None:
            server.stop()
        if "django" in sys.modules and first_new is not None and args.keep:
            try:
                from agencydesk.core.models import Counter
                from agencydesk.desk.models import Ticket

                # A kept database stays at its size: the created tickets go.
                extra = Ticket.objects.filter(pk__gt=first_new)
                if extra.exists():
                    extra.delete()
                    Counter.objects.filter(name="ticket").update(value=first_new)
            except Exception as error:  # cleanup: reported, not raised
                print(f"load_bench: could not remove the created tickets: {error}")
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        if not args.keep:
            desk.drop_database(target)
            print(f"database {target.name} dropped (use --keep to reuse it)")
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
