"""Finance benchmark (issue 15, "Speed"): the weekly money view and a
contract's page on PostgreSQL at production size, timed in-process.

    .venv/bin/python bench/finance_bench.py \
        --database-url postgres://postgres@127.0.0.1:5432/agencydesk_fin_bench \
        [--clients 2000] [--contracts 20000] [--invoices 500000] \
        [--payments 1000000] [--requests 100] [--keep]

1. Creates the database and marks it as its own (a comment on it); it refuses
   to fill or drop a database it did not make. With --keep, a database it
   already filled to the same size is reused. Migrates it; staff (admin,
   finance, 40 account managers) and the clients go in through the services;
   the clients' teams through bulk_create; contracts (1% with contractors),
   invoices (25 a contract, monthly over two years, the latest falling due
   around this week and next; 1% of the older ones overdue), payments (two or
   three per paid invoice, one per part-paid invoice, exactly --payments),
   plan lines, contractor bills and documents through binary COPY with the
   secondary indexes dropped and rebuilt after, then VACUUM (ANALYZE).
   Progress is printed as it goes.
2. Signs in with Django's test client (in-process: the view, its queries and
   its template, without a web server) and times, after warm-up hits:
   - the weekly view for the whole agency (finance);
   - the weekly view of one account manager (their ~50 clients);
   - a contract's page (its plan, invoices with payments, totals), contracts
     taking turns.
3. Prints p50/p95 and the queries of each against the target (p95 ≤ 150 ms).
   Exit status 0 when every target is met, 1 when one is missed, 2 when the
   benchmark could not run.

Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
import desk_bench as desk  # noqa: E402  (CopyTable, secondary_indexes, Target)

MARKER = "finance_bench"
TARGET_MS = 150.0
PASSWORD = "bench-finance-2026"
MANAGERS = 40
CHUNK = 50_000


class BenchError(Exception):
    pass


# --------------------------------------------------------------------------
# The database: made and marked by this script, or refused


def _marker(target: desk.Target) -> tuple[bool, dict[str, str] | None]:
    with psycopg.connect(target.admin_url(), autocommit=True) as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database"
            " WHERE datname = %s",
            [target.name],
        ).fetchone()
    if row is None:
        return False, None
    comment = row[0] or ""
    if not comment.startswith(MARKER):
        return True, None
    return True, dict(p.split("=", 1) for p in comment.split()[1:] if "=" in p)


def _set_marker(target: desk.Target, **values: object) -> None:
    text = " ".join([MARKER, *(f"{k}={v}" for k, v in values.items())])
    with psycopg.connect(target.admin_url(), autocommit=True) as conn:
        conn.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(target.name), sql.Literal(text)
            )
        )


def _recreate(target: desk.Target) -> None:
    exists, marker = _marker(target)
    if exists and marker is None:
        raise BenchError(
            f"database {target.name!r} exists and was not made by finance_bench;"
            " choose another name"
        )
    with psycopg.connect(target.admin_url(), autocommit=True) as conn:
        name = sql.Identifier(target.name)
        if exists:
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(name))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(name))
    _set_marker(target, state="filling")


def _drop(target: desk.Target) -> None:
    exists, marker = _marker(target)
    if exists and marker is not None:
        with psycopg.connect(target.admin_url(), autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE {} WITH (FORCE)").format(
                    sql.Identifier(target.name)
                )
            )


def _setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    # As a web process: what it loaded is frozen out of the collector's
    # sight after its first requests (agencydesk.core.runtime).
    os.environ.setdefault("GC_FREEZE_AFTER_REQUESTS", "10")
    sys.path[:0] = [str(ROOT), str(ROOT / "src")]
    import django

    django.setup()


# --------------------------------------------------------------------------
# Filling


def _say(started: float, text: str) -> None:
    print(f"  {text} ({time.perf_counter() - started:.1f}s)", flush=True)


class Invoices:
    """The invoices of the contracts, decided by (contract, month) alone so
    that a first pass can count the payments the second pass writes."""

    def __init__(self, today: date, per_contract: int) -> None:
        self.today = today
        self.per = per_contract

    def months(self, contracts: int, limit: int):
        """(contract, month) of every invoice, the first ``limit``."""
        made = 0
        for c in range(1, contracts + 1):
            for k in range(self.per):
                if made == limit:
                    return
                made += 1
                yield c, k

    def issue_date(self, c: int, k: int) -> date:
        return self.today - timedelta(days=(self.per - 1 - k) * 30 + c % 30)

    def state(self, c: int, k: int) -> str:
        """paid, partial (half paid) or open."""
        due = self.issue_date(c, k) + timedelta(days=14)
        if due >= self.today - timedelta(days=3):
            return "partial" if (c + k) % 4 == 0 else "open"
        mark = (c * 31 + k) % 97
        if mark == 0:
            return "open"  # overdue
        if mark == 1:
            return "partial"  # overdue, half paid
        return "paid"


def _fill(args, started: float) -> dict:
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from agencydesk.clients import services as clients
    from agencydesk.clients.models import TeamMember
    from agencydesk.finance.models import (
        Contract,
        Contractor,
        ContractorBill,
        Document,
        Invoice,
        Payment,
        PlannedInvoice,
    )
    from agencydesk.people import services as people
    from agencydesk.people.roles import Role

    call_command("migrate", verbosity=0)
    _say(started, "migrated")
    people.staff_create(
        actor=None,
        email="admin@bench.example",
        full_name="Bench Admin",
        role=Role.ADMIN,
        password=PASSWORD,
    )
    people.staff_create(
        actor=None,
        email="finance@bench.example",
        full_name="Bench Finance",
        role=Role.FINANCE,
        password=PASSWORD,
    )
    managers = [
        people.staff_create(
            actor=None,
            email=f"am{n:02d}@bench.example",
            full_name=f"Manager {n:02d}",
            role=Role.ACCOUNT_MANAGER,
            password=PASSWORD,
        )
        for n in range(MANAGERS)
    ]
    currencies = ["USD", "IDR", "EUR", "RUB", "SGD", "CNY"]
    client_ids, client_currency = [], {}
    for n in range(args.clients):
        currency = currencies[n % len(currencies)]
        client = clients.client_create(
            actor=None,
            name=f"Bench Client {n:04d}",
            country="ID",
            timezone="UTC",
            currency=currency,
            language="en",
        )
        client_ids.append(client.pk)
        client_currency[client.pk] = currency
        if (n + 1) % 500 == 0:
            _say(started, f"clients {n + 1}/{args.clients}")
    TeamMember.objects.bulk_create(
        TeamMember(
            client_id=client_id,
            user=managers[i % MANAGERS],
            role=TeamMember.Role.ACCOUNT_MANAGER,
        )
        for i, client_id in enumerate(client_ids)
    )
    vendors = [
        Contractor.objects.create(name=f"Bench Vendor {n:03d}", currency="IDR")
        for n in range(100)
    ]
    _say(started, f"staff {MANAGERS + 2}, clients {len(client_ids)}, vendors 100")

    today = timezone.localdate()
    now = timezone.now()
    connection.ensure_connection()
    cursor = connection.connection.cursor()
    tables = {
        "contracts": desk.CopyTable.of(
            cursor,
            Contract,
            [
                "id",
                "number",
                "date",
                "client_id",
                "contractor_id",
                "subject",
                "amount",
                "currency",
                "tax_rate",
                "deposit_percent",
                "net_days",
                "payment_schedule",
                "start",
                "end",
                "signature",
                "status",
                "created_at",
                "updated_at",
            ],
        ),
        "invoices": desk.CopyTable.of(
            cursor,
            Invoice,
            [
                "id",
                "contract_id",
                "kind",
                "series",
                "year",
                "sequence",
                "number",
                "status",
                "currency",
                "tax_rate",
                "subtotal",
                "tax",
                "total",
                "amount_paid",
                "issue_date",
                "due_date",
                "paid_date",
                "note",
                "is_deposit",
                "created_at",
                "updated_at",
            ],
        ),
        "payments": desk.CopyTable.of(
            cursor,
            Payment,
            [
                "invoice_id",
                "date",
                "amount",
                "currency",
                "method",
                "reference",
                "created_at",
                "reversal_reason",
            ],
        ),
        "planned": desk.CopyTable.of(
            cursor,
            PlannedInvoice,
            [
                "contract_id",
                "what_for",
                "amount",
                "planned_date",
                "is_deposit",
                "created_at",
                "updated_at",
            ],
        ),
        "bills": desk.CopyTable.of(
            cursor,
            ContractorBill,
            [
                "contract_id",
                "number",
                "date",
                "amount",
                "due_date",
                "status",
                "paid_date",
                "created_at",
                "updated_at",
            ],
        ),
        "documents": desk.CopyTable.of(
            cursor,
            Document,
            [
                "contract_id",
                "kind",
                "number",
                "title",
                "date",
                "form",
                "signed_by_us",
                "signed_by_them",
                "expected_from_them",
                "expected_by",
                "original_location",
                "status",
                "created_at",
                "updated_at",
            ],
        ),
    }
    indexes = desk.secondary_indexes(cursor, [t.name for t in tables.values()])
    for name, _definition in indexes:
        cursor.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
    cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    if cursor.fetchone()[0]:
        # Rows are consistent by construction: skip the foreign-key triggers.
        cursor.execute("SET session_replication_role = replica")

    vendor_contracts = max(1, args.contracts // 100)
    client_contracts = args.contracts - vendor_contracts
    per = max(1, math.ceil(args.invoices / client_contracts))
    plan = Invoices(today, per)
    contract_rows, planned_rows, bill_rows, document_rows = [], [], [], []
    contract_currency = {}
    for c in range(1, args.contracts + 1):
        vendor = c > client_contracts
        if vendor:
            party = vendors[c % len(vendors)]
            client_id, contractor_id, currency = None, party.pk, party.currency
        else:
            client_id = client_ids[c % len(client_ids)]
            contractor_id, currency = None, client_currency[client_id]
        contract_currency[c] = currency
        start = today - timedelta(days=per * 30 + 30)
        contract_rows.append(
            (
                c,
                f"B-{c:06d}",
                start,
                client_id,
                contractor_id,
                "Bench retainer",
                Decimal("120000.00"),
                currency,
                Decimal("0"),
                Decimal("0"),
                14,
                "",
                start,
                None,
                "paper",
                "active",
                now,
                now,
            )
        )
        if vendor:
            for b in range(10):
                due = today + timedelta(days=(b * 7 + c) % 40 - 20)
                paid = due < today - timedelta(days=5)
                bill_rows.append(
                    (
                        c,
                        f"VB-{c}-{b}",
                        due - timedelta(days=14),
                        Decimal("1500000.00"),
                        due,
                        "paid" if paid else "to_pay",
                        due if paid else None,
                        now,
                        now,
                    )
                )
        else:
            for m in (1, 2):
                planned_rows.append(
                    (
                        c,
                        f"Retainer, month {per + m}",
                        Decimal("1000.00"),
                        today + timedelta(days=(c % 30) + (m - 1) * 30),
                        False,
                        now,
                        now,
                    )
                )
        if c % 10 == 0:
            document_rows.append(
                (
                    c,
                    "act",
                    f"A-{c}",
                    "Act for last month",
                    today - timedelta(days=5),
                    "electronic",
                    True,
                    False,
                    "The act signed",
                    today + timedelta(days=c % 20 - 10),
                    "",
                    "sent",
                    now,
                    now,
                )
            )
    tables["contracts"].copy(cursor, contract_rows)
    tables["planned"].copy(cursor, planned_rows)
    tables["bills"].copy(cursor, bill_rows)
    tables["documents"].copy(cursor, document_rows)
    _say(
        started,
        f"contracts {len(contract_rows)}, plan lines {len(planned_rows)},"
        f" bills {len(bill_rows)}, documents {len(document_rows)}",
    )

    # First pass: how many paid and part-paid invoices, so the payments come
    # to exactly --payments (two per paid invoice, three for the first few).
    states = {"paid": 0, "partial": 0, "open": 0}
    for c, k in plan.months(client_contracts, args.invoices):
        states[plan.state(c, k)] += 1
    extra = args.payments - 2 * states["paid"] - states["partial"]
    if extra < 0 or extra > states["paid"]:
        raise BenchError(
            f"{args.payments} payments do not fit {states} invoices; change the sizes"
        )
    invoice_id, paid_seen, counts = 0, 0, {"invoices": 0, "payments": 0}
    invoices, payments = [], []
    cent = Decimal("0.01")
    for c, k in plan.months(client_contracts, args.invoices):
        currency = contract_currency[c]
        invoice_id += 1
        issued = plan.issue_date(c, k)
        due = issued + timedelta(days=14)
        total = Decimal(1000 + (c * 7 + k * 13) % 9000)
        state = plan.state(c, k)
        if state == "paid":
            parts = 3 if paid_seen < extra else 2
            paid_seen += 1
            shares = [(total / parts).quantize(cent)] * (parts - 1)
            shares.append(total - sum(shares))
            paid = total
        elif state == "partial":
            shares = [(total / 2).quantize(cent)]
            paid = shares[0]
        else:
            shares, paid = [], Decimal(0)
        paid_on = min(today, due - timedelta(days=2)) if state == "paid" else None
        invoices.append(
            (
                invoice_id,
                c,
                "invoice",
                "INV",
                issued.year,
                invoice_id,
                f"INV-{issued.year}-{invoice_id:07d}",
                "paid" if state == "paid" else "issued",
                currency,
                Decimal("0"),
                total,
                Decimal("0"),
                total,
                paid,
                issued,
                due,
                paid_on,
                "",
                False,
                now,
                now,
            )
        )
        for n, share in enumerate(shares):
            payments.append(
                (
                    invoice_id,
                    min(today, issued + timedelta(days=2 + n * 4)),
                    share,
                    currency,
                    "bank_transfer",
                    f"T{invoice_id}-{n}",
                    now,
                    "",
                )
            )
        if len(invoices) >= CHUNK:
            tables["invoices"].copy(cursor, invoices)
            tables["payments"].copy(cursor, payments)
            counts["invoices"] += len(invoices)
            counts["payments"] += len(payments)
            invoices, payments = [], []
            _say(
                started,
                f"invoices {counts['invoices']}/{args.invoices},"
                f" payments {counts['payments']}",
            )
    tables["invoices"].copy(cursor, invoices)
    tables["payments"].copy(cursor, payments)
    counts["invoices"] += len(invoices)
    counts["payments"] += len(payments)
    cursor.execute("SET session_replication_role = DEFAULT")
    _say(started, f"invoices {counts['invoices']}, payments {counts['payments']}")
    cursor.execute("SET maintenance_work_mem = '512MB'")
    for _name, definition in indexes:
        cursor.execute(definition)
    _say(started, f"{len(indexes)} indexes built")
    for model, last in ((Contract, args.contracts), (Invoice, invoice_id)):
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)",
            [model._meta.db_table, last],
        )
    cursor.execute("VACUUM (ANALYZE)")
    _say(started, "vacuumed and analysed")
    return counts


# --------------------------------------------------------------------------
# Timing


def _time(fn, requests: int) -> tuple[float, float, int]:
    from django.db import connection

    for n in range(5):
        fn(n)
    # Counted by a wrapper: the debug query log is a bounded deque, and once
    # full, CaptureQueriesContext counts nothing.
    ran = []
    with connection.execute_wrapper(
        lambda execute, sql_text, params, many, context: (
            ran.append(sql_text) or execute(sql_text, params, many, context)
        )
    ):
        fn(0)
    samples = []
    for n in range(requests):
        started = time.perf_counter()
        fn(n)
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
    return statistics.median(samples), p95, len(ran)


def _measure(args) -> bool:
    from django.test import Client
    from django.urls import reverse

    from agencydesk.finance.models import Contract, Invoice, Payment
    from agencydesk.people.models import User

    finance = Client()
    finance.force_login(User.objects.get(email="finance@bench.example"))
    manager = Client()
    manager.force_login(User.objects.get(email="am07@bench.example"))
    contracts = list(
        Contract.objects.filter(client__isnull=False)
        .order_by("?")
        .values_list("pk", flat=True)[:200]
    )
    weekly = reverse("finance:weekly")

    def get(http, url):
        response = http.get(url)
        if response.status_code != 200:
            raise BenchError(f"{url}: {response.status_code}")
        return response

    body = get(finance, weekly).content.decode()
    print(
        f"  the agency's week: {body.count('<tr')} table rows on the page;"
        f" issued invoices open: "
        f"{Invoice.objects.filter(status='issued').count()};"
        f" payments: {Payment.objects.count()}",
        flush=True,
    )
    measures = {
        "weekly view, whole agency (finance)": lambda n: get(finance, weekly),
        "weekly view, one account manager": lambda n: get(manager, weekly),
        "a contract's page (plan, invoices, payments)": lambda n: get(
            finance, reverse("finance:contract-detail", args=[contracts[n % 200]])
        ),
    }
    print(f"\n{'measure':<48} {'p50 ms':>8} {'p95 ms':>8} {'target':>7} {'queries':>8}")
    ok = True
    for label, fn in measures.items():
        p50, p95, queries = _time(fn, args.requests)
        passed = p95 <= TARGET_MS
        ok &= passed
        print(
            f"{label:<48} {p50:8.1f} {p95:8.1f} {TARGET_MS:7.0f} {queries:8d}"
            f"  {'ok' if passed else 'MISSED'}",
            flush=True,
        )
    return ok


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--clients", type=int, default=2000)
    parser.add_argument("--contracts", type=int, default=20_000)
    parser.add_argument("--invoices", type=int, default=500_000)
    parser.add_argument("--payments", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)
    if args.clients < 1 or args.contracts < 200 or args.requests < 1:
        parser.error("need --clients ≥ 1, --contracts ≥ 200, --requests ≥ 1")
    size = {
        "clients": args.clients,
        "contracts": args.contracts,
        "invoices": args.invoices,
        "payments": args.payments,
        "day": f"{datetime.now(UTC):%Y-%m-%d}",
    }
    try:
        target = desk.Target.parse(args.database_url)
        _exists, marker = _marker(target)
        reuse = (
            args.keep
            and marker is not None
            and marker.get("state") == "ready"
            and all(marker.get(k) == str(v) for k, v in size.items())
        )
        if not reuse:
            _recreate(target)
        _setup_django(args.database_url)
        started = time.perf_counter()
        if reuse:
            print("Reusing the kept database.", flush=True)
        else:
            print("Filling…", flush=True)
            _fill(args, started)
            _set_marker(target, state="ready", **size)
        ok = _measure(args)
    except (BenchError, desk.BenchError, psycopg.Error) as error:
        print(f"benchmark could not run: {error}", file=sys.stderr)
        return 2
    finally:
        if not args.keep:
            if "django" in sys.modules:
                from django.db import connections

                connections.close_all()
            with contextlib.suppress(desk.BenchError, psycopg.Error):
                _drop(desk.Target.parse(args.database_url))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
