"""Secrets at rest (core.secrets): Fernet with key rotation."""

import pytest
from cryptography.fernet import Fernet
from django.core import checks

from agencydesk.core import secrets
from agencydesk.core.errors import SecretsKeyMissingError, SecretUnreadableError

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def test_a_secret_round_trips(settings):
    settings.SECRETS_KEY = OLD
    token = secrets.encrypt("hunter2 — пароль")
    assert token != "hunter2 — пароль"
    assert secrets.decrypt(token) == "hunter2 — пароль"


def test_rotation_reads_old_tokens_and_rewrites_them_with_the_new_key(settings):
    settings.SECRETS_KEY = OLD
    token = secrets.encrypt("s3cret")
    settings.SECRETS_KEY = f"{NEW},{OLD}"
    assert secrets.decrypt(token) == "s3cret"
    rotated = secrets.rotate(token)
    settings.SECRETS_KEY = NEW
    assert secrets.decrypt(rotated) == "s3cret"
    with pytest.raises(SecretUnreadableError):
        secrets.decrypt(token)


def test_no_key_refuses_with_a_clear_message(settings):
    settings.SECRETS_KEY = ""
    assert not secrets.secrets_enabled()
    with pytest.raises(SecretsKeyMissingError, match="SECRETS_KEY"):
        secrets.encrypt("x")


def test_the_start_up_check_names_a_bad_key(settings):
    settings.SECRETS_KEY = ""
    assert [m.id for m in secrets.check_secrets_key()] == ["core.W001"]
    settings.SECRETS_KEY = f"{NEW},not-a-key"
    assert [(m.id, m.level) for m in secrets.check_secrets_key()] == [
        ("core.E001", checks.ERROR)
    ]
    settings.SECRETS_KEY = f"{NEW},{OLD}"
    assert secrets.check_secrets_key() == []
