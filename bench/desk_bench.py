"""Service-desk benchmark: a large PostgreSQL desk, real HTTP against gunicorn.

    .venv/bin/python bench/desk_bench.py \
        --database-url postgres://postgres@127.0.0.1:5432/agencydesk_bench \
        [--tickets 1000000] [--clients 200] [--staff 40] [--requests 200] [--keep]

1. Creates a separate database (or, with --keep, reuses one this script filled
   to the same size), migrates it and fills it with COPY: clients with
   contacts and calendars, staff in their roles, tickets with 3 messages each,
   transitions, watchers, tags and production steps.
2. Starts gunicorn (2 workers) on a free 127.0.0.1 port, signs in as an account
   manager through the login form and times the queue (filtered and searched),
   the ticket page and the desk home; then times the SLA sweep in-process after
   making ~1% of the active tickets due.
3. Prints a table against the targets of issue 3 ("Speed"), plus the queries
   behind each page so a miss points at its cause (--explain adds plans).

Only 127.0.0.1 is ever contacted. Exit status: 0 all targets met, 1 a target
missed, 2 the benchmark itself could not run. See bench/README.md.
"""

from __future__ import annotations

import argparse
import bisect
import http.cookiejar
import math
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb

ROOT = Path(__file__).resolve().parent.parent
# The interpreter running this script is the project's venv; its scripts sit
# beside it, so the benchmark uses exactly the installed gunicorn/agencydesk.
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
MARKER = "desk_bench"
STAFF_PASSWORD = "bench-desk-2026"
LOGIN_EMAIL = "am01@bench.example"
# Average wall-clock minutes per business minute (8 h × 5 days of 168 h): the
# generated due instants use it instead of the holiday calendar, which would
# cost minutes for a million tickets and change no query.
WALL_PER_BUSINESS = 168 / 40
DAY = 86400.0
CHUNK = 25_000

TARGETS = {  # what issue 3 "Speed" asks, in ms (pages, p95) and s (sweep)
    "queue_filter": 150.0,
    "queue_search": 150.0,
    "ticket": 150.0,
    "home": 200.0,
    "sweep": 1.0,
}


class BenchError(Exception):
    """The benchmark cannot run (bad target, server did not start, …)."""


# --------------------------------------------------------------------------
# Command line and the target database


@dataclass(frozen=True)
class Target:
    url: str
    name: str

    @classmethod
    def parse(cls, url: str) -> Target:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("postgres", "postgresql"):
            raise BenchError("--database-url must be postgres://…")
        # The script drops and creates databases: it is only ever pointed at
        # the local server, never at a shared or remote one.
        if parts.hostname != HOST:
            raise BenchError(
                f"--database-url must point at {HOST}, not {parts.hostname}"
            )
        name = parts.path.lstrip("/")
        if not name or name in ("postgres", "template0", "template1"):
            raise BenchError("--database-url needs a database name of its own")
        return cls(url=url, name=name)

    def admin_url(self) -> str:
        parts = urllib.parse.urlsplit(self.url)
        return urllib.parse.urlunsplit(parts._replace(path="/postgres"))


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmark the service desk on PostgreSQL (issue 3, Speed)."
    )
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--staff", type=int, default=40)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the database afterwards and reuse it if already filled",
    )
    parser.add_argument(
        "--explain",
        action="store_true",
        help="print EXPLAIN ANALYZE of the slowest query of each page",
    )
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    if args.tickets < 1000 or args.clients < 1 or args.staff < 8 or args.requests < 1:
        parser.error(
            "need --tickets ≥ 1000, --clients ≥ 1, --staff ≥ 8, --requests ≥ 1"
        )
    return args


def parse_marker(comment: str | None) -> dict[str, str] | None:
    if not comment or not comment.startswith(MARKER):
        return None
    return dict(part.split("=", 1) for part in comment.split()[1:] if "=" in part)


def database_marker(target: Target) -> tuple[bool, dict[str, str] | None]:
    """Whether the database exists, and the marker this script left on it."""
    with psycopg.connect(target.admin_url(), autocommit=True) as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database"
            " WHERE datname = %s",
            [target.name],
        ).fetchone()
    return row is not None, parse_marker(row[0]) if row else None


def set_marker(target: Target, **values: object) -> None:
    text = " ".join([MARKER, *(f"{k}={v}" for k, v in values.items())])
    with psycopg.connect(target.admin_url(), autocommit=True) as conn:
        conn.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(target.name), sql.Literal(text)
            )
        )


def recreate_database(target: Target) -> None:
    exists, marker = database_marker(target)
    # Never drop a database this script did not create: the marker comment is
    # written the moment it creates one.
    if exists and marker is None:
        raise BenchError(
            f"database {target.name!r} exists and was not made by desk_bench;"
            " choose another name"
        )
    with psycopg.connect(target.admin_url(), autocommit=True) as conn:
        name = sql.Identifier(target.name)
        if exists:
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(name))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(name))
    set_marker(target, state="filling")


def drop_database(target: Target) -> None:
    exists, marker = database_marker(target)
    if exists and marker is not None:
        with psycopg.connect(target.admin_url(), autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE {} WITH (FORCE)").format(
                    sql.Identifier(target.name)
                )
            )


