"""Projects and tasks benchmark (issue 13, "Speed"): "my work", a project's
board and timeline and a client's scope meter on a PostgreSQL database at
production size, timed in-process.

    .venv/bin/python bench/work_bench.py \\
        --database-url postgres://postgres@127.0.0.1:5432/agencydesk_work_bench \\
        [--tasks 2000000] [--requests 100] [--keep] [--explain]

1. Creates the database (dropped at the end unless --keep; with --keep a
   database this script filled to the same size is reused: it carries a
   marker comment), migrates it, creates 200 staff and 500 clients through the
   services, then 5,000 projects (10 a client) with their phases and
   milestones, and loads the tasks (COPY), their collaborators, the
   dependencies of the timeline's project, deliverables with versions and
   approval rounds, and time entries; one client gets a confirmed SOW whose
   lines count deliverables per area, hours and revision rounds. Last comes
   VACUUM ANALYZE.
2. Times with Django's test client (in-process: the view, its queries and the
   template, no web server), after warm-up hits:
   - "my work" (``/work/mine/``) of a specialist with a few hundred open
     tasks, its periods taking turns;
   - the board of the project with 2,000 tasks (``/work/projects/<id>/``);
   - the scope meter of the client's SOW (``/work/scope/<id>/meter/``);
   - the timeline of a project with 500 dated tasks and their dependencies.
3. Prints p50/p95 per page against the targets (150, 150, 150, 300 ms), the
   queries each ran, the machine and its load average. With --explain, the
   slowest query of each page with ``EXPLAIN (ANALYZE, BUFFERS)``. Exit status
   0 when every target is met, 1 when one is missed, 2 when the benchmark
   could not run.

Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import statistics
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import desk_bench as desk  # CopyTable, Target, the query log, EXPLAIN

ROOT = Path(__file__).resolve().parent.parent
MARKER = "work_bench"
STAFF = 200
CLIENTS = 500
PROJECTS_PER_CLIENT = 10
BOARD_TASKS = 2000
TIMELINE_TASKS = 500
# The specialist whose "my work" is timed.
ME = "s007@bench.example"
ADMIN = "s000@bench.example"
TARGETS = {"my_work": 150.0, "board": 150.0, "meter": 150.0, "timeline": 300.0}
LABELS = {
    "my_work": "my work (/work/mine/, periods in turn)",
    "board": f"board of a {BOARD_TASKS}-task project",
    "meter": "scope meter of one client",
    "timeline": f"timeline of a {TIMELINE_TASKS}-task project",
}


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmark projects and tasks on PostgreSQL (issue 13, Speed)."
    )
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--tasks", type=int, default=2_000_000)
    parser.add_argument("--requests", type=int, default=100)
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
    floor = BOARD_TASKS + TIMELINE_TASKS + 10 * CLIENTS * PROJECTS_PER_CLIENT
    if args.tasks < floor or args.requests < 1:
        parser.error(f"need --tasks ≥ {floor} and --requests ≥ 1")
    return args


# --------------------------------------------------------------------------
# The database and its marker


def _marker(target: desk.Target) -> tuple[bool, dict[str, str] | None]:
    with desk.psycopg.connect(target.admin_url(), autocommit=True) as conn:
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
    with desk.psycopg.connect(target.admin_url(), autocommit=True) as conn:
        conn.execute(
            desk.sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                desk.sql.Identifier(target.name), desk.sql.Literal(text)
            )
        )


def _recreate(target: desk.Target) -> None:
    exists, marker = _marker(target)
    # Never drop a database this script did not make (the marker says so).
    if exists and marker is None:
        raise desk.BenchError(
            f"database {target.name!r} exists and was not made by work_bench;"
            " choose another name"
        )
    with desk.psycopg.connect(target.admin_url(), autocommit=True) as conn:
        name = desk.sql.Identifier(target.name)
        if exists:
            conn.execute(desk.sql.SQL("DROP DATABASE {} WITH (FORCE)").format(name))
        conn.execute(desk.sql.SQL("CREATE DATABASE {}").format(name))
    _set_marker(target, state="filling")


def _drop(target: desk.Target) -> None:
    exists, marker = _marker(target)
    if exists and marker is not None:
        with desk.psycopg.connect(target.admin_url(), autocommit=True) as conn:
            conn.execute(
                desk.sql.SQL("DROP DATABASE {} WITH (FORCE)").format(
                    desk.sql.Identifier(target.name)
                )
            )


def _setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    # As a web process: what it loaded is frozen out of the collector's
    # sight after its first requests (agencydesk.core.runtime).
    os.environ.setdefault("GC_FREEZE_AFTER_REQUESTS", "10")
    os.environ.pop("REDIS_URL", None)
    sys.path[:0] = [str(ROOT), str(ROOT / "src")]
    import django

    django.setup()


# --------------------------------------------------------------------------
# The data


def project_sizes(total: int, count: int, rng: random.Random) -> list[int]:
    """Tasks per project: most projects small, a few large (log-normal), the
    sizes adding up to ``total``; the first two are the board's and the
    timeline's."""
    rest = total - BOARD_TASKS - TIMELINE_TASKS
    weights = [rng.lognormvariate(0, 1.1) for _ in range(count - 2)]
    scale = rest / sum(weights)
    sizes = [max(5, min(BOARD_TASKS - 1, int(w * scale))) for w in weights]
    # Spread what rounding and the bounds left over, one task at a time.
    n = 0
    while (gap := rest - sum(sizes)) != 0:
        i = n % len(sizes)
        step = 1 if gap > 0 else -1
        if 5 <= sizes[i] + step < BOARD_TASKS:
            sizes[i] += step
        n += 1
    return [BOARD_TASKS, TIMELINE_TASKS, *sizes]


