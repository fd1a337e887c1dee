import pytest
from cryptography.fernet import Fernet

from agencydesk.clients.services import team_member_add
from agencydesk.people.roles import Role
from tests.factories.people import make_staff


@pytest.fixture(autouse=True)
def _media_and_key(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SECRETS_KEY = Fernet.generate_key().decode()


@pytest.fixture
def finance_user(db):
    return make_staff(Role.FINANCE, full_name="Fiona Finance")


@pytest.fixture
def am_a(client_a, manager):
    """``manager`` as the account manager of client A (only)."""
    team_member_add(actor=None, client=client_a, user=manager, role="account_manager")
    return manager
