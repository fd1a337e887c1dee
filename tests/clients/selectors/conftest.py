"""Viewers for the selectors' tests: the agency on need-to-know ("own
clients"), a specialist working on Alpha Coffee (in scope) and one working
on Beta Honey only (Alpha is out of their scope), and the two clients'
contacts."""

import pytest

from agencydesk.clients.middleware import viewer_for_user
from agencydesk.clients.services import team_member_add
from agencydesk.core.models import Agency
from agencydesk.people.roles import Role
from tests.factories.people import make_staff


@pytest.fixture
def own_scope(db):
    Agency.objects.filter(pk=1).update(staff_scope=Agency.StaffScope.OWN_CLIENTS)


@pytest.fixture
def in_scope(own_scope, client_a):
    """The viewer of a specialist on Alpha Coffee's team."""
    person = make_staff(Role.SPECIALIST, full_name="Ina Inside")
    team_member_add(actor=None, client=client_a, user=person, role="specialist")
    return viewer_for_user(person)


@pytest.fixture
def out_of_scope(own_scope, client_b):
    """The viewer of a specialist on Beta Honey's team only."""
    person = make_staff(Role.SPECIALIST, full_name="Otto Outside")
    team_member_add(actor=None, client=client_b, user=person, role="specialist")
    return viewer_for_user(person)


@pytest.fixture
def contact_viewer_a(contact_a):
    return viewer_for_user(contact_a.user)


@pytest.fixture
def contact_viewer_b(contact_b):
    return viewer_for_user(contact_b.user)
