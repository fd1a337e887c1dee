"""The IMAP password is stored encrypted, typed in the admin, rotated with the key."""

import importlib
import io

import pytest
from cryptography.fernet import Fernet
from django.apps import apps as django_apps
from django.core.management import call_command

from agencydesk.comms.models import Mailbox

pytestmark = pytest.mark.django_db


def _mailbox(password: str = "imap-s3cret") -> Mailbox:
    mailbox = Mailbox(name="Desk", host="imap.example", username="desk")
    mailbox.set_password(password)
    mailbox.save()
    return mailbox


def test_the_password_is_not_stored_in_clear():
    mailbox = _mailbox()
    stored = Mailbox.objects.values_list("password", flat=True).get(pk=mailbox.pk)
    assert "imap-s3cret" not in stored
    assert Mailbox.objects.get(pk=mailbox.pk).password_plain() == "imap-s3cret"


def test_the_admin_takes_a_new_password_and_keeps_it_when_left_empty(
    as_user, admin_user
):
    mailbox = _mailbox()
    http = as_user(admin_user)
    page = http.get(f"/admin/comms/mailbox/{mailbox.pk}/change/").content.decode()
    assert "imap-s3cret" not in page and mailbox.password not in page
    form = {
        "name": "Desk",
        "host": "imap.example",
        "port": 993,
        "security": "ssl",
        "username": "desk",
        "folder": "INBOX",
        "processed_folder": "Processed",
        "failed_folder": "Failed",
        "reply_address": "desk@agency.example",
        "is_active": "on",
        "new_password": "",
    }
    http.post(f"/admin/comms/mailbox/{mailbox.pk}/change/", form)
    assert Mailbox.objects.get(pk=mailbox.pk).password_plain() == "imap-s3cret"
    http.post(
        f"/admin/comms/mailbox/{mailbox.pk}/change/", {**form, "new_password": "n3w"}
    )
    assert Mailbox.objects.get(pk=mailbox.pk).password_plain() == "n3w"


def test_rotation_re_encrypts_the_mailbox_password(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.SECRETS_KEY = old
    mailbox = _mailbox()
    settings.SECRETS_KEY = f"{new},{old}"
    call_command("rotate_secrets", stdout=io.StringIO())
    settings.SECRETS_KEY = new
    assert Mailbox.objects.get(pk=mailbox.pk).password_plain() == "imap-s3cret"


def test_the_migration_encrypts_clear_passwords_once():
    migration = importlib.import_module(
        "agencydesk.comms.migrations.0005_mailbox_password_encrypted"
    )
    mailbox = _mailbox()
    Mailbox.objects.filter(pk=mailbox.pk).update(password="plain-before")
    migration.encrypt_plain_passwords(django_apps, None)
    once = Mailbox.objects.values_list("password", flat=True).get(pk=mailbox.pk)
    migration.encrypt_plain_passwords(django_apps, None)
    assert Mailbox.objects.values_list("password", flat=True).get(pk=mailbox.pk) == once
    assert Mailbox.objects.get(pk=mailbox.pk).password_plain() == "plain-before"
