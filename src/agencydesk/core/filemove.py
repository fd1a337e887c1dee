"""Copying every stored file from one store to another (``agencydesk
movefiles``): the local disk to the object store when an installation grows
past one machine, and back.

The files are the ones the database names (every ``FileField`` of every
model on the default storage), under the same names, so no row changes. A
file already at the destination with the same size and SHA-256 is skipped,
which makes a run resumable: run it again after an interruption, or once more
after switching the web nodes over, to pick up what was uploaded meanwhile.
The source is deleted only when asked, and only after the copy was read back
from the destination and its SHA-256 matched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.files.storage import Storage, default_storage
from django.db import models

from .storage import file_sha256, read_sha256

Say = Callable[[str], None]


@dataclass
class MoveReport:
    total: int = 0
    total_bytes: int = 0
    copied: int = 0
    copied_bytes: int = 0
    present: int = 0
    deleted: int = 0
    missing: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def stored_file_names() -> list[str]:
    """Every name a file field of the default storage holds, once, sorted."""
    names: set[str] = set()
    for model in apps.get_models():
        for model_field in model._meta.concrete_fields:
            if not isinstance(model_field, models.FileField):
                continue
            if model_field.storage is not default_storage:
                continue
            column = model_field.attname
            rows = (
                model._base_manager.exclude(**{column: ""})
                .exclude(**{f"{column}__isnull": True})
                .values_list(column, flat=True)
                .distinct()
            )
            names.update(rows.iterator(chunk_size=2000))
    return sorted(names)


def _inventory(storage: Storage, names: list[str]) -> dict[str, int]:
    """Each stored name's size, in bulk where the store can list."""
    inventory = getattr(storage, "inventory", None)
    if inventory is not None:
        return inventory(names)
    sizes = {}
    for name in names:
        if storage.exists(name):
            sizes[name] = storage.size(name)
    return sizes


def human_bytes(count: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if count < 1024 or unit == "GB":
            return f"{count:.0f} {unit}" if unit == "B" else f"{count:.1f} {unit}"
        count /= 1024
    return f"{count:.1f} TB"  # pragma: no cover


def _copy(source: Storage, destination: Storage, name: str, replace: bool) -> None:
    if replace:
        # A partial or different file under the name: the copy takes its place.
        destination.delete(name)
    with source.open(name, "rb") as handle:
        saved = destination.save(name, handle)
    if saved != name:
        destination.delete(saved)
        raise OSError(f"the destination stored it as {saved}")


def move_files(
    source: Storage,
    destination: Storage,
    *,
    names: list[str] | None = None,
    dry_run: bool = False,
    delete_source: bool = False,
    say: Say = lambda _line: None,
) -> MoveReport:
    """Copy ``names`` (every stored file by default) from ``source`` to
    ``destination``; ``say`` hears a line per file and the totals. A store that
    cannot be reached stops the run with ``StorageUnavailableError``: what was
    copied stays copied, and the next run skips it."""
    names = stored_file_names() if names is None else names
    at_source = _inventory(source, names)
    at_destination = _inventory(destination, names)
    report = MoveReport(total=len(names), total_bytes=sum(at_source.values()))
    done_bytes = 0
    width = len(str(report.total))
    for number, name in enumerate(names, start=1):
        size = at_source.get(name)
        there = at_destination.get(name)
        done_bytes += size or 0
        progress = (
            f"[{number:>{width}}/{report.total}] {{}} {name} "
            f"({human_bytes(done_bytes)} of {human_bytes(report.total_bytes)})"
        )
        if size is None:
            if there is None:
                report.missing.append(name)
                say(progress.format("MISSING (at neither store)"))
            else:
                report.present += 1
                say(progress.format("already there (not at the source)"))
            continue
        source_sha = None
        if there == size:
            source_sha = file_sha256(source, name)
            if file_sha256(destination, name) == source_sha:
                report.present += 1
                outcome = "already there"
                if delete_source and not dry_run:
                    outcome += _delete_verified(
                        source, destination, name, source_sha, report
                    )
                say(progress.format(outcome))
                continue
        if dry_run:
            report.copied += 1
            report.copied_bytes += size
            say(progress.format(f"would copy {human_bytes(size)}"))
            continue
        try:
            _copy(source, destination, name, replace=there is not None)
            copied = _inventory(destination, [name]).get(name)
            if copied != size:
                raise OSError(f"{copied} bytes arrived of {size}")
        except OSError as error:
            report.failed.append(f"{name}: {error}")
            say(progress.format(f"FAILED ({error})"))
            continue
        report.copied += 1
        report.copied_bytes += size
        outcome = f"copied {human_bytes(size)}"
        if delete_source:
            source_sha = source_sha or read_sha256(source, name)
            outcome += _delete_verified(source, destination, name, source_sha, report)
        say(progress.format(outcome))
    return report


def _delete_verified(
    source: Storage,
    destination: Storage,
    name: str,
    source_sha: str,
    report: MoveReport,
) -> str:
    """Delete the source only once the destination's bytes, read back, hash
    to the source's SHA-256; says what became of the source."""
    if read_sha256(destination, name) != source_sha:
        report.failed.append(f"{name}: the copy's SHA-256 differs; source kept")
        return ", FAILED verification: source kept"
    source.delete(name)
    report.deleted += 1
    return ", verified, source deleted"


def summary(report: MoveReport, *, dry_run: bool) -> str:
    verb = "would copy" if dry_run else "copied"
    line = (
        f"{report.total} files: {verb} {report.copied} "
        f"({human_bytes(report.copied_bytes)}), {report.present} already there, "
        f"{len(report.missing)} missing, {len(report.failed)} failed"
    )
    if report.deleted:
        line += f", {report.deleted} deleted at the source"
    return line + "."


def describe(storage: Any) -> str:
    if getattr(storage, "kind", "") == "s3":
        where = storage.bucket_name + (
            f"/{storage.location}" if storage.location else ""
        )
        return f"the object store (s3://{where})"
    return f"the local disk ({getattr(storage, 'location', '?')})"
