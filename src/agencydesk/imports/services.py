"""Imports: check an uploaded file row by row without changing anything, then
import it in one transaction, every row through the pages' own services."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from agencydesk.clients.middleware import viewer_for_user
from agencydesk.clients.models import Client
from agencydesk.core.access import SYSTEM, require_actor
from agencydesk.core.errors import DomainError
from agencydesk.core.files import upload_name
from agencydesk.reports import selectors as kpi_selectors
from agencydesk.reports.models import Kpi

from .errors import ImportFileRefusedError, ImportNotReadyError, RowInvalidError
from .kinds import CREATE, ERROR, KINDS, UNCHANGED, UPDATE, Context, Kind, header_key
from .kinds.kpi_data import KpiDataKind
from .models import ImportRun
from .parsing import Table, check_size, read_table

PERMISSION = "imports.add_importrun"
# The source of a run made by a push (reports' push address), not a file.
PUSH_SOURCE = "push"
STAFF_PERMISSION = "imports.import_staff"


@dataclass
class Outcome:
    """What the rows of a file did (or would do)."""

    results: list[dict] = field(default_factory=list)
    counts: dict[str, int] = field(
        default_factory=lambda: {CREATE: 0, UPDATE: 0, UNCHANGED: 0, ERROR: 0}
    )


def kinds_allowed(user: Any) -> list[str]:
    """The kinds this person may import (staff only with ``import_staff``)."""
    return [
        kind
        for kind in KINDS
        if user.has_perm(PERMISSION)
        and (kind != ImportRun.Kind.STAFF or user.has_perm(STAFF_PERMISSION))
    ]


def may_import(user: Any, run: ImportRun) -> bool:
    """Whether the run's page offers its Import button to ``user``."""
    if not run.can_be_imported:
        return False
    if run.kind == ImportRun.Kind.KPI_DATA:
        return user.has_perm("reports.add_datapoint") and (
            run.client_id is not None
            and kpi_selectors.kpis_manageable(actor=user, client_id=run.client_id)
        )
    return user.has_perm(PERMISSION) and (
        run.kind != ImportRun.Kind.STAFF or user.has_perm(STAFF_PERMISSION)
    )


def _require_kind(actor: Any, kind: str) -> Kind:
    require_actor(actor, PERMISSION)
    if kind == ImportRun.Kind.STAFF:
        require_actor(actor, STAFF_PERMISSION)
    if kind not in KINDS:
        raise ImportFileRefusedError(_("Choose what the file holds."))
    return KINDS[kind]


def import_check(*, actor: Any, kind: str, upload: Any) -> ImportRun:
    """Check a file row by row inside a transaction that is rolled back, and
    keep it with what each row would do; a refused file is kept too, with
    why (one too large to take is recorded without its content)."""
    spec = _require_kind(actor, kind)
    run = ImportRun(kind=kind, created_by=actor)
    return _check(actor, run, upload, lambda: spec)


def kpi_import_check(
    *, actor: Any, client: Client, source: str, upload: Any
) -> ImportRun:
    """``import_check`` for a client's KPI export read with the mapping of
    ``source`` (the client's saved one or the built-in one)."""
    _require_kpi_data(actor, client)
    mapping = kpi_selectors.mapping_for(client=client, source=source)
    if mapping is None:
        raise ImportFileRefusedError(_("Choose how the file is read."))
    run = ImportRun(
        kind=ImportRun.Kind.KPI_DATA,
        created_by=actor,
        client=client,
        options=mapping.as_options(),
    )
    return _check(actor, run, upload, lambda: kind_for_run(run))


def _check(actor: Any, run: ImportRun, upload: Any, spec_for) -> ImportRun:
    name = upload_name(getattr(upload, "name", ""))
    run.filename, run.size = name, upload.size
    try:
        check_size(upload.size)
        content = upload.read()
        run.file.save(name, ContentFile(content), save=False)
        spec = spec_for()
        table = read_table(name, content, is_header=spec.is_header)
        columns, run.ignored_columns = _columns(spec, table.header)
    except ImportFileRefusedError as refusal:
        run.status = ImportRun.Status.REFUSED
        run.message = refusal.message
        run.save()
        return run
    with transaction.atomic():
        outcome = _run_rows(actor, spec, columns, table)
        transaction.set_rollback(True)
    _record(run, outcome, ImportRun.Status.CHECKED)
    run.save()
    return run


