"""``agencydesk rotate_secrets`` (core.management.commands.rotate_secrets):
every registered secret column re-encrypted with the first key, in batches,
safe to run again."""

from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core import checks
from django.core.management import CommandError, call_command

from agencydesk.core import secrets
from agencydesk.core.management.commands import rotate_secrets
from agencydesk.core.models import Notification
from tests.factories.people import make_staff

pytestmark = pytest.mark.django_db

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


@pytest.fixture
def registry(monkeypatch):
    """Only a core column, so the command is tested without any domain app."""
    monkeypatch.setattr(secrets, "_SECRET_FIELDS", [])
    secrets.register_secret_field("core.Notification", "body")
    secrets.register_secret_field("core.Notification", "body")  # harmless twice
    return secrets.secret_fields()


def _stored(n, plain="pw"):
    person = make_staff()
    return [
        Notification.objects.create(
            recipient=person, verb="t", title=f"n{i}", body=secrets.encrypt(plain)
        )
        for i in range(n)
    ]


def _run(**options):
    out = StringIO()
    call_command("rotate_secrets", stdout=out, **options)
    return out.getvalue().splitlines()


def _first_key_reads_all():
    return all(
        secrets.is_current(body)
        for body in Notification.objects.values_list("body", flat=True)
        if body
    )


def test_every_secret_is_rewritten_with_the_first_key_batch_by_batch(
    settings, registry, monkeypatch
):
    assert registry == (("core.Notification", "body"),)
    settings.SECRETS_KEY = OLD
    rows = _stored(5)
    person = rows[0].recipient
    Notification.objects.create(recipient=person, verb="t", title="empty", body="")
    monkeypatch.setattr(rotate_secrets, "BATCH", 2)
    settings.SECRETS_KEY = f"{NEW},{OLD}"

    lines = _run()

    assert lines == [
        "core.Notification.body: 2/5",
        "core.Notification.body: 4/5",
        "core.Notification.body: 5/5",
        "5 secret(s) re-encrypted with the first key.",
    ]
    settings.SECRETS_KEY = NEW
    assert [secrets.decrypt(r.body) for r in Notification.objects.exclude(body="")] == [
        "pw"
    ] * 5
    assert Notification.objects.get(title="empty").body == ""


def test_a_second_run_only_does_what_is_left(settings, registry):
    settings.SECRETS_KEY = OLD
    done, left = _stored(1), _stored(1)
    settings.SECRETS_KEY = f"{NEW},{OLD}"
    # As if an interrupted run had rewritten the first row only.
    Notification.objects.filter(pk=done[0].pk).update(body=secrets.rotate(done[0].body))
    rewritten = Notification.objects.get(pk=done[0].pk).body

    assert _run()[-1] == "1 secret(s) re-encrypted with the first key."
    assert Notification.objects.get(pk=done[0].pk).body == rewritten
    assert Notification.objects.get(pk=left[0].pk).body != left[0].body
    assert _run()[-1] == "0 secret(s) re-encrypted with the first key."
    assert _first_key_reads_all()


def test_a_secret_no_key_reads_is_named_and_the_others_still_rotate(settings, registry):
    settings.SECRETS_KEY = Fernet.generate_key().decode()
    (lost,) = _stored(1)
    settings.SECRETS_KEY = OLD
    (kept,) = _stored(1)
    settings.SECRETS_KEY = f"{NEW},{OLD}"

    with pytest.raises(CommandError, match=f"core.Notification {lost.pk}"):
        _run()

    settings.SECRETS_KEY = NEW
    assert secrets.decrypt(Notification.objects.get(pk=kept.pk).body) == "pw"
    assert Notification.objects.get(pk=lost.pk).body == lost.body


def test_without_a_key_the_command_refuses_clearly(settings, registry):
    settings.SECRETS_KEY = ""
    with pytest.raises(CommandError, match="SECRETS_KEY"):
        _run()


def test_the_start_up_check_is_registered_once_by_core():
    registered = [
        check
        for check in checks.registry.registry.get_checks(include_deployment_checks=True)
        if check.__name__ == "check_secrets_key"
    ]
    assert registered == [secrets.check_secrets_key]


def test_the_clients_app_registers_the_access_secret():
    assert ("clients.AccessEntry", "secret_encrypted") in secrets.secret_fields()