def _people_and_clients(out) -> tuple[list, list]:
    from decimal import Decimal

    from agencydesk.clients import services as clients
    from agencydesk.people import services as people
    from agencydesk.people.roles import Role

    countries = ["ID", "RU", "CN", "SG", "DE", "US"]
    staff = []
    for n in range(STAFF):
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
                country=countries[n % 6],
                hourly_cost=Decimal("20"),
                default_bill_rate=Decimal("60"),
            )
        )
    out.write(f"  staff: {len(staff)}\n")
    made = [
        clients.client_create(
            actor=None,
            name=f"Bench Client {n:03d}",
            country=countries[n % 6],
            timezone="UTC",
            currency="USD",
            language="en",
            status="active",
        )
        for n in range(CLIENTS)
    ]
    out.write(f"  clients: {len(made)}\n")
    return staff, made


def fill(args, out) -> None:
    from decimal import Decimal

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from agencydesk.timesheets.models import TimeEntry
    from agencydesk.work.models import (
        ApprovalRound,
        Area,
        Deliverable,
        DeliverableVersion,
        Milestone,
        Phase,
        Project,
        ScopePeriod,
        ScopeUnit,
        Sow,
        SowLine,
        Task,
        TaskDependency,
    )

    rng = random.Random(args.seed)
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    staff, clients = _people_and_clients(out)
    me = next(p for p in staff if p.email == ME)
    managers = [p.pk for p in staff if p.email.endswith("1@bench.example")]
    workers = [p.pk for p in staff[1:]]
    areas = list(Area.objects.order_by("order", "pk").values_list("pk", flat=True))
    today = timezone.localdate()
    now = timezone.now()

    # Projects: 10 a client. Most are finished (all their tasks done); one in
    # ten is active, a few planned or on hold. The first is the board's and
    # the second the timeline's, both active, of the SOW's client.
    statuses = ["done"] * 74 + ["cancelled"] * 4 + ["active"] * 17 + ["planned"] * 3
    statuses += ["on_hold"] * 2
    projects = []
    for c, client in enumerate(clients):
        for k in range(PROJECTS_PER_CLIENT):
            n = c * PROJECTS_PER_CLIENT + k
            status = "active" if n < 2 else rng.choice(statuses)
            start = today - timedelta(days=rng.randrange(40, 200))
            projects.append(
                Project(
                    client=client,
                    name=f"Project {n:04d}",
                    method="agile" if n % 4 == 0 else "waterfall",
                    start=start,
                    end=start + timedelta(days=rng.randrange(120, 360)),
                    owner_id=rng.choice(managers),
                    status=status,
                )
            )
    Project.objects.bulk_create(projects, batch_size=1000)
    phases = Phase.objects.bulk_create(
        [
            Phase(
                project=p,
                title=title,
                start=p.start + timedelta(days=60 * i),
                end=p.start + timedelta(days=60 * i + 59),
                order=i,
            )
            for p in projects
            for i, title in enumerate(["Discovery", "Production", "Launch"])
        ],
        batch_size=2000,
    )
    milestones = Milestone.objects.bulk_create(
        [
            Milestone(
                project=p,
                title=title,
                due=p.start + timedelta(days=60 * i + 59),
                needs_client_approval=i == 2,
                done_at=now if p.status == "done" else None,
            )
            for p in projects
            for i, title in enumerate(["Brief signed", "First draft", "Go live"])
        ],
        batch_size=2000,
    )
    phases_of = {p.pk: [] for p in projects}
    for phase in phases:
        phases_of[phase.project_id].append(phase.pk)
    milestones_of = {p.pk: [] for p in projects}
    for milestone in milestones:
        milestones_of[milestone.project_id].append(milestone.pk)
    out.write(
        f"  projects: {len(projects)}, phases {len(phases)},"
        f" milestones {len(milestones)} ({time.perf_counter() - started:.0f} s)\n"
    )

    connection.ensure_connection()
    cursor = connection.connection.cursor()
    task_table = desk.CopyTable.of(
        cursor,
        Task,
        [
            "id",
            "project_id",
            "phase_id",
            "milestone_id",
            "title",
            "description",
            "area_id",
            "owner_id",
            "start",
            "due",
            "estimate_minutes",
            "status",
            "order",
            "version",
            "created_at",
            "updated_at",
            "done_at",
        ],
    )
    tables = [task_table.name, Task.collaborators.through._meta.db_table]
    indexes = desk.secondary_indexes(cursor, tables)
    for name, _definition in indexes:
        cursor.execute(desk.sql.SQL("DROP INDEX {}").format(desk.sql.Identifier(name)))
    cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    if cursor.fetchone()[0]:
        # Rows are consistent by construction: no foreign-key trigger per row.
        cursor.execute("SET session_replication_role = replica")

    sizes = project_sizes(args.tasks, len(projects), rng)
    open_statuses = ["todo"] * 5 + ["in_progress"] * 3 + ["in_review", "waiting"]
    collaborators: list[tuple[int, int]] = []
    done_of_sow_client: list[tuple[int, int | None, datetime]] = []
    board, timeline = projects[0], projects[1]
    timeline_ids: list[int] = []
    task_id = 0
    chunk: list[tuple] = []
    # Open tasks are few (the finished projects hold most): the specialist
    # owns about one open task in 200 of the active projects' ones, and a few
    # hundred in all.
    for project, size in zip(projects, sizes, strict=True):
        finished = project.status in ("done", "cancelled")
        progress = rng.uniform(0.3, 0.8)
        own_phases = phases_of[project.pk] if project.method == "waterfall" else []
        own_milestones = milestones_of[project.pk]
        team = rng.sample(workers, 6)
        for k in range(size):
            task_id += 1
            if finished or rng.random() < progress:
                status = "done"
            else:
                status = rng.choice(open_statuses)
            if project is timeline:
                start = project.start + timedelta(days=k * 300 // size)
                due = start + timedelta(days=rng.randrange(1, 10))
                timeline_ids.append(task_id)
            elif status == "done":
                due = today - timedelta(days=rng.randrange(0, 183))
                start = due - timedelta(days=rng.randrange(0, 10))
            else:
                due = today + timedelta(days=rng.randrange(-30, 183))
                start = due - timedelta(days=rng.randrange(0, 10))
            if project is not timeline and rng.random() < 0.1:
                start = None
                due = None if rng.random() < 0.5 else due
            done_at = (
                datetime.combine(due or today, datetime.min.time(), tzinfo=UTC)
                + timedelta(hours=rng.randrange(8, 18))
                if status == "done"
                else None
            )
            if done_at is not None and done_at > now:
                done_at = now - timedelta(hours=rng.randrange(1, 48))
            owner = rng.choice(team) if rng.random() < 0.9 else None
            area = areas[k % len(areas)] if areas and rng.random() < 0.8 else None
            chunk.append(
                (
                    task_id,
                    project.pk,
                    own_phases[k * len(own_phases) // size] if own_phases else None,
                    own_milestones[k % 3] if rng.random() < 0.3 else None,
                    f"Task {task_id} of {project.name}",
                    "",
                    area,
                    owner,
                    start,
                    due,
                    rng.choice([None, 60, 120, 240, 480]),
                    status,
                    k,
                    1,
                    now,
                    now,
                    done_at,
                )
            )
            if status != "done" and owner is not None and rng.random() < 0.08:
                helper = rng.choice(team)
                if helper != owner:
                    collaborators.append((task_id, helper))
            if project.client_id == clients[0].pk and status == "done":
                done_of_sow_client.append((task_id, area, done_at))
            if len(chunk) == 25_000:
                task_table.copy(cursor, chunk)
                chunk = []
        if task_id % 200_000 < size:
            out.write(f"  tasks: {task_id} ({time.perf_counter() - started:.0f} s)\n")
    task_table.copy(cursor, chunk)
    # The specialist measured: a few hundred open tasks of their own (their
    # share of the active projects' ones, topped up in the board's project).
    cursor.execute(
        "SELECT count(*) FROM work_task WHERE owner_id = %s AND status <> 'done'",
        [me.pk],
    )
    mine = cursor.fetchone()[0]
    if mine < 300:
        cursor.execute(
            "UPDATE work_task SET owner_id = %s WHERE id IN (SELECT id FROM"
            " work_task WHERE project_id = ANY(%s) AND status <> 'done'"
            " ORDER BY id LIMIT %s)",
            [me.pk, [board.pk, timeline.pk], 300 - mine],
        )
    desk.CopyTable.of(cursor, Task.collaborators.through, ["task_id", "user_id"]).copy(
        cursor, collaborators
    )
    cursor.execute(
        "SELECT setval(pg_get_serial_sequence('work_task', 'id'), %s)", [task_id]
    )
    # Finish-to-start chains along the timeline's tasks.
    TaskDependency.objects.bulk_create(
        TaskDependency(task_id=after, depends_on_id=before)
        for before, after in itertools.pairwise(timeline_ids)
        if rng.random() < 0.8
    )
    out.write(
        f"  tasks: {task_id}, collaborators {len(collaborators)}"
        f" ({time.perf_counter() - started:.0f} s)\n"
    )

    # Deliverables on one done task in 40, with versions and 1–4 rounds
    # (round 2 on is a revision); the SOW's client gets its share.
    cursor.execute(
        "SELECT id, owner_id, done_at FROM work_task WHERE status = 'done'"
        " AND done_at IS NOT NULL AND mod(id, 40) = 0"
    )
    done_tasks = cursor.fetchall()
    deliverables = Deliverable.objects.bulk_create(
        [
            Deliverable(task_id=t, title=f"Deliverable of {t}")
            for t, _o, _d in done_tasks
        ],
        batch_size=5000,
    )
    rounds_of = {d.pk: rng.choice([1, 1, 2, 2, 3, 4]) for d in deliverables}
    versions = DeliverableVersion.objects.bulk_create(
        [
            DeliverableVersion(
                deliverable=d, number=n, link=f"https://files.example/{d.pk}/{n}"
            )
            for d in deliverables
            for n in range(1, rounds_of[d.pk] + 1)
        ],
        batch_size=5000,
    )
    version_of = {(v.deliverable_id, v.number): v.pk for v in versions}
    sent_of = {t: d for t, _o, d in done_tasks}
    ApprovalRound.objects.bulk_create(
        [
            ApprovalRound(
                deliverable=d,
                number=n,
                version_id=version_of[(d.pk, n)],
                status="approved" if n == rounds_of[d.pk] else "changes",
                sent_at=sent_of[d.task_id] - timedelta(days=3 * (rounds_of[d.pk] - n)),
                closed_at=sent_of[d.task_id],
                remind_on=sent_of[d.task_id].date(),
            )
            for d in deliverables
            for n in range(1, rounds_of[d.pk] + 1)
        ],
        batch_size=5000,
    )
    out.write(
        f"  deliverables: {len(deliverables)}, versions {len(versions)}"
        f" ({time.perf_counter() - started:.0f} s)\n"
    )

    # Time entries: two years, 1 per 2 tasks, a tenth on the SOW's client.
    entry_table = desk.CopyTable.of(
        cursor,
        TimeEntry,
        [
            "user_id",
            "client_id",
            "project",
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
    )
    client_ids = [c.pk for c in clients]

    def entries():
        for n in range(args.tasks // 2):
            client = client_ids[0] if n % 100 == 0 else rng.choice(client_ids)
            minutes = rng.choice([30, 60, 90, 120, 180])
            yield (
                rng.choice(workers),
                client,
                "",
                today - timedelta(days=rng.randrange(730)),
                minutes,
                "",
                True,
                Decimal(minutes),
                "USD",
                Decimal(minutes) / 3,
                "USD",
                now,
            )

    entry_table.copy(cursor, entries())
    out.write(
        f"  time entries: {args.tasks // 2} ({time.perf_counter() - started:.0f} s)\n"
    )
    cursor.execute("SET session_replication_role = DEFAULT")
    cursor.execute("SET maintenance_work_mem = '512MB'")
    for _name, definition in indexes:
        cursor.execute(definition)
    out.write(
        f"  {len(indexes)} indexes rebuilt ({time.perf_counter() - started:.0f} s)\n"
    )

    # The SOW of the first client: confirmed, a line of deliverables per
    # area, hours and revision rounds, per month.
    sow = Sow.objects.create(
        client=clients[0],
        title="Monthly retainer",
        status=Sow.Status.CONFIRMED,
        sent_at=now - timedelta(days=90),
        confirmed_at=now - timedelta(days=80),
    )
    lines = [
        SowLine(
            sow=sow,
            what=f"Deliverables of area {area}",
            quantity=Decimal(40),
            period=ScopePeriod.MONTH,
            unit=ScopeUnit.DELIVERABLES,
            area_id=area,
            order=n,
        )
        for n, area in enumerate(areas[:4])
    ]
    lines += [
        SowLine(
            sow=sow,
            what="Deliverables",
            quantity=Decimal(200),
            period=ScopePeriod.MONTH,
            unit=ScopeUnit.DELIVERABLES,
            order=10,
        ),
        SowLine(
            sow=sow,
            what="Hours",
            quantity=Decimal(400),
            period=ScopePeriod.MONTH,
            unit=ScopeUnit.HOURS,
            order=11,
        ),
        SowLine(
            sow=sow,
            what="Revision rounds",
            quantity=Decimal(3),
            period=ScopePeriod.MONTH,
            unit=ScopeUnit.REVISIONS,
            order=12,
        ),
    ]
    SowLine.objects.bulk_create(lines)
    out.write(
        f"  SOW {sow.pk} of {clients[0].name}: {len(lines)} lines;"
        f" the client's done tasks {len(done_of_sow_client)}\n"
    )
    # VACUUM as well as ANALYZE: the visibility map a steady database has.
    cursor.execute("VACUUM (ANALYZE)")
    out.write(f"  loaded in {time.perf_counter() - started:.0f} s\n")


# --------------------------------------------------------------------------
# Timing


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))]


def time_page(http, urls: list[str], requests: int) -> tuple[float, float, int]:
    """p50, p95 (ms) and the most queries of ``requests`` hits on ``urls`` in
    turn, after 5 untimed warm-up hits."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(5):
        response = http.get(urls[n % len(urls)])
        if response.status_code != 200:
            raise desk.BenchError(
                f"{urls[n % len(urls)]} answered {response.status_code}"
            )
    samples, queries = [], 0
    for n in range(requests):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            http.get(urls[n % len(urls)])
            samples.append((time.perf_counter() - started) * 1000)
        queries = max(queries, len(ctx))
    return statistics.median(samples), percentile(samples, 0.95), queries


def profile(http, label: str, url: str, show_plan: bool, out) -> None:
    """One hit with every query timed: the slowest ones (and the plan)."""
    from django.db import connection

    log = desk.QueryLog()
    with connection.execute_wrapper(log):
        http.get(url)
    in_sql = sum(ms for ms, _s, _p in log.entries)
    out.write(f"  {label} {url}: {len(log.entries)} queries, {in_sql:.1f} ms in SQL\n")
    slowest = sorted(log.entries, key=lambda e: e[0], reverse=True)
    for ms, text, _params in slowest[:3]:
        out.write(f"    {ms:7.1f} ms  {' '.join(text.split())[:220]}\n")
    if show_plan and slowest:
        out.write(desk.explain(slowest[0][1], slowest[0][2]) + "\n")


def describe(out) -> dict:
    """The pages' subjects and what the database holds."""
    from django.db.models import Count, Q

    from agencydesk.people.models import User
    from agencydesk.work.models import Project, Sow, Task

    me = User.objects.get(email=ME)
    board = Project.objects.get(name="Project 0000")
    timeline = Project.objects.get(name="Project 0001")
    sow = Sow.objects.get(title="Monthly retainer")
    counts = Task.objects.aggregate(
        all=Count("pk"),
        open=Count("pk", filter=~Q(status="done")),
        mine=Count("pk", filter=Q(owner=me) & ~Q(status="done")),
    )
    out.write(
        f"  tasks {counts['all']}, open {counts['open']};"
        f" {me.email} owns {counts['mine']} open;"
        f" board {board.tasks.count()} tasks, timeline"
        f" {timeline.tasks.count()} tasks\n"
    )
    return {"me": me, "board": board, "timeline": timeline, "sow": sow}


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    out = sys.stdout
    try:
        target = desk.Target.parse(args.database_url)
        _exists, marker = _marker(target)
        wanted = {"tasks": str(args.tasks), "seed": str(args.seed)}
        reuse = (
            args.keep
            and marker is not None
            and marker.get("state") == "ready"
            and all(marker.get(k) == v for k, v in wanted.items())
        )
        if not reuse:
            _recreate(target)
        _setup_django(args.database_url)
    except (desk.BenchError, desk.psycopg.Error) as error:
        print(f"work_bench: could not start: {error}", file=sys.stderr)
        return 2
    from django.db import connections
    from django.test import Client
    from django.utils import timezone

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import load_bench

    try:
        if reuse:
            out.write(f"Reusing the kept database (filled {marker.get('filled')}).\n")
            from django.core.management import call_command

            call_command("migrate", verbosity=0)
        else:
            out.write("Loading…\n")
            fill(args, out)
            _set_marker(target, state="ready", filled=timezone.localdate(), **wanted)
        subjects = describe(out)
        me, admin = subjects["me"], None
        from agencydesk.people.models import User

        admin = User.objects.get(email=ADMIN)
        mine = Client(HTTP_HOST="127.0.0.1")
        mine.force_login(me)
        boss = Client(HTTP_HOST="127.0.0.1")
        boss.force_login(admin)
        pages = {
            "my_work": (
                mine,
                [
                    "/work/mine/",
                    "/work/mine/?period=overdue",
                    "/work/mine/?period=week",
                    "/work/mine/?period=month",
                    "/work/mine/?page=2",
                ],
            ),
            "board": (boss, [f"/work/projects/{subjects['board'].pk}/"]),
            "meter": (boss, [f"/work/scope/{subjects['sow'].pk}/meter/"]),
            "timeline": (
                boss,
                [f"/work/projects/{subjects['timeline'].pk}/timeline/"],
            ),
        }
        load_before = os.getloadavg()[0]
        results = {
            key: time_page(http, urls, args.requests)
            for key, (http, urls) in pages.items()
        }
        load_after = os.getloadavg()[0]
        out.write("\nQueries per page (one hit; slowest first):\n")
        for key, (http, urls) in pages.items():
            profile(http, key, urls[0], args.explain, out)
        out.write(
            f"\nWork benchmark {datetime.now(UTC):%Y-%m-%d %H:%M} UTC — {args.tasks}"
            f" tasks, {CLIENTS} clients, {CLIENTS * PROJECTS_PER_CLIENT} projects,"
            f" {STAFF} staff; {args.requests} requests a page\n"
            f"machine: {load_bench.machine()}\n"
            f"load average {load_before:.1f} → {load_after:.1f}\n"
        )
        out.write(
            f"{'page':<44} {'p50 ms':>8} {'p95 ms':>8} {'target':>7} {'queries':>8}\n"
        )
        missed = False
        for key, (p50, p95, queries) in results.items():
            ok = p95 <= TARGETS[key]
            missed |= not ok
            out.write(
                f"{LABELS[key]:<44} {p50:8.1f} {p95:8.1f} {TARGETS[key]:7.0f}"
                f" {queries:8d}  {'ok' if ok else 'MISSED'}\n"
            )
        return 1 if missed else 0
    except desk.BenchError as error:
        print(f"work_bench: {error}", file=sys.stderr)
        return 2
    finally:
        connections.close_all()
        if not args.keep:
            _drop(target)
            out.write(f"database {target.name} dropped (use --keep to reuse it)\n")


if __name__ == "__main__":
    sys.exit(main())
