"""Re-encrypt every stored secret with the first key of SECRETS_KEY.

Key rotation: put the new key first (``SECRETS_KEY="NEW,OLD"``), run this
command, then drop the old key (``SECRETS_KEY="NEW"``). The columns are the
ones apps registered with ``core.secrets.register_secret_field``.

Rows are walked by primary key in batches of ``BATCH`` (one transaction per
batch, rows locked while they are rewritten), so an interrupted run keeps the
batches it finished; a token the first key already reads is left as it is,
so running the command again only does what is left.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q

from agencydesk.core import secrets
from agencydesk.core.errors import SecretsKeyMissingError, SecretUnreadableError

BATCH = 500


def _batches(ids: Iterator[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for pk in ids:
        batch.append(pk)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


class Command(BaseCommand):
    help = (
        "Re-encrypt every stored secret with the first key of SECRETS_KEY "
        "(after putting a new key first); safe to run again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not secrets.secrets_enabled():
            raise CommandError(str(SecretsKeyMissingError().message))
        verbose = options["verbosity"] > 0
        unreadable: list[str] = []
        rotated = 0
        for label, field in secrets.secret_fields():
            model = apps.get_model(label)
            manager = model._default_manager
            stored = manager.exclude(Q(**{field: ""}) | Q(**{f"{field}__isnull": True}))
            total = stored.count()
            done = 0
            ids = stored.order_by("pk").values_list("pk", flat=True)
            for batch in _batches(ids.iterator(chunk_size=BATCH), BATCH):
                with transaction.atomic():
                    rows = (
                        manager.select_for_update()
                        .filter(pk__in=batch)
                        .values_list("pk", field)
                    )
                    for pk, token in rows:
                        if not token or secrets.is_current(token):
                            continue
                        try:
                            fresh = secrets.rotate(token)
                        except SecretUnreadableError:
                            unreadable.append(f"{label} {pk}")
                            continue
                        manager.filter(pk=pk).update(**{field: fresh})
                        rotated += 1
                done += len(batch)
                if verbose:
                    self.stdout.write(f"{label}.{field}: {done}/{total}")
            if verbose and not total:
                self.stdout.write(f"{label}.{field}: 0/0")
        if verbose:
            self.stdout.write(f"{rotated} secret(s) re-encrypted with the first key.")
        if unreadable:
            raise CommandError(
                f"{len(unreadable)} secret(s) could not be read with any key "
                f"of SECRETS_KEY (left as they are): {', '.join(unreadable)}. "
                "Keep the old key until they are resolved."
            )
