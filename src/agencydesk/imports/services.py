"""Imports: check an uploaded file row by row without changing anything, then
import it in one transaction, every row through the pages' own services."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencydesk.clients.middleware import viewer_for_user
from agencydesk.core.access import SYSTEM, require_actor
from agencydesk.core.errors import DomainError
from agencydesk.core.files import upload_name

from .errors import ImportFileRefusedError, ImportNotReadyError, RowInvalidError
from .kinds import CREATE, ERROR, KINDS, UNCHANGED, UPDATE, Context, Kind, header_key
from .models import ImportRun
from .parsing import Table, check_size, read_table

PERMISSION = "imports.add_importrun"
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
    name = upload_name(getattr(upload, "name", ""))
    run = ImportRun(kind=kind, created_by=actor, filename=name, size=upload.size)
    try:
        check_size(upload.size)
        content = upload.read()
        run.file.save(name, ContentFile(content), save=False)
        table = read_table(name, content)
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


@transaction.atomic
def import_apply(*, actor: Any, run: ImportRun) -> ImportRun:
    """Import a checked file for real, all rows or none: when a row fails now
    (the data changed since the check) nothing is imported and the run is
    marked failed with the rows' errors."""
    spec = _require_kind(actor, run.kind)
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
    table = read_table(locked.filename, content)
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
    return mapped, ignored


def _run_rows(
    actor: Any, spec: Kind, columns: Sequence[str | None], table: Table
) -> Outcome:
    ctx = Context(actor=actor, viewer=viewer_for_user(actor) if actor else SYSTEM)
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
