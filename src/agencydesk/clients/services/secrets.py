"""Encryption of access secrets at rest (Fernet, key from the environment).

The key is ``settings.SECRETS_KEY`` (a urlsafe base64 Fernet key, from the
``SECRETS_KEY`` environment variable). A malformed key is a start-up error
(``check_secrets_key``, a Django system check); a missing one only disables
secrets, refused with a clear message when someone tries to store or read one.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

from ..errors import SecretsKeyMissingError, SecretUnreadableError

try:  # Guarded so the app still loads where the package is missing.
    from cryptography.fernet import Fernet, InvalidToken
except ImportError:  # pragma: no cover - depends on the installation
    Fernet = None
    InvalidToken = Exception


def _key() -> str:
    return getattr(settings, "SECRETS_KEY", None) or ""


def _fernet() -> Any:
    key = _key()
    if not key or Fernet is None:
        raise SecretsKeyMissingError
    return Fernet(key.encode())


def secrets_enabled() -> bool:
    """Whether secrets can be stored (a key is configured and usable)."""
    return bool(_key()) and Fernet is not None


def encrypt(plain: str) -> str:
    """The Fernet token of ``plain``."""
    return _fernet().encrypt(plain.encode()).decode()


def decrypt(token: str) -> str:
    """The plain text of a Fernet token made with the configured key."""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise SecretUnreadableError from None


@checks.register(checks.Tags.security)
def check_secrets_key(
    app_configs: Any = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """Report a missing or malformed SECRETS_KEY when the project starts."""
    key = _key()
    if Fernet is None:
        return [
            checks.Warning(
                "The cryptography package is missing: access secrets are disabled.",
                id="clients.W002",
            )
        ]
    if not key:
        return [
            checks.Warning(
                "SECRETS_KEY is not set: access secrets cannot be stored or revealed.",
                hint="Generate one with: python -c 'from cryptography.fernet "
                "import Fernet; print(Fernet.generate_key().decode())'",
                id="clients.W001",
            )
        ]
    try:
        Fernet(key.encode())
    except (ValueError, TypeError):
        return [
            checks.Error(
                "SECRETS_KEY is not a valid Fernet key (32 url-safe base64 bytes).",
                id="clients.E001",
            )
        ]
    return []
