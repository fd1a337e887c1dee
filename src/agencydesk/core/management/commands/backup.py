"""Write one archive with the database, every stored file and a manifest."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from agencydesk.core.backups.create import backup_create
from agencydesk.core.backups.errors import BackupError


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump, or SQLite's online backup) and every "
        "stored file into one .tar.gz with a manifest; safe while the app runs. "
        "The keys (SECRET_KEY, SECRETS_KEY) are not included."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--output",
            metavar="PATH",
            help="The archive to write, or a folder to write it into "
            "(default: agencydesk-backup-<date>-<time>.tar.gz here).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            backup_create(options["output"], say=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from None
