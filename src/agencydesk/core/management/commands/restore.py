"""Put a backup back into the configured database and storage, then prove it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from agencydesk.core.backups.errors import BackupError
from agencydesk.core.backups.restore import backup_restore


class Command(BaseCommand):
    help = (
        "Restore an archive of `agencydesk backup` into the configured database "
        "and file storage, then check every table's row count and every file's "
        "SHA-256 against its manifest. Refuses a database or storage that is not "
        "empty unless --force. Stop the web server and workers first."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", metavar="PATH", help="The backup archive.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace what the database and storage hold.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            backup_restore(
                Path(options["path"]), force=options["force"], say=self.stdout.write
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