def kind_for_run(run: ImportRun) -> Kind:
    """The kind that reads a run's file (a KPI file: through its mapping)."""
    if run.kind == ImportRun.Kind.KPI_DATA:
        source = run.options.get("source", "")
        return KpiDataKind(
            run.client,
            run.options,
            source=Kpi.Source.PUSH if source == PUSH_SOURCE else Kpi.Source.UPLOAD,
        )
    return KINDS[run.kind]


def _require_kpi_data(actor: Any, client: Client | None) -> None:
    require_actor(actor, "reports.add_datapoint")
    if client is None or not kpi_selectors.kpis_manageable(
        actor=actor, client_id=client.pk
    ):
        raise PermissionDenied


def _require_run(actor: Any, run: ImportRun) -> Kind:
    if run.kind == ImportRun.Kind.KPI_DATA:
        _require_kpi_data(actor, run.client)
        return kind_for_run(run)
    return _require_kind(actor, run.kind)


@transaction.atomic
def import_apply(*, actor: Any, run: ImportRun) -> ImportRun:
    """Import a checked file for real, all rows or none: when a row fails now
    (the data changed since the check) nothing is imported and the run is
    marked failed with the rows' errors."""
    spec = _require_run(actor, run)
    locked = ImportRun.objects.select_for_update().get(pk=run.pk)
    if not locked.can_be_imported:
        raise ImportNotReadyError(
            _("Only a checked file without errors can be imported.")
        )
    try:
        with locked.file.open("rb") as stored:
            content = stored.read()
    except (OSError, ValueError):
        raise ImportNotReadyError(_("The uploaded file is no longer stored.")) from None
    table = read_table(locked.filename, content, is_header=spec.is_header)
    columns, _ignored = _columns(spec, table.header)
    with transaction.atomic():
        outcome = _run_rows(actor, spec, columns, table)
        if outcome.counts[ERROR]:
            transaction.set_rollback(True)
    failed = bool(outcome.counts[ERROR])
    _record(
        locked,
        outcome,
        ImportRun.Status.FAILED if failed else ImportRun.Status.IMPORTED,
    )
    locked.imported_by = actor
    locked.imported_at = timezone.now()
    locked.save()
    return locked


def _columns(spec: Kind, header: Sequence[str]) -> tuple[list[str | None], list[str]]:
    """Each header's column of the kind (None: ignored), and the ignored
    headers; refused when a required column is missing."""
    names: dict[str, str] = {}
    for column in spec.columns:
        for text in (column.name, str(column.label), *column.aliases):
            names.setdefault(header_key(text), column.name)
    mapped: list[str | None] = []
    ignored: list[str] = []
    for text in header:
        name = names.get(header_key(text))
        if name is None or name in mapped:
            mapped.append(None)
            if text:
                ignored.append(text)
        else:
            mapped.append(name)
    missing = [
        str(c.label) for c in spec.columns if c.required and c.name not in mapped
    ]
    if missing:
        raise ImportFileRefusedError(
            _("The file has no column %(columns)s.") % {"columns": ", ".join(missing)}
        )
    spec.check_columns(mapped)
    return mapped, ignored


def _run_rows(
    actor: Any, spec: Kind, columns: Sequence[str | None], table: Table
) -> Outcome:
    ctx = Context(actor=actor, viewer=viewer_for_user(actor) if actor else SYSTEM)
    spec.prepare(ctx, list(columns))
    outcome = Outcome()
    seen: dict[tuple, int] = {}
    for number, cells in table.rows:
        values = {
            name: cells[i] if i < len(cells) else ""
            for i, name in enumerate(columns)
            if name
        }
        action, messages, notes = ERROR, [], []
        try:
            with transaction.atomic():
                row = spec.clean(ctx, values)
                if row.key in seen:
                    raise RowInvalidError(
                        _("The same as row %(row)d.") % {"row": seen[row.key]}
                    )
                seen[row.key] = number
                action = spec.apply(ctx, row)
                notes = row.notes
        except RowInvalidError as invalid:
            action, messages = ERROR, invalid.messages
        except DomainError as refusal:
            action, messages = ERROR, [refusal.message]
        except ValidationError as invalid:
            action, messages = ERROR, list(invalid.messages)
        except PermissionDenied:
            action, messages = ERROR, [_("You may not make this change.")]
        except IntegrityError:
            action, messages = (
                ERROR,
                [_("The row conflicts with data changed meanwhile.")],
            )
        outcome.counts[action] += 1
        outcome.results.append(
            {
                "row": number,
                "action": action,
                "summary": _summary(spec, values),
                "messages": messages or notes,
            }
        )
    return outcome