def run(cmd: list[str], env: dict[str, str], what: str) -> None:
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S603 - our own venv's scripts, fixed arguments
        cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BenchError(f"{what} failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    print(f"{what}: {time.perf_counter() - started:.1f}s")


# --------------------------------------------------------------------------
# Filling: small tables through the ORM, the big ones with binary COPY


def weighted(pairs: Iterable[tuple[object, float]]) -> Callable[[], object]:
    """A fast weighted choice for the generation loop (bisect on cumulative
    weights; random.choices costs several times more per call)."""
    values, cumulative, total = [], [], 0.0
    for value, weight in pairs:
        total += weight
        values.append(value)
        cumulative.append(total)
    last = len(values) - 1
    rnd = random.random

    def pick() -> object:
        return values[min(bisect.bisect(cumulative, rnd() * total), last)]

    return pick


# fmt: off
FIRST = ["Anna", "Budi", "Chen", "Dmitri", "Eka", "Fatima", "Gita", "Hana", "Ivan",
         "Joko", "Kartika", "Lin", "Maya", "Nina", "Olga"]
LAST = ["Wijaya", "Santoso", "Ivanova", "Petrov", "Wang", "Li", "Pratama", "Sari",
        "Smith", "Novak", "Tan", "Lim", "Kusuma"]
BRANDS = ["Kopi", "Batik", "Nordic", "Sakura", "Lotus", "Harbour", "Summit", "Golden",
          "Urban", "Bamboo", "Coral", "Jade", "Aurora", "Pinnacle", "Kenari", "Merapi",
          "Volga", "Baikal", "Mekong", "Sunda"]
TRADES = ["Coffee", "Studio", "Foods", "Motors", "Clinic", "Travel", "Fashion", "Bank",
          "Telecom", "Hotels", "Pharma", "Cosmetics", "Logistics", "Realty", "Academy"]
EVENTS = ["Ramadan", "Lebaran", "Christmas", "New-Year", "Back-to-school",
          "Black-Friday", "Summer", "Anniversary", "Launch", "Harbolnas", "Singles-Day",
          "Spring"]
# Words of ticket titles; the queue search measurement looks for them.
PRODUCTS = ["espresso", "skincare", "scooter", "savings", "roaming", "resort",
            "vaccine", "lipstick", "courier", "apartment", "bootcamp", "sneakers",
            "noodles", "insurance", "smartwatch"]
# fmt: on
COUNTRIES = [  # country, timezone, currency, language
    ("ID", "Asia/Jakarta", "IDR", "id"),
    ("SG", "Asia/Singapore", "SGD", "en"),
    ("MY", "Asia/Kuala_Lumpur", "MYR", "en"),
    ("AU", "Australia/Sydney", "AUD", "en"),
    ("RU", "Europe/Moscow", "RUB", "ru"),
    ("CN", "Asia/Shanghai", "CNY", "zh-hans"),
    ("US", "America/New_York", "USD", "en"),
    ("GB", "Europe/London", "GBP", "en"),
    ("DE", "Europe/Berlin", "EUR", "en"),
    ("AE", "Asia/Dubai", "AED", "en"),
]
KINDS = {  # request type name (as migrated) -> title openings
    "Banner for a campaign": [
        "Banner set for",
        "Display banners for",
        "Social banners for",
    ],
    "Landing page": ["Landing page for", "Microsite for"],
    "Logo files": ["Logo files for", "Logo variants for"],
    None: [
        "Copy update for",
        "Ad budget change for",
        "Report question about",
        "Analytics setup for",
        "Newsletter for",
    ],
}
SENTENCES = {
    "request": [
        "Please prepare the assets for the campaign below.",
        "We need this live before the weekend.",
        "Brand guidelines are attached from last quarter.",
        "Sizes: 1080x1080, 1200x628 and a story format.",
        "Our marketing lead will approve the final version.",
        "Budget is the same as the previous campaign.",
        "Can you send a first concept by Thursday?",
    ],
    "reply": [
        "Thanks, we have the brief and started on it.",
        "Here is the first concept for your review.",
        "We adjusted the copy as you asked.",
        "Could you confirm the final sizes?",
        "The files are ready in the shared folder.",
    ],
    "note": [
        "Client prefers the darker palette; keep the logo large.",
        "Waiting for the product photos from their side.",
        "Design slot booked for Wednesday.",
        "Check the legal line with the account manager.",
    ],
    "customer": [
        "Looks good, one change to the headline please.",
        "Approved, thank you!",
        "Attached the photos you asked for.",
        "Can we move the deadline by two days?",
    ],
}


def text_pool(kind: str, rng: random.Random, size: int = 300) -> list[str]:
    lines = SENTENCES[kind]
    return [
        " ".join(rng.sample(lines, rng.randint(1, len(lines)))) for _ in range(size)
    ]


@dataclass
class CopyTable:
    """A table filled by binary COPY: the generated columns plus a constant for
    any NOT NULL column added later without a database default, so the
    benchmark keeps working while the model grows."""

    name: str
    columns: list[str]
    types: list[str]
    extra: tuple = ()

    @classmethod
    def of(cls, cursor, model, columns: list[str]) -> CopyTable:
        table = model._meta.db_table
        cursor.execute(
            "SELECT a.attname, t.typname, a.attnotnull,"
            " a.atthasdef OR a.attidentity <> '' FROM pg_attribute a"
            " JOIN pg_type t ON t.oid = a.atttypid WHERE a.attrelid = %s::regclass"
            " AND a.attnum > 0 AND NOT a.attisdropped",
            [table],
        )
        info = {
            name: (typ, notnull, dbdefault) for name, typ, notnull, dbdefault in cursor
        }
        unknown = [c for c in columns if c not in info]
        if unknown:
            raise BenchError(f"{table} has no column(s) {unknown}; update desk_bench")
        extra_columns, extra_values = [], []
        for f in model._meta.concrete_fields:
            if f.column in columns or f.column not in info:
                continue
            typ, notnull, dbdefault = info[f.column]
            if not notnull or dbdefault:
                continue
            # Django's own default: the declared one, or "" for text fields.
            value = f.get_default()
            if value is None:
                raise BenchError(f"{table}.{f.column} needs a value; update desk_bench")
            extra_columns.append(f.column)
            extra_values.append(Jsonb(value) if typ in ("json", "jsonb") else value)
        all_columns = [*columns, *extra_columns]
        return cls(
            table, all_columns, [info[c][0] for c in all_columns], tuple(extra_values)
        )

    def copy(self, cursor, rows: list[tuple]) -> None:
        statement = sql.SQL("COPY {} ({}) FROM STDIN (FORMAT BINARY)").format(
            sql.Identifier(self.name),
            sql.SQL(", ").join(map(sql.Identifier, self.columns)),
        )
        extra = self.extra
        with cursor.copy(statement) as copy:
            copy.set_types(self.types)
            if extra:
                for row in rows:
                    copy.write_row(row + extra)
            else:
                for row in rows:
                    copy.write_row(row)


@dataclass
class World:
    """The small tables the tickets refer to."""

    clients: list[int]
    client_weights: list[float]
    contacts: dict[int, list[int]]  # client id -> contact ids
    contact_users: dict[int, int]  # contact id -> user id
    teams: dict[int, list[int]]  # client id -> staff user ids on its team
    workers: list[int]  # account managers and specialists
    specialists: list[int]
    request_types: dict[str | None, int | None]
    steps: dict[int, list[tuple[str, int]]]  # request type id -> (name, order)
    tags: list[int]


def fill_people_and_clients(args: argparse.Namespace, rng: random.Random) -> World:
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.db import transaction

    from agencydesk.clients.models import Client, Contact, TeamMember
    from agencydesk.core.agency import agency_get
    from agencydesk.core.models import WorkingCalendar
    from agencydesk.desk.models import RequestType, RequestTypeStep, Tag
    from agencydesk.people.models import StaffProfile, User

    def person() -> str:
        return f"{rng.choice(FIRST)} {rng.choice(LAST)}"

    # One real hash for every member of staff: hashing 40 passwords would cost
    # a minute of PBKDF2 for nothing.
    password = make_password(STAFF_PASSWORD)
    roles = ["admin", "agency_lead", "agency_lead"]
    managers = max(2, args.staff // 4)
    roles += ["account_manager"] * managers
    roles += ["finance"] * 2
    roles += ["specialist"] * (args.staff - len(roles))
    groups = {g.name: g for g in Group.objects.filter(name__in=set(roles))}
    missing = set(roles) - set(groups)
    if missing:
        raise BenchError(f"roles {sorted(missing)} are not migrated")
    with transaction.atomic():
        staff, numbers = [], {}
        for role in roles:
            numbers[role] = numbers.get(role, 0) + 1
            prefix = {"account_manager": "am", "agency_lead": "lead"}.get(role, role)
            staff.append(
                User(
                    email=f"{prefix}{numbers[role]:02d}@bench.example",
                    full_name=person(),
                    is_staff=True,
                    password=password,
                    timezone="Asia/Jakarta",
                )
            )
        User.objects.bulk_create(staff)
        StaffProfile.objects.bulk_create(
            StaffProfile(user=u, job_title=r.replace("_", " ").title())
            for u, r in zip(staff, roles, strict=True)
        )
        User.groups.through.objects.bulk_create(
            User.groups.through(user_id=u.pk, group_id=groups[r].pk)
            for u, r in zip(staff, roles, strict=True)
        )
        by_role: dict[str, list[int]] = {}
        for u, r in zip(staff, roles, strict=True):
            by_role.setdefault(r, []).append(u.pk)

        # What clients.services.client_create sets: the client's own calendar
        # with the agency's hours in the client's timezone and country.
        agency_calendar = agency_get().calendar
        specs = []
        for i in range(args.clients):
            country, tz, currency, language = rng.choice(COUNTRIES)
            name = f"{rng.choice(BRANDS)} {rng.choice(TRADES)} {i + 1}"
            specs.append((name, country, tz, currency, language))
        calendars = WorkingCalendar.objects.bulk_create(
            WorkingCalendar(
                name=name[:120],
                timezone=tz,
                country=country,
                weekdays=agency_calendar.weekdays,
                opens=agency_calendar.opens,
                closes=agency_calendar.closes,
            )
            for name, country, tz, _currency, _language in specs
        )
        clients = Client.objects.bulk_create(
            Client(
                name=name,
                slug=f"client-{i + 1}",
                country=country,
                timezone=tz,
                language=language,
                currency=currency,
                status=Client.Status.ACTIVE if rng.random() < 0.9 else "onboarding",
                calendar=calendar,
            )
            for i, ((name, country, tz, currency, language), calendar) in enumerate(
                zip(specs, calendars, strict=True)
            )
        )
        contact_users, contact_rows = [], []
        unusable = make_password(None)  # contacts never sign in here
        for client, (_n, _c, tz, _cur, language) in zip(clients, specs, strict=True):
            for k in range(rng.randint(3, 8)):
                contact_users.append(
                    User(
                        email=f"contact{k + 1}@{client.slug}.example",
                        full_name=person(),
                        language=language,
                        timezone=tz,
                        password=unusable,
                    )
                )
                contact_rows.append(client)
        User.objects.bulk_create(contact_users)
        contacts = Contact.objects.bulk_create(
            Contact(
                user=u,
                client=c,
                role=rng.choice(Contact.Role.values),
                sees_all_tickets=rng.random() < 0.9,
            )
            for u, c in zip(contact_users, contact_rows, strict=True)
        )
        managers_ids = by_role["account_manager"]
        specialists = by_role.get("specialist", [])
        team_rows, teams = [], {}
        for i, client in enumerate(clients):
            manager = managers_ids[i % len(managers_ids)]
            members = rng.sample(specialists, min(2, len(specialists)))
            teams[client.pk] = [manager, *members]
            team_rows.append(
                TeamMember(client=client, user_id=manager, role="account_manager")
            )
            team_rows += [
                TeamMember(client=client, user_id=m, role="specialist") for m in members
            ]
        TeamMember.objects.bulk_create(team_rows)
        tags = Tag.objects.bulk_create(
            Tag(name=n)
            for n in ["vip", "rush", "print", "video", "seo", "social", "q4", "legal"]
        )
    types: dict[str | None, int | None] = {None: None}
    for rt in RequestType.objects.all():
        types[rt.name] = rt.pk
    steps: dict[int, list[tuple[str, int]]] = {}
    for step in RequestTypeStep.objects.order_by("order"):
        steps.setdefault(step.request_type_id, []).append((step.name, step.order))
    contact_map: dict[int, list[int]] = {}
    for contact in contacts:
        contact_map.setdefault(contact.client_id, []).append(contact.pk)
    # A few big accounts and a long tail, as agencies have.
    weights = [1 / (i + 3) ** 0.8 for i in range(len(clients))]
    rng.shuffle(weights)
    return World(
        clients=[c.pk for c in clients],
        client_weights=weights,
        contacts=contact_map,
        contact_users={c.pk: c.user_id for c in contacts},
        teams=teams,
        workers=managers_ids + specialists,
        specialists=specialists or managers_ids,
        request_types={k: v for k, v in types.items() if k in KINDS},
        steps=steps,
        tags=[t.pk for t in tags],
    )


TICKET_COLUMNS = [
    "id", "number", "client_id", "requester_id", "request_type_id", "title",
    "description", "channel", "priority", "stage", "status", "analyst_id",
    "production_owner_id", "promised_date", "created_at", "updated_at", "closed_at",
    "version", "sla_state", "first_response_minutes", "resolution_minutes",
    "first_response_due", "first_response_risk_at", "first_responded_at",
    "resolution_due", "resolution_risk_at", "sla_paused_at", "first_response_met",
    "resolution_met", "first_response_business_minutes", "resolution_business_minutes",
]  # fmt: skip
MESSAGE_COLUMNS = [
    "ticket_id", "author_id", "is_internal", "body", "channel", "created_at",
]  # fmt: skip
TRANSITION_COLUMNS = [
    "ticket_id", "from_stage", "from_status", "to_stage", "to_status", "actor_id",
    "note", "created_at",
]  # fmt: skip
STEP_COLUMNS = ["ticket_id", "name", "order", "owner_id", "due_date", "done_at"]
STAGES = ["screening", "analysis", "planning", "production", "delivery"]
SLA_MINUTES = {  # priority -> business minutes, as migration desk 0002 ships them
    "urgent": (60, 8 * 60),
    "high": (4 * 60, 3 * 8 * 60),
    "normal": (8 * 60, 5 * 8 * 60),
    "low": (2 * 8 * 60, 10 * 8 * 60),
}


class TicketGenerator:
    """Rows of tickets (numbered from ``first_number``), messages, moves and more.

    Shapes: numbers in creation order over four years with growing intake;
    ~10% active, most of them recent (an active ticket is much likelier when
    young); closed ones mostly done at delivery. Active clocks are placed
    around "now" by SLA state (paused ones around their pause), so a sweep
    right after loading finds nothing due until the benchmark makes it so.
    """

    def __init__(
        self,
        world: World,
        total: int,
        now: float,
        first_number: int,
        rng: random.Random,
    ):
        self.world, self.total, self.now, self.rng = world, total, now, rng
        self.first_number = first_number
        self.start = now - 4 * 365 * DAY
        self.pick_client = weighted(
            zip(world.clients, world.client_weights, strict=True)
        )
        self.pick_channel = weighted(
            [("email", 40), ("portal", 20), ("whatsapp", 20), ("phone", 10),
             ("meeting", 5), ("api", 3), ("internal", 2)]
        )  # fmt: skip
        self.pick_priority = weighted(
            [("low", 15), ("normal", 60), ("high", 20), ("urgent", 5)]
        )
        self.pick_type = weighted(
            [("Banner for a campaign", 35), ("Landing page", 25), ("Logo files", 15),
             (None, 25)]
        )  # fmt: skip
        self.pick_active_stage = weighted(
            zip(STAGES, [15, 25, 20, 30, 10], strict=True)
        )
        self.pick_done_stage = weighted(zip(STAGES, [3, 5, 0, 12, 80], strict=True))
        self.pick_cancel_stage = weighted(zip(STAGES, [35, 30, 20, 10, 5], strict=True))
        self.pick_active_sla = weighted(
            [("on_track", 62), ("at_risk", 14), ("breached", 24)]
        )
        self.pools = {k: text_pool(k, rng) for k in SENTENCES}
        self.descriptions = [
            " ".join(rng.sample(SENTENCES["request"], 4)) for _ in range(200)
        ]

    def chunk(self, first: int, stop: int) -> dict[str, list[tuple]]:
        """Rows of tickets ``first``…``stop - 1`` (0-based), by table."""
        world, now, total = self.world, self.now, self.total
        rnd, exp, sqrt, fts = (
            self.rng.random,
            math.exp,
            math.sqrt,
            datetime.fromtimestamp,
        )
        choice = self.rng.choice
        pools, descriptions = self.pools, self.descriptions
        span = now - self.start
        tickets, messages, transitions, watchers, tags, steps = [], [], [], [], [], []
        first_number = self.first_number
        for i in range(first, stop):
            tid = i + 1
            created = self.start + span * sqrt((i + 0.5) / total)
            age = now - created
            active = rnd() < 0.03 + 0.85 * exp(-age / (60 * DAY))
            client = self.pick_client()
            client_contacts = world.contacts[client]
            requester = choice(client_contacts) if rnd() < 0.92 else None
            requester_user = world.contact_users[requester] if requester else None
            channel = self.pick_channel()
            priority = self.pick_priority()
            kind = self.pick_type()
            rtype = world.request_types.get(kind)
            title = (
                f"{choice(KINDS[kind])} {choice(EVENTS)} {choice(PRODUCTS)}"
                f" {fts(created, UTC):%b %Y}"
            )
            team = world.teams[client]
            analyst = (
                (choice(team) if rnd() < 0.7 else choice(world.workers))
                if rnd() < 0.93
                else None
            )
            fr_target, res_target = SLA_MINUTES[priority]
            fr_wall = fr_target * 60 * WALL_PER_BUSINESS
            res_wall = res_target * 60 * WALL_PER_BUSINESS
            fr_due = created + fr_wall
            fr_risk = created + 0.75 * fr_wall
            fr_met = res_met = fr_minutes = res_minutes = paused = closed = None
            if active:
                status = "waiting" if rnd() < 0.2 else "open"
                stage = self.pick_active_stage()
                state = self.pick_active_sla()
                if status == "waiting":
                    paused = max(created + 60, now - rnd() * min(age, 10 * DAY))
                ref = paused or now
                responded = stage != "screening" or rnd() < 0.4
                if responded:
                    responded_at = created + min(
                        fr_wall * (0.2 + 1.2 * rnd() ** 2), (ref - created) * rnd()
                    )
                    fr_met = responded_at <= fr_due
                    fr_minutes = int((responded_at - created) / 60 / WALL_PER_BUSINESS)
                else:
                    responded_at = None
                # Clocks restart after each pause, so a running ticket's
                # instants sit around "now" whatever its age.
                if state == "on_track":
                    res_risk = ref + 3600 + rnd() * 8 * DAY
                    res_due = res_risk + 0.25 * res_wall
                    if not responded:
                        fr_risk = ref + 600 + rnd() * DAY
                        fr_due = fr_risk + 0.25 * fr_wall
                elif state == "at_risk":
                    res_risk = ref - 600 - rnd() * 2 * DAY
                    res_due = ref + 600 + rnd() * 3 * DAY
                    if not responded:
                        fr_risk = ref - 300 - rnd() * 4 * 3600
                        fr_due = ref + 600 + rnd() * DAY
                else:
                    res_due = ref - 3600 - rnd() * 20 * DAY
                    res_risk = res_due - 0.25 * res_wall
                    if not responded:
                        fr_due = ref - 600 - rnd() * 2 * DAY
                        fr_risk = fr_due - 0.25 * fr_wall
                updated = paused or max(created, now - rnd() * min(age, 14 * DAY))
                end = updated
            else:
                done = rnd() < 0.9
                status = "done" if done else "cancelled"
                stage = self.pick_done_stage() if done else self.pick_cancel_stage()
                took = res_wall * (0.3 + rnd() ** 1.5) + (
                    rnd() * 5 * DAY if rnd() < 0.3 else 0
                )
                closed = min(created + took, now - 60 - rnd() * 3600)
                closed = max(closed, created + 60)
                responded_at = created + min(
                    fr_wall * (0.2 + 1.2 * rnd() ** 2), (closed - created) * 0.8
                )
                fr_met = responded_at <= fr_due
                fr_minutes = int((responded_at - created) / 60 / WALL_PER_BUSINESS)
                res_due = created + res_wall
                res_risk = created + 0.75 * res_wall
                paused = closed  # closing pauses the clock (sla.close)
                if done:
                    res_met = closed <= res_due
                    res_minutes = int((closed - created) / 60 / WALL_PER_BUSINESS)
                    state = "met" if res_met and fr_met else "breached"
                else:
                    state = (
                        "breached"
                        if closed > res_due
                        else "at_risk"
                        if closed > res_risk
                        else "on_track"
                    )
                updated = end = closed
            stage_index = STAGES.index(stage)
            producer = (
                choice(world.specialists) if stage_index >= 3 and rnd() < 0.9 else None
            )
            promised = (
                fts(created + (5 + rnd() * 25) * DAY, UTC).date()
                if stage_index >= 2 and rnd() < 0.7
                else None
            )

            # Moves: opened, some of the stages in between, the current stage,
            # then waiting or closing; a ticket still in Screening waited once.
            moves = [("", "", "screening", "open")]
            at_stage = "screening"
            for s in STAGES[1:stage_index]:
                if rnd() < 0.5:
                    moves.append((at_stage, "open", s, "open"))
                    at_stage = s
            if stage_index:
                moves.append((at_stage, "open", stage, "open"))
            if status != "open":
                moves.append((stage, "open", stage, status))
            elif len(moves) == 1:
                moves += [
                    ("screening", "open", "screening", "waiting"),
                    ("screening", "waiting", "screening", "open"),
                ]
            step_time = (end - created) / len(moves)
            mover = analyst or team[0]
            for k, (fs, fst, ts, tst) in enumerate(moves):
                actor = (
                    (requester_user if channel == "portal" else None)
                    if k == 0
                    else mover
                )
                transitions.append(
                    (
                        tid,
                        fs,
                        fst,
                        ts,
                        tst,
                        actor,
                        "",
                        fts(created + k * step_time, UTC),
                    )
                )

            # Three messages: the request, the team's answer (or a note while
            # no one has answered), then the customer, a note or a reply.
            staff_author = analyst or team[0]
            first_author = requester_user or staff_author
            messages.append(
                (tid, first_author, False, choice(descriptions),
                 channel if requester_user else "internal", fts(created + 1, UTC))
            )  # fmt: skip
            second_at = responded_at or created + (end - created) * 0.3
            messages.append(
                (tid, staff_author, responded_at is None,
                 choice(pools["reply" if responded_at else "note"]), "internal",
                 fts(second_at, UTC))
            )  # fmt: skip
            third = rnd()
            third_at = fts(second_at + (end - second_at) * (0.5 + 0.5 * rnd()), UTC)
            if third < 0.4 and requester_user:
                messages.append(
                    (tid, requester_user, False, choice(pools["customer"]), channel,
                     third_at)
                )  # fmt: skip
            else:
                note = third < 0.75
                messages.append(
                    (tid, staff_author, note,
                     choice(pools["note" if note else "reply"]), "internal", third_at)
                )  # fmt: skip

            if analyst:
                watchers.append((tid, analyst))
            if producer and producer != analyst:
                watchers.append((tid, producer))
            if rnd() < 0.15:
                tags.append((tid, choice(world.tags)))
            if active and stage_index >= 3 and rtype in world.steps:
                day = created + 2 * DAY
                for name, order in world.steps[rtype]:
                    day += 2 * DAY
                    steps.append(
                        (tid, name, order, producer, fts(day, UTC).date(),
                         fts(day, UTC) if day < now and rnd() < 0.6 else None)
                    )  # fmt: skip

            tickets.append(
                (tid, first_number + i, client, requester, rtype, title,
                 choice(descriptions), channel, priority, stage, status, analyst,
                 producer, promised,
                 fts(created, UTC), fts(updated, UTC),
                 fts(closed, UTC) if closed else None, len(moves) + 1, state,
                 fr_target, res_target, fts(fr_due, UTC), fts(fr_risk, UTC),
                 fts(responded_at, UTC) if responded_at else None, fts(res_due, UTC),
                 fts(res_risk, UTC), fts(paused, UTC) if paused else None, fr_met,
                 res_met, fr_minutes, res_minutes)
            )  # fmt: skip
        return {
            "tickets": tickets,
            "messages": messages,
            "transitions": transitions,
            "watchers": watchers,
            "tags": tags,
            "steps": steps,
        }


def secondary_indexes(cursor, tables: Iterable[str]) -> list[tuple[str, str]]:
    """Indexes that back no constraint: dropped for the load, built after it
    (one sorted build is many times faster than a million inserts)."""
    found = []
    for table in tables:
        cursor.execute(
            "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i"
            " JOIN pg_class c ON c.oid = i.indexrelid"
            " WHERE i.indrelid = %s::regclass AND NOT i.indisprimary AND NOT EXISTS"
            " (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)",
            [table],
        )
        found += cursor.fetchall()
    return found


def fill(args: argparse.Namespace, now: datetime) -> None:
    from django.db import connection

    from agencydesk.core.models import Counter
    from agencydesk.desk.models import Message, Ticket, TicketStep, Transition
    from agencydesk.desk.services import FIRST_TICKET_NUMBER

    rng = random.Random(args.seed)
    random.seed(args.seed)
    started = time.perf_counter()
    world = fill_people_and_clients(args, rng)
    print(
        f"clients {len(world.clients)}, contacts {len(world.contact_users)},"
        f" staff {args.staff} ({time.perf_counter() - started:.1f}s)"
    )
    connection.ensure_connection()
    raw = connection.connection  # psycopg 3 connection, autocommit
    cursor = raw.cursor()
    tables = {
        "tickets": CopyTable.of(cursor, Ticket, TICKET_COLUMNS),
        "messages": CopyTable.of(cursor, Message, MESSAGE_COLUMNS),
        "transitions": CopyTable.of(cursor, Transition, TRANSITION_COLUMNS),
        "watchers": CopyTable.of(
            cursor, Ticket.watchers.through, ["ticket_id", "user_id"]
        ),
        "tags": CopyTable.of(cursor, Ticket.tags.through, ["ticket_id", "tag_id"]),
        "steps": CopyTable.of(cursor, TicketStep, STEP_COLUMNS),
    }
    indexes = secondary_indexes(cursor, [t.name for t in tables.values()])
    for name, _definition in indexes:
        cursor.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
    cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    if cursor.fetchone()[0]:
        # Rows are consistent by construction, so the foreign-key triggers
        # COPY would fire for every row are skipped; constraints stay defined.
        cursor.execute("SET session_replication_role = replica")
    # Numbers continue where ticket_create starts, gap-free: the counter
    # below makes the next real ticket the one after the last loaded one.
    generator = TicketGenerator(
        world, args.tickets, now.timestamp(), FIRST_TICKET_NUMBER + 1, rng
    )
    counts = dict.fromkeys(tables, 0)
    for first in range(0, args.tickets, CHUNK):
        stop = min(first + CHUNK, args.tickets)
        rows = generator.chunk(first, stop)
        for key, table in tables.items():
            table.copy(cursor, rows[key])
            counts[key] += len(rows[key])
        print(
            f"tickets {stop}/{args.tickets} ({time.perf_counter() - started:.1f}s)",
            flush=True,
        )
    cursor.execute("SET session_replication_role = DEFAULT")
    print(
        "rows: "
        + ", ".join(f"{k} {v}" for k, v in counts.items())
        + f" ({time.perf_counter() - started:.1f}s)"
    )
    cursor.execute("SET maintenance_work_mem = '512MB'")
    for _name, definition in indexes:
        cursor.execute(definition)
    print(f"{len(indexes)} indexes built ({time.perf_counter() - started:.1f}s)")
    cursor.execute(
        "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)",
        [Ticket._meta.db_table, args.tickets],
    )
    Counter.objects.update_or_create(name="ticket", defaults={"value": args.tickets})
    # VACUUM as well as ANALYZE: autovacuum would do it soon after such a load
    # (and in the middle of the measurements); the visibility map it sets is
    # what a steady-state database has for index-only scans.
    cursor.execute("VACUUM (ANALYZE)")
    print(f"filled and analysed in {time.perf_counter() - started:.1f}s", flush=True)


def rebase(base: float, now: datetime) -> None:
    """A kept database ages: move the active clocks forward by the time since
    it was filled, so "due" means the same as right after the fill."""
    from django.db import connection

    delta = timedelta(seconds=now.timestamp() - base)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE desk_ticket SET first_response_due = first_response_due + %s,"
            " first_response_risk_at = first_response_risk_at + %s,"
            " resolution_due = resolution_due + %s,"
            " resolution_risk_at = resolution_risk_at + %s,"
            " sla_paused_at = sla_paused_at + %s"
            " WHERE status IN ('open', 'waiting')",
            [delta] * 5,
        )
        moved = cursor.rowcount
        cursor.execute("VACUUM (ANALYZE) desk_ticket")
    print(f"reused database: {moved} active clocks moved by {delta}")


def describe() -> None:
    """What the database holds, so the printed figures say what they ran on."""
    from django.db.models import Count

    from agencydesk.desk.models import Message, Ticket, Transition

    tickets = Ticket.objects.order_by()
    active = tickets.filter(status__in=["open", "waiting"])

    def spread(queryset, column: str) -> str:
        rows = queryset.values_list(column).annotate(n=Count("pk"))
        return ", ".join(f"{value} {n}" for value, n in sorted(rows))

    print(
        f"data: {tickets.count()} tickets, {Message.objects.count()} messages,"
        f" {Transition.objects.count()} transitions"
    )
    print(f"  status: {spread(tickets, 'status')}")
    print(f"  active by stage: {spread(active, 'stage')}")
    print(f"  active by SLA state: {spread(active, 'sla_state')}")


# --------------------------------------------------------------------------
# HTTP against gunicorn


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Browser:
    """A signed-in user: cookies kept, no proxy (only 127.0.0.1 is reached)."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}),
            urllib.request.HTTPCookieProcessor(self.jar),
        )

    def fetch(self, path: str, form: dict | None = None) -> tuple[int, str, str, float]:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        started = time.perf_counter()
        try:
            with self.opener.open(self.base + path, data, timeout=60) as response:
                body, status, final = response.read(), response.status, response.url
        except urllib.error.HTTPError as error:
            body, status, final = error.read(), error.code, self.base + path
        elapsed = (time.perf_counter() - started) * 1000
        return status, body.decode("utf-8", "replace"), final, elapsed

    def login(self, email: str, password: str) -> None:
        status, page, _final, _ms = self.fetch("/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or token is None:
            raise BenchError(f"no login form at /login/ (HTTP {status})")
        form = {"csrfmiddlewaretoken": token[1], "email": email, "password": password}
        status, _page, final, _ms = self.fetch("/login/", form)
        if status != 200 or final.endswith("/login/"):
            raise BenchError(f"signing in as {email} failed (HTTP {status})")


class Gunicorn:
    def __init__(self, env: dict[str, str], log: Path):
        self.port = free_port()
        self.base = f"http://{HOST}:{self.port}"
        self.log = log
        with log.open("w") as out:
            self.process = subprocess.Popen(  # noqa: S603 - the venv's gunicorn
                [str(BIN / "gunicorn"), "agencydesk.wsgi", "--bind",
                 f"{HOST}:{self.port}", "--workers", "2"],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        browser = Browser(self.base)
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn exited:\n{self.log.read_text()[-3000:]}")
            try:
                status, *_ = browser.fetch("/login/")
            except OSError:
                status = 0
            if status == 200:
                return
            time.sleep(0.3)
        raise BenchError(f"gunicorn did not answer:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@dataclass
class Timing:
    label: str
    target: str
    limit: float
    times: list[float] = field(default_factory=list)
    errors: int = 0

    def percentile(self, p: float) -> float:
        ordered = sorted(self.times)
        return ordered[max(0, math.ceil(p * len(ordered)) - 1)]

    @property
    def passed(self) -> bool:
        return not self.errors and self.percentile(0.95) <= self.limit


def measure(browser: Browser, runs: list[tuple[Timing, list[str]]]) -> None:
    """Time every URL once, the kinds taking turns, so background load on the
    machine spreads over all pages instead of hitting one block of them."""
    # A few untimed requests first: each gunicorn worker loads templates and
    # translations on its first hits, which is start-up, not page speed.
    for _timing, paths in runs:
        for path in paths[:5]:
            browser.fetch(path)
    for turn in range(max(len(paths) for _t, paths in runs)):
        for timing, paths in runs:
            if turn >= len(paths):
                continue
            status, page, final, ms = browser.fetch(paths[turn])
            timing.times.append(ms)
            if status != 200 or "/login/" in final:
                timing.errors += 1
                if timing.errors == 1:
                    print(f"  {timing.label}: HTTP {status} for {paths[turn]}:")
                    print(f"  {page[:300]!r}")
    for timing, _paths in runs:
        print(
            f"{timing.label}: p50 {timing.percentile(0.5):.1f} ms,"
            f" p95 {timing.percentile(0.95):.1f} ms",
            flush=True,
        )


@dataclass
class Plan:
    """What the pages ask for: sample URLs drawn from the data."""

    queue_filter: list[str]
    queue_search: list[str]
    tickets: list[str]
    home: list[str]


def draw_plan(count: int, rng: random.Random) -> Plan:
    from django.db.models import Count

    from agencydesk.desk.models import Ticket

    per_client = list(
        Ticket.objects.values_list("client_id").annotate(n=Count("pk")).order_by()
    )
    clients = [c for c, _n in per_client]
    # Staff look at the busy accounts more often: clients drawn by volume.
    chosen = rng.choices(clients, weights=[n for _c, n in per_client], k=count)
    active = list(
        Ticket.objects.filter(status__in=["open", "waiting"])
        .order_by("?")
        .values_list("number", flat=True)[:count]
    )
    return Plan(
        queue_filter=[f"/desk/tickets/?client={c}&stage=analysis" for c in chosen],
        queue_search=[f"/desk/tickets/?q={rng.choice(PRODUCTS)}" for _ in range(count)],
        tickets=[f"/desk/tickets/{rng.choice(active)}/" for _ in range(count)],
        home=["/desk/"] * count,
    )


# --------------------------------------------------------------------------
# In-process profile: which queries a page runs and how long each takes


class QueryLog:
    def __init__(self) -> None:
        self.entries: list[tuple[float, str, object]] = []

    def __call__(self, execute, sql_text, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql_text, params, many, context)
        finally:
            self.entries.append(
                ((time.perf_counter() - started) * 1000, sql_text, params)
            )


def explain(sql_text: str, params) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql_text, params)
        return "\n".join("      " + row[0] for row in cursor.fetchall())


def profile_pages(plan: Plan, show_plans: bool) -> None:
    from django.db import connection
    from django.test import Client as TestClient

    from agencydesk.people.models import User

    client = TestClient(HTTP_HOST=HOST)
    client.force_login(User.objects.get(email=LOGIN_EMAIL))
    print("\nQueries per page (in-process, one request; slowest first):")
    for label, path in (
        ("queue filter", plan.queue_filter[0]),
        ("queue search", plan.queue_search[0]),
        ("ticket page", plan.tickets[0]),
        ("desk home", plan.home[0]),
    ):
        client.get(path)  # warm the process, as the timed runs are warm
        log = QueryLog()
        started = time.perf_counter()
        with connection.execute_wrapper(log):
            response = client.get(path)
        total = (time.perf_counter() - started) * 1000
        in_sql = sum(ms for ms, _s, _p in log.entries)
        print(
            f"  {label} {path} -> HTTP {response.status_code}: {total:.1f} ms,"
            f" {len(log.entries)} queries, {in_sql:.1f} ms in SQL"
        )
        slowest = sorted(log.entries, key=lambda e: e[0], reverse=True)
        for ms, text, _params in slowest[:3]:
            print(f"    {ms:7.1f} ms  {' '.join(text.split())[:220]}")
        if show_plans and slowest:
            print(explain(slowest[0][1], slowest[0][2]))


# --------------------------------------------------------------------------
# The SLA sweep


def make_due(count: int, now: datetime) -> tuple[int, int]:
    """Put ``count`` running clocks past a mark: half past their resolution due
    instant (→ breached), half past their risk instant (→ at risk)."""
    from django.db import connection

    breach, risk = count // 2, count - count // 2
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE desk_ticket SET resolution_risk_at = %s, resolution_due = %s"
            " WHERE id IN (SELECT id FROM desk_ticket WHERE status = 'open'"
            " AND sla_paused_at IS NULL AND sla_state IN ('on_track', 'at_risk')"
            " AND resolution_due > %s ORDER BY random() LIMIT %s)",
            [now - timedelta(hours=2), now - timedelta(minutes=1), now, breach],
        )
        breached = cursor.rowcount
        cursor.execute(
            "UPDATE desk_ticket SET resolution_risk_at = %s"
            " WHERE id IN (SELECT id FROM desk_ticket WHERE status = 'open'"
            " AND sla_paused_at IS NULL AND sla_state = 'on_track'"
            " AND resolution_due > %s AND resolution_risk_at > %s"
            " ORDER BY random() LIMIT %s)",
            [now - timedelta(minutes=1), now, now, risk],
        )
        return breached, cursor.rowcount


def sweep(show_plans: bool) -> tuple[float, dict]:
    from django.db import connection
    from django.utils import timezone

    from agencydesk.desk import services
    from agencydesk.desk.models import Ticket

    settled = services.sla_sweep()  # whatever came due on its own first
    print(f"settling sweep (untimed): {settled}")
    active = Ticket.objects.filter(status__in=["open", "waiting"]).count()
    due = max(1, round(active * 0.01))
    breached, at_risk = make_due(due, timezone.now())
    print(
        f"made {breached + at_risk} of {active} active tickets due"
        f" ({breached} to breach, {at_risk} at risk)"
    )
    started = time.perf_counter()
    counts = services.sla_sweep()
    seconds = time.perf_counter() - started
    print(f"SLA sweep: {seconds:.2f}s {counts}", flush=True)

    # A small second round with every query logged: how the sweep's cost
    # grows with the number of tickets it changes.
    breached, at_risk = make_due(20, timezone.now())
    log = QueryLog()
    with connection.execute_wrapper(log):
        small = services.sla_sweep()
    changed = sum(small.values()) or 1
    print(
        f"  sweep profile: {small} -> {len(log.entries)} queries,"
        f" {sum(e[0] for e in log.entries):.1f} ms in SQL,"
        f" ~{len(log.entries) / changed:.1f} queries per changed ticket"
    )
    first = log.entries[0] if log.entries else None
    if first:
        print(f"    selection {first[0]:.1f} ms  {' '.join(first[1].split())[:220]}")
        if show_plans:
            print(explain(first[1], first[2]))
    return seconds, counts


# --------------------------------------------------------------------------


def bench_env(target: Target, var_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=target.url,
        DJANGO_SETTINGS_MODULE="agencydesk.settings",
        AGENCYDESK_VAR_DIR=str(var_dir),
        DEBUG="0",
        ALLOWED_HOSTS=HOST,
        # Escalations would send e-mail once that issue lands: sent nowhere.
        EMAIL_URL="dummymail://",
        LOG_LEVEL="WARNING",
    )
    # Cache and queue stay embedded in the temporary directory: nothing but
    # the local PostgreSQL is touched.
    env.pop("REDIS_URL", None)
    return env


def print_table(rows: list[tuple], args: argparse.Namespace, loaded: str) -> None:
    print(
        f"\nDesk benchmark {datetime.now(UTC):%Y-%m-%d} — {args.tickets} tickets,"
        f" {args.clients} clients, {args.staff} staff, {os.cpu_count()} CPUs;"
        f" database {loaded}"
    )
    header = ("measure", "count", "p50", "p95", "max", "target", "result")
    widths = (30, 6, 9, 9, 9, 12, 6)
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))
    print(line)
    print("-" * len(line))
    for row in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    target = Target.parse(args.database_url)
    var_dir = Path(tempfile.mkdtemp(prefix="desk-bench-"))
    env = bench_env(target, var_dir)
    os.environ.update(env)
    os.environ.pop("REDIS_URL", None)

    def stop(signum, frame):
        raise SystemExit(2)

    signal.signal(signal.SIGTERM, stop)
    server: Gunicorn | None = None
    rows: list[tuple] = []
    try:
        _exists, marker = database_marker(target)
        wanted = {
            "tickets": str(args.tickets),
            "clients": str(args.clients),
            "staff": str(args.staff),
        }
        reuse = (
            args.keep
            and marker is not None
            and marker.get("state") == "ready"
            and all(marker.get(k) == v for k, v in wanted.items())
        )
        if not reuse:
            recreate_database(target)
            print(f"database {target.name} created")
        run([str(BIN / "agencydesk"), "migrate", "--noinput"], env, "migrate")
        import django

        django.setup()
        from django.utils import timezone

        now = timezone.now()
        started = time.perf_counter()
        if reuse:
            rebase(float(marker["base"]), now)
            loaded = "reused (--keep)"
        else:
            fill(args, now)
            loaded = f"filled in {time.perf_counter() - started:.0f}s"
        set_marker(target, state="ready", base=int(now.timestamp()), **wanted)
        describe()

        run(
            [str(BIN / "agencydesk"), "collectstatic", "--noinput", "--verbosity", "0"],
            env,
            "collectstatic",
        )
        rng = random.Random(args.seed)
        plan = draw_plan(args.requests, rng)
        server = Gunicorn(env, var_dir / "gunicorn.log")
        server.wait_ready()
        print(f"gunicorn on {server.base} (2 workers)")
        browser = Browser(server.base)
        browser.login(LOGIN_EMAIL, STAFF_PASSWORD)
        timings = [
            Timing(
                "queue ?client=…&stage=analysis", "p95 ≤ 150", TARGETS["queue_filter"]
            ),
            Timing("queue ?q=<word>", "p95 ≤ 150", TARGETS["queue_search"]),
            Timing("ticket page", "p95 ≤ 150", TARGETS["ticket"]),
            Timing("desk home", "p95 ≤ 200", TARGETS["home"]),
        ]
        load_before = os.getloadavg()[0]
        measure(
            browser,
            list(
                zip(
                    timings,
                    (plan.queue_filter, plan.queue_search, plan.tickets, plan.home),
                    strict=True,
                )
            ),
        )
        # Other work on the machine shows up in the figures: say how busy it was.
        loaded += f"; load average {load_before:.1f} → {os.getloadavg()[0]:.1f}"
        server.stop()
        server = None
        profile_pages(plan, args.explain)
        seconds, counts = sweep(args.explain)

        for t in timings:
            rows.append(
                (
                    t.label,
                    len(t.times),
                    f"{t.percentile(0.5):.1f} ms",
                    f"{t.percentile(0.95):.1f} ms",
                    f"{max(t.times):.1f} ms",
                    t.target,
                    ("PASS" if t.passed else "FAIL")
                    + (f" ({t.errors} errors)" if t.errors else ""),
                )
            )
        changed = sum(counts.values())
        rows.append(
            (
                f"SLA sweep ({changed} escalated)",
                1,
                f"{seconds:.2f} s",
                "",
                "",
                "≤ 1 s",
                "PASS" if seconds <= TARGETS["sweep"] else "FAIL",
            )
        )
        print_table(rows, args, loaded)
        return 0 if all(r[-1] == "PASS" for r in rows) else 1
    except BenchError as error:
        print(f"desk_bench: {error}", file=sys.stderr)
        if server is not None:
            # A 500 from the site is explained in gunicorn's log, which goes
            # away with the temporary directory.
            print(server.log.read_text()[-4000:], file=sys.stderr)
        return 2
    finally:
        if server is not None:
            server.stop()
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        if not args.keep:
            drop_database(target)
            print(f"database {target.name} dropped (use --keep to reuse it)")
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
