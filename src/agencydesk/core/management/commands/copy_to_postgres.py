"""Copy a SQLite install (the embedded default) into PostgreSQL."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from agencydesk.core.backups.errors import BackupError
from agencydesk.core.backups.to_postgres import copy_to_postgres


class Command(BaseCommand):
    help = (
        "Copy every row of a SQLite install into the PostgreSQL database of "
        "DATABASE_URL: migrates it, copies in dependency order, resets the "
        "sequences and compares every table's row count. Refuses a database "
        "already in use unless --force."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--from",
            dest="source",
            required=True,
            metavar="URL",
            help="The SQLite database: sqlite:////absolute/path/agencydesk.sqlite3 "
            "(or sqlite:///relative/path).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the rows of a PostgreSQL database already in use.",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=2000,
            help="Rows per INSERT batch (default 2000).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        try:
            copy_to_postgres(
                options["source"],
                force=options["force"],
                say=self.stdout.write,
                batch=options["batch_size"],
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
