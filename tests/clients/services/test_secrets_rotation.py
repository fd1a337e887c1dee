"""Access secrets follow a key rotation (core.secrets with MultiFernet and
``agencydesk rotate_secrets``): stored with key A, still revealed after the
move to key B."""

from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command

from agencydesk.clients.models import AccessEntry
from agencydesk.clients.services import access as inventory
from agencydesk.clients.services import team_member_add
from agencydesk.core.errors import SecretUnreadableError

pytestmark = pytest.mark.django_db

A, B = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def test_secrets_stored_with_the_old_key_are_revealed_after_rotation(
    settings, client_a, client_b, manager
):
    for client in (client_a, client_b):
        team_member_add(actor=None, client=client, user=manager, role="account_manager")
    settings.SECRETS_KEY = A
    entries = [
        inventory.access_entry_create(
            actor=manager, client=client, platform="Ads", secret=f"pw-{client.slug}"
        )
        for client in (client_a, client_b)
    ]
    inventory.access_entry_create(actor=manager, client=client_a, platform="Bare")

    settings.SECRETS_KEY = f"{B},{A}"
    # Both keys read the old secrets while the new key is first.
    assert inventory.access_secret_reveal(actor=manager, entry=entries[0]) == (
        "pw-alpha-coffee"
    )
    out = StringIO()
    call_command("rotate_secrets", stdout=out)
    assert "clients.AccessEntry.secret_encrypted: 2/2" in out.getvalue()

    settings.SECRETS_KEY = B
    assert [
        inventory.access_secret_reveal(actor=manager, entry=e) for e in entries
    ] == ["pw-alpha-coffee", "pw-beta-honey"]
    assert AccessEntry.objects.get(platform="Bare").secret_encrypted == ""


def test_without_rotation_dropping_the_old_key_loses_the_secret(
    settings, client_a, manager
):
    team_member_add(actor=None, client=client_a, user=manager, role="account_manager")
    settings.SECRETS_KEY = A
    entry = inventory.access_entry_create(
        actor=manager, client=client_a, platform="Ads", secret="pw"
    )
    settings.SECRETS_KEY = B
    with pytest.raises(SecretUnreadableError):
        inventory.access_secret_reveal(actor=manager, entry=entry)
