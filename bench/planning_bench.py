"""Workload benchmark (issue 6, "Speed"): planner, budgets overview and burn on
a PostgreSQL database at production size, timed in-process.

    .venv/bin/python bench/planning_bench.py \
        --database-url postgres://postgres@127.0.0.1:5432/agencydesk_plan_bench \
        [--staff 200] [--clients 500] [--weeks 104] [--entries 5000000] \
        [--requests 100] [--keep]

1. Creates the database (dropped at the end unless --keep; with --keep a
   database this script already filled to the same size is reused), migrates
   it, creates staff and clients through the services, then loads two years of
   allocations and the time entries with COPY, the retainers of this month and
   last month (half of them rolling over), and runs VACUUM ANALYZE.
2. Signs in an admin with Django's test client (in-process: the figures are
   the view, its queries and the template, without a web server in front) and
   times, after warm-up hits:
   - the planner, 50 people × 12 weeks (``/planning/``, pages taking turns);
   - the budgets overview (``/planning/budgets/``, 25 clients a page, pages
     taking turns) and, as a selector, the burn of all retainers at once;
   - the burn of one client (the selector the client page's panel calls).
3. Prints p50/p95 per measure against the targets (200 ms, 200 ms, 50 ms) and
   the number of queries each page ran. Exit status 0 when every target is
   met, 1 when one is missed, 2 when the benchmark could not run.

Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
# The burn of all retainers at once has no target: the overview pages them 25
# at a time. It is printed to show what an unpaged overview would cost.
TARGETS = {"planner": 200.0, "budgets": 200.0, "burn_one": 50.0}


def _ensure_database(url: str, keep: bool) -> bool:
    """Create the database; True when a kept one already exists."""
    import psycopg

    parts = urlparse(url)
    if parts.hostname not in ("127.0.0.1", "localhost"):
        raise SystemExit("The benchmark only talks to 127.0.0.1.")
    name = parts.path.lstrip("/")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if exists and keep:
            return True
        if exists:
            conn.execute(f'DROP DATABASE "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return False


def _drop_database(url: str) -> None:
    import psycopg

    name = urlparse(url).path.lstrip("/")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    # As a web process: what it loaded is frozen out of the collector's
    # sight after its first requests (agencydesk.core.runtime).
    os.environ.setdefault("GC_FREEZE_AFTER_REQUESTS", "10")
    sys.path[:0] = [str(ROOT), str(ROOT / "src")]
    import django

    django.setup()


def _copy(table: str, columns: list[str], rows) -> int:
    """COPY rows (tuples) into a table; returns how many went in."""
    from django.db import connection

    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor
        statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with raw.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


def _load(args, out) -> dict:
    from decimal import Decimal

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from agencydesk.clients import services as clients
    from agencydesk.people import services as people
    from agencydesk.people.models import User
    from agencydesk.people.roles import Role
    from agencydesk.timesheets.models import Budget
    from agencydesk.timesheets.weeks import monday_of, previous_month

    rng = random.Random(args.seed)
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    countries = ["ID", "RU", "CN", "SG", "DE", "US"]
    staff = []
    for n in range(args.staff):
        role = (
            Role.ADMIN
            if n == 0
            else (Role.ACCOUNT_MANAGER if n % 10 == 1 else Role.SPECIALIST)
        )
        staff.append(
            people.staff_create(
                actor=None,
                email=f"s{n:03d}@bench.example",
                full_name=f"Staff {n:03d}",
                role=role,
                password="bench-plan-2026",
                country=countries[n % 6],
                hourly_cost=Decimal("20"),
                default_bill_rate=Decimal("60"),
            )
        )
    out.write(f"  staff: {len(staff)}\n")
    client_ids = []
    for n in range(args.clients):
        client = clients.client_create(
            actor=None,
            name=f"Bench Client {n:03d}",
            country=countries[n % 6],
            timezone="UTC",
            currency="USD",
            language="en",
        )
        client_ids.append(client.pk)
    out.write(f"  clients: {len(client_ids)}\n")
    today = timezone.localdate()
    this_week = monday_of(today)
    first_week = this_week - timedelta(weeks=args.weeks - 12)
    now = timezone.now()

    def allocations():
        for person in staff:
            mine = rng.sample(client_ids, 3)
            for w in range(args.weeks):
                week = first_week + timedelta(weeks=w)
                for i, client_id in enumerate(mine):
                    yield (
                        person.pk,
                        client_id,
                        "",
                        week,
                        rng.choice([240, 480, 720]),
                        i == 2 and w % 5 == 0,
                        "",
                        now,
                    )
                yield (person.pk, None, "", week, 240, False, "", now)

    n_alloc = _copy(
        "planning_allocation",
        [
            "user_id",
            "client_id",
            "project",
            "week",
            "minutes",
            "is_tentative",
            "note",
            "created_at",
        ],
        allocations(),
    )
    out.write(f"  allocations: {n_alloc}\n")
    first_day = first_week
    span = (today - first_day).days + 1

    def entries():
        ids = [p.pk for p in staff]
        for _n in range(args.entries):
            minutes = rng.choice([30, 60, 90, 120, 180])
            yield (
                rng.choice(ids),
                rng.choice(client_ids),
                "",
                None,
                first_day + timedelta(days=rng.randrange(span)),
                minutes,
                "",
                True,
                Decimal(minutes),
                "USD",
                Decimal(minutes) / 3,
                "USD",
                now,
            )

    n_entries = _copy(
        "timesheets_timeentry",
        [
            "user_id",
            "client_id",
            "project",
            "ticket_id",
            "date",
            "minutes",
            "note",
            "is_billable",
            "bill_amount",
            "bill_currency",
            "cost_amount",
            "cost_currency",
            "created_at",
        ],
        entries(),
    )
    out.write(f"  time entries: {n_entries}\n")
    month = today.replace(day=1)
    Budget.objects.bulk_create(
        Budget(
            client_id=c,
            kind="retainer",
            month=m,
            minutes=60 * 60,
            amount=Decimal("6000"),
            currency="USD",
            rolls_over=i % 2 == 0,
        )
        for i, c in enumerate(client_ids)
        for m in (previous_month(month), month)
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    out.write(f"  loaded in {time.perf_counter() - started:.0f} s\n")
    return {"admin": User.objects.get(email="s000@bench.example")}


def _time(label, fn, requests) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _n in range(5):
        fn(0)
    samples, queries = [], 0
    for n in range(requests):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            fn(n)
            samples.append((time.perf_counter() - started) * 1000)
        queries = max(queries, len(ctx))
    samples.sort()
    p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
    return statistics.median(samples), p95, queries


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--staff", type=int, default=200)
    parser.add_argument("--clients", type=int, default=500)
    parser.add_argument("--weeks", type=int, default=104)
    parser.add_argument("--entries", type=int, default=5_000_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    out = sys.stdout
    try:
        reused = _ensure_database(args.database_url, args.keep)
        _setup_django(args.database_url)
    except Exception as error:
        print(f"benchmark could not start: {error}", file=sys.stderr)
        return 2
    from django.test import Client
    from django.utils import timezone

    from agencydesk.people.models import User
    from agencydesk.timesheets.models import Budget, TimeEntry
    from agencydesk.timesheets.selectors import budgets_for_month, burn_for_budgets

    if reused and TimeEntry.objects.count() == args.entries:
        out.write("Reusing the kept database.\n")
        admin = User.objects.get(email="s000@bench.example")
    else:
        out.write("Loading…\n")
        admin = _load(args, out)["admin"]
    http = Client()
    http.force_login(admin)
    month = timezone.localdate().replace(day=1)
    planner_pages = max(1, args.staff // 50)
    budget_pages = max(1, args.clients // 25)
    budgets = list(budgets_for_month(month=month))
    one = Budget.objects.filter(month=month).order_by("pk")

    def planner(n):
        response = http.get("/planning/", {"page": n % planner_pages + 1})
        assert response.status_code == 200

    def budgets_page(n):
        response = http.get(
            "/planning/budgets/",
            {"month": f"{month:%Y-%m}", "page": n % budget_pages + 1},
        )
        assert response.status_code == 200

    def burn_all(n):
        burn_for_budgets(budgets)

    def burn_one(n):
        burn_for_budgets([one[n % len(budgets)]])

    results = {
        "planner": _time("planner", planner, args.requests),
        "budgets": _time("budgets", budgets_page, args.requests),
        "burn_all": _time("burn_all", burn_all, max(10, args.requests // 5)),
        "burn_one": _time("burn_one", burn_one, args.requests),
    }
    labels = {
        "planner": "planner page, 50 people × 12 weeks",
        "budgets": "budgets overview page (25 clients)",
        "burn_all": f"burn of all {len(budgets)} retainers (selector)",
        "burn_one": "burn of one client (selector)",
    }
    out.write(
        f"\n{'measure':<44} {'p50 ms':>8} {'p95 ms':>8} {'target':>7} {'queries':>8}\n"
    )
    missed = False
    for key, (p50, p95, queries) in results.items():
        target = TARGETS.get(key)
        ok = target is None or p95 <= target
        missed |= not ok
        verdict = "info" if target is None else ("ok" if ok else "MISSED")
        shown = "—" if target is None else f"{target:.0f}"
        out.write(
            f"{labels[key]:<44} {p50:8.1f} {p95:8.1f} {shown:>7} {queries:8d}"
            f"  {verdict}\n"
        )
    if not args.keep:
        from django.db import connections

        connections.close_all()
        _drop_database(args.database_url)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
