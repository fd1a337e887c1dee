"""`agencydesk movefiles --to s3|local`: copy every stored file between the
local disk and the object store (core.filemove; docs/deployment.md)."""

from __future__ import annotations

from typing import Any

from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError

from agencydesk.core.errors import StorageUnavailableError
from agencydesk.core.filemove import describe, move_files, summary
from agencydesk.core.storage_config import LOCAL_ALIAS, OBJECT_ALIAS


class Command(BaseCommand):
    help = (
        "Copy every stored file between the local disk (MEDIA_ROOT) and the "
        "object store (STORAGE_URL or AWS_*). Resumable: files already there "
        "with the same size and SHA-256 are skipped. The source is kept unless "
        "--delete-source is given."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--to",
            required=True,
            choices=("s3", "local"),
            help="s3: from the local disk to the object store; local: back",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="say what would be copied, change nothing",
        )
        parser.add_argument(
            "--delete-source",
            action="store_true",
            help="delete each source file once its copy is read back and matches",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if OBJECT_ALIAS not in storages.backends:
            raise CommandError(
                "No object store is configured: set STORAGE_URL=s3://… or "
                "AWS_STORAGE_BUCKET_NAME (docs/deployment.md)."
            )
        local, objects = storages[LOCAL_ALIAS], storages[OBJECT_ALIAS]
        source, destination = (
            (local, objects) if options["to"] == "s3" else (objects, local)
        )
        dry_run, verbose = options["dry_run"], options["verbosity"] > 0
        if options["delete_source"] and dry_run:
            raise CommandError("--dry-run changes nothing: leave out --delete-source.")
        self.stdout.write(
            f"{'Dry run: ' if dry_run else ''}from {describe(source)} "
            f"to {describe(destination)}"
        )
        try:
            report = move_files(
                source,
                destination,
                dry_run=dry_run,
                delete_source=options["delete_source"],
                say=self.stdout.write if verbose else lambda _line: None,
            )
        except StorageUnavailableError as error:
            raise CommandError(
                f"A store cannot be reached ({error.__cause__ or error}). What was "
                "copied stays copied: run the command again to go on."
            ) from error
        self.stdout.write(summary(report, dry_run=dry_run))
        for name in report.missing:
            self.stderr.write(f"missing at both stores: {name}")
        if report.failed:
            for line in report.failed:
                self.stderr.write(f"failed: {line}")
            raise CommandError(
                f"{len(report.failed)} files failed; run the command again to retry."
            )
