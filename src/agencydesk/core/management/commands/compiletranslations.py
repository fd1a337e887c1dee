"""Compile the .po catalogues to .mo with polib (no GNU gettext needed)."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile the translation catalogues (.po → .mo) of every language."

    def handle(self, *args, **options) -> None:
        catalogues = sorted(
            po
            for path in settings.LOCALE_PATHS
            for po in Path(path).glob("*/LC_MESSAGES/*.po")
        )
        for index, po_path in enumerate(catalogues, 1):
            catalogue = polib.pofile(str(po_path))
            catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
            if options["verbosity"] > 0:
                self.stdout.write(
                    f"[{index}/{len(catalogues)}] {po_path.parent.parent.name}: "
                    f"{catalogue.percent_translated()}% translated"
                )
