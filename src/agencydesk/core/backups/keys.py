"""Whether this install's SECRETS_KEY reads the stored secrets it now holds."""

from __future__ import annotations

from django.apps import apps
from django.db.models import Q

from agencydesk.core import secrets
from agencydesk.core.errors import SecretsKeyMissingError, SecretUnreadableError


def unreadable_secrets() -> str:
    """A sentence naming the first column whose stored secret the configured
    SECRETS_KEY cannot read (one row per column is tried), or ``""``."""
    for label, field in secrets.secret_fields():
        model = apps.get_model(label)
        token = (
            model._default_manager.exclude(
                Q(**{field: ""}) | Q(**{f"{field}__isnull": True})
            )
            .values_list(field, flat=True)
            .first()
        )
        if not token:
            continue
        try:
            secrets.decrypt(token)
        except SecretsKeyMissingError:
            return "SECRETS_KEY is not set, so the stored secrets cannot be read"
        except SecretUnreadableError:
            return (
                f"the configured SECRETS_KEY cannot read the stored secrets "
                f"({label}.{field})"
            )
    return ""
