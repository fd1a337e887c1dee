import pytest
from cryptography.fernet import Fernet
from django.core import checks
from django.core.exceptions import PermissionDenied

from agencydesk.clients.errors import AccessStateError
from agencydesk.clients.models import AccessEntry
from agencydesk.clients.services import access as inventory
from agencydesk.clients.services import team_member_add
from agencydesk.core.errors import SecretsKeyMissingError, SecretUnreadableError
from agencydesk.core.models import Event
from agencydesk.core.secrets import check_secrets_key
from agencydesk.people.roles import Role
from tests.factories.people import make_staff

pytestmark = pytest.mark.django_db

KEY = Fernet.generate_key().decode()


@pytest.fixture
def key(settings):
    settings.SECRETS_KEY = KEY
    return KEY


def _entry(client, actor, **fields):
    fields.setdefault("platform", "Google Ads")
    fields.setdefault("kind", "ads")
    return inventory.access_entry_create(actor=actor, client=client, **fields)


def test_the_secret_is_stored_encrypted_and_revealed_with_a_log_line(
    key, client_a, manager
):
    team_member_add(actor=None, client=client_a, user=manager, role="account_manager")
    entry = _entry(client_a, manager, secret="hunter2", account_id="123-456")

    stored = AccessEntry.objects.get(pk=entry.pk).secret_encrypted
    assert "hunter2" not in stored
    assert Fernet(key.encode()).decrypt(stored.encode()) == b"hunter2"
    assert inventory.access_secret_reveal(actor=manager, entry=entry) == "hunter2"
    revealed = Event.objects.get(verb="client.access_secret_revealed")
    assert (revealed.actor, revealed.target_repr, revealed.data) == (
        manager,
        "Google Ads",
        {},
    )
    # The secret is in no timeline event.
    assert not Event.objects.filter(search_text__contains="hunter2").exists()


def test_revealing_without_the_permission_is_refused_and_not_logged(
    key, client_a, manager, specialist
):
    entry = _entry(client_a, manager, secret="hunter2")
    with pytest.raises(PermissionDenied):
        inventory.access_secret_reveal(actor=specialist, entry=entry)
    assert not Event.objects.filter(verb="client.access_secret_revealed").exists()


def test_without_a_key_a_secret_is_refused_clearly(settings, client_a, manager):
    settings.SECRETS_KEY = ""
    with pytest.raises(SecretsKeyMissingError):
        _entry(client_a, manager, secret="hunter2")
    assert AccessEntry.objects.count() == 0


def test_a_secret_stored_with_another_key_cannot_be_read(
    settings, key, client_a, manager
):
    team_member_add(actor=None, client=client_a, user=manager, role="account_manager")
    entry = _entry(client_a, manager, secret="hunter2")
    settings.SECRETS_KEY = Fernet.generate_key().decode()
    with pytest.raises(SecretUnreadableError):
        inventory.access_secret_reveal(actor=manager, entry=entry)


def test_the_start_up_check_reports_a_missing_or_malformed_key(settings):
    settings.SECRETS_KEY = ""
    assert [m.id for m in check_secrets_key()] == ["core.W001"]
    settings.SECRETS_KEY = "not-a-key"
    assert [(m.id, m.level) for m in check_secrets_key()] == [
        ("core.E001", checks.ERROR)
    ]
    settings.SECRETS_KEY = KEY
    assert check_secrets_key() == []


def test_state_moves_record_who_and_when(client_a, manager):
    entry = _entry(client_a, manager)
    inventory.access_entry_set_state(actor=manager, entry=entry, state="granted")
    inventory.access_entry_set_state(actor=manager, entry=entry, state="revoked")

    entry.refresh_from_db()
    assert (entry.state, entry.state_changed_by) == ("revoked", manager)
    assert entry.state_changed_at is not None
    with pytest.raises(AccessStateError) as error:
        inventory.access_entry_set_state(actor=manager, entry=entry, state="granted")
    assert error.value.message == "An access that is Revoked cannot become Granted."
    assert AccessEntry.objects.get(pk=entry.pk).state == "revoked"


# --- Issue #19: revealing is for the client's own team and leads or admins ----


@pytest.mark.parametrize(
    ("role", "on_team", "may_reveal"),
    [
        (Role.ACCOUNT_MANAGER, True, True),
        (Role.ACCOUNT_MANAGER, False, False),
        (Role.AGENCY_LEAD, False, True),
        (Role.ADMIN, False, True),
        (Role.SPECIALIST, True, False),
        (Role.FINANCE, False, False),
    ],
)
def test_only_the_clients_team_and_leads_or_admins_reveal(
    key, client_a, client_b, role, on_team, may_reveal
):
    person = make_staff(role)
    # Everyone is on some team: being on another client's does not count.
    team_member_add(actor=None, client=client_b, user=person, role="account_manager")
    if on_team:
        team_member_add(actor=None, client=client_a, user=person, role="specialist")
    entry = _entry(client_a, None, secret="hunter2")

    if may_reveal:
        assert inventory.access_secret_reveal(actor=person, entry=entry) == "hunter2"
    else:
        with pytest.raises(PermissionDenied):
            inventory.access_secret_reveal(actor=person, entry=entry)
    logged = Event.objects.filter(verb="client.access_secret_revealed")
    assert list(logged.values_list("actor", flat=True)) == (
        [person.pk] if may_reveal else []
    )
