import pytest

from agencydesk.clients.services import team_member_add
from agencydesk.people.roles import Role
from tests.factories.people import make_staff


@pytest.fixture
def lead(db):
    return make_staff(Role.AGENCY_LEAD, full_name="Lena Lead")


@pytest.fixture
def own_manager(client_a):
    """An account manager on client A's team."""
    person = make_staff(Role.ACCOUNT_MANAGER, full_name="Omar Own")
    team_member_add(actor=None, client=client_a, user=person, role="account_manager")
    return person


@pytest.fixture
def other_manager(client_b):
    """An account manager on client B's team only."""
    person = make_staff(Role.ACCOUNT_MANAGER, full_name="Olga Other")
    team_member_add(actor=None, client=client_b, user=person, role="account_manager")
    return person