def _summary(spec: Kind, values: dict[str, str]) -> str:
    required = [c.name for c in spec.columns if c.required][:2]
    return " · ".join(values.get(name, "") for name in required if values.get(name))


def _record(run: ImportRun, outcome: Outcome, status: str) -> None:
    run.status = status
    run.results = outcome.results
    run.rows = len(outcome.results)
    run.created = outcome.counts[CREATE]
    run.updated = outcome.counts[UPDATE]
    run.unchanged = outcome.counts[UNCHANGED]
    run.errors = outcome.counts[ERROR]


# Why a push was refused, kept in its run's options ("refused").
PUSH_SIGNATURE, PUSH_TOO_LARGE, PUSH_MALFORMED = "signature", "too_large", "malformed"


def kpi_push_receive(
    *, token: str, timestamp: str | None, signature: str | None, body: bytes
) -> ImportRun:
    """Take the points a script pushes to a client's push address: all of
    them or none. Every push is kept as an import run, a refused one (address
    or signature not proven, too large, malformed) with why, for review."""
    run = ImportRun(kind=ImportRun.Kind.KPI_DATA, filename="push.json", size=len(body))
    if len(body) > settings.KPI_PUSH_MAX_BYTES:
        return _push_refused(
            run,
            b"",
            PUSH_TOO_LARGE,
            _("The body is larger than the limit of %(size)s.")
            % {"size": filesizeformat(settings.KPI_PUSH_MAX_BYTES)},
        )
    client_id = kpi_selectors.push_client_for(
        token, timestamp=timestamp, body=body, signature=signature
    )
    if client_id is None:
        return _push_refused(
            run,
            body,
            PUSH_SIGNATURE,
            _("The push address or the body's signature is not valid."),
        )
    run.client = Client.objects.get(pk=client_id)
    try:
        slug, table = _push_table(body)
        run.options = {
            "source": PUSH_SOURCE,
            "date_column": "day",
            "date_format": "iso",
            "columns": {"value": slug},
        }
        spec = kind_for_run(run)
        columns, _ignored = _columns(spec, table.header)
    except ImportFileRefusedError as refusal:
        return _push_refused(run, body, PUSH_MALFORMED, refusal.message)
    run.file.save(run.filename, ContentFile(body), save=False)
    with transaction.atomic():
        outcome = _run_rows(None, spec, columns, table)
        failed = bool(outcome.counts[ERROR])
        if failed:
            transaction.set_rollback(True)
    _record(
        run, outcome, ImportRun.Status.FAILED if failed else ImportRun.Status.IMPORTED
    )
    run.imported_at = timezone.now()
    run.save()
    return run


def _push_refused(run: ImportRun, body: bytes, why: str, message: str) -> ImportRun:
    run.status = ImportRun.Status.REFUSED
    run.message = message
    run.options = {**run.options, "refused": why}
    if body:
        run.file.save(run.filename, ContentFile(body), save=False)
    run.save()
    return run


def _push_table(body: bytes) -> tuple[str, Table]:
    """A push's metric and its points as a table of day and value."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise ImportFileRefusedError(_("The body is not JSON.")) from None
    points = data.get("points") if isinstance(data, dict) else None
    slug = data.get("kpi") if isinstance(data, dict) else None
    if not isinstance(slug, str) or not isinstance(points, list) or not points:
        raise ImportFileRefusedError(
            _('The body is not {"kpi": "<metric>", "points": [{"day", "value"}…]}.')
        )
    if len(points) > settings.KPI_PUSH_MAX_POINTS:
        raise ImportFileRefusedError(
            _("A push holds at most %(count)d points.")
            % {"count": settings.KPI_PUSH_MAX_POINTS}
        )
    rows = []
    for number, point in enumerate(points, start=1):
        if not isinstance(point, dict):
            point = {}
        value = point.get("value", "")
        day = point.get("day", "")
        rows.append(
            (
                number,
                [
                    day if isinstance(day, str) else "",
                    str(value) if isinstance(value, int | float | str) else "",
                ],
            )
        )
    return slug[:40], Table(header=["day", "value"], rows=rows)
