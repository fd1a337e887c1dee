"""Secrets at rest (access secrets, the IMAP password): Fernet with rotation.

``settings.SECRETS_KEY`` holds one Fernet key, or several separated by commas:
the first encrypts, every one decrypts (``MultiFernet``). To rotate, put the
new key first, run ``agencydesk rotate_secrets`` (every stored secret is
re-encrypted with the new key), then drop the old key. Apps name the columns
that hold secrets with ``register_secret_field`` (in their ``ready()``), so
the command finds them without core importing any app.

A malformed key is a start-up error (a Django system check); a missing one only
disables secrets, refused with a clear message when someone stores or reads one.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

from .errors import SecretsKeyMissingError, SecretUnreadableError

try:  # Guarded so the project still loads where the package is missing.
    from cryptography.fernet import Fernet, InvalidToken, MultiFernet
except ImportError:  # pragma: no cover - depends on the installation
    Fernet = MultiFernet = None
    InvalidToken = Exception


def _keys() -> list[str]:
    raw = getattr(settings, "SECRETS_KEY", None) or ""
    return [key.strip() for key in raw.split(",") if key.strip()]


def _fernet() -> Any:
    keys = _keys()
    if not keys or Fernet is None:
        raise SecretsKeyMissingError
    return MultiFernet([Fernet(key.encode()) for key in keys])


# (model label, field name) of every column holding a token of this module.
_SECRET_FIELDS: list[tuple[str, str]] = []


def register_secret_field(model_label: str, field_name: str) -> None:
    """Name a model's column that stores tokens of ``encrypt`` (for example
    ``register_secret_field("clients.AccessEntry", "secret_encrypted")``), so
    that ``rotate_secrets`` re-encrypts it. Registering twice is harmless."""
    entry = (model_label, field_name)
    if entry not in _SECRET_FIELDS:
        _SECRET_FIELDS.append(entry)


def secret_fields() -> tuple[tuple[str, str], ...]:
    """The registered (model label, field name) pairs, in registration order."""
    return tuple(_SECRET_FIELDS)


def secrets_enabled() -> bool:
    """Whether secrets can be stored (a key is configured and usable)."""
    return bool(_keys()) and Fernet is not None


def encrypt(plain: str) -> str:
    """The Fernet token of ``plain``, made with the first key."""
    return _fernet().encrypt(plain.encode()).decode()


def decrypt(token: str) -> str:
    """The plain text of a token made with any of the configured keys."""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise SecretUnreadableError from None


def rotate(token: str) -> str:
    """The token re-encrypted with the first key (unchanged plain text)."""
    try:
        return _fernet().rotate(token.encode()).decode()
    except InvalidToken:
        raise SecretUnreadableError from None


def is_current(token: str) -> bool:
    """Whether the first key (the one ``encrypt`` uses) reads ``token``: such
    a token needs no rotation."""
    keys = _keys()
    if not keys or Fernet is None:
        raise SecretsKeyMissingError
    try:
        Fernet(keys[0].encode()).decrypt(token.encode())
    except InvalidToken:
        return False
    return True


@checks.register(checks.Tags.security)
def check_secrets_key(
    app_configs: Any = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """Report a missing or malformed SECRETS_KEY when the project starts."""
    if Fernet is None:
        return [
            checks.Warning(
                "The cryptography package is missing: stored secrets are disabled.",
                id="core.W002",
            )
        ]
    keys = _keys()
    if not keys:
        return [
            checks.Warning(
                "SECRETS_KEY is not set: secrets cannot be stored or revealed.",
                hint="Generate one with: python -c 'from cryptography.fernet "
                "import Fernet; print(Fernet.generate_key().decode())'",
                id="core.W001",
            )
        ]
    for key in keys:
        try:
            Fernet(key.encode())
        except (ValueError, TypeError):
            return [
                checks.Error(
                    "SECRETS_KEY holds a key that is not a valid Fernet key "
                    "(32 url-safe base64 bytes; several keys are separated by "
                    "commas).",
                    id="core.E001",
                )
            ]
    return []
