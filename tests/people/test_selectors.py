"""people.selectors: the staff directory's rows."""

import pytest

from agencydesk.core.access import Viewer
from agencydesk.people import services
from agencydesk.people.roles import Role
from agencydesk.people.selectors import staff_list_for_directory
from tests.factories.clients import make_client, make_contact
from tests.factories.people import make_staff

pytestmark = pytest.mark.django_db


def _names(viewer, **filters):
    return [u.full_name for u in staff_list_for_directory(viewer=viewer, **filters)]


@pytest.fixture
def staff():
    return {
        "ada": make_staff(Role.ADMIN, full_name="Ada Admin", email="ada@agency.test"),
        "rina": make_staff(Role.ACCOUNT_MANAGER, full_name="Rina Wijaya"),
        "sam": make_staff(Role.SPECIALIST, full_name="Sam Specialist"),
    }


def test_staff_see_every_active_colleague_by_name(staff):
    viewer = Viewer(user=staff["sam"], is_staff=True)
    assert _names(viewer) == ["Ada Admin", "Rina Wijaya", "Sam Specialist"]


def test_search_by_name_or_address_and_filter_by_role(staff):
    viewer = Viewer(user=staff["ada"], is_staff=True)
    assert _names(viewer, query="wijaya") == ["Rina Wijaya"]
    assert _names(viewer, query="ada@agency") == ["Ada Admin"]
    assert _names(viewer, role=Role.SPECIALIST) == ["Sam Specialist"]


def test_deactivated_people_are_listed_only_when_asked(staff):
    services.person_deactivate(actor=staff["ada"], user=staff["sam"])
    viewer = Viewer(user=staff["ada"], is_staff=True)
    assert "Sam Specialist" not in _names(viewer)
    assert _names(viewer, deactivated=True) == ["Sam Specialist"]


def test_contacts_and_strangers_see_nobody(staff):
    contact = make_contact(make_client())
    as_contact = Viewer(user=contact.user, client_ids=frozenset({contact.client_id}))
    assert _names(as_contact) == []
    assert _names(Viewer()) == []


def test_roles_and_profiles_come_with_the_rows(staff, django_assert_num_queries):
    viewer = Viewer(user=staff["ada"], is_staff=True)
    with django_assert_num_queries(2):  # people with profiles, their roles
        rows = [
            (u.staff_profile.pk, [g.name for g in u.groups.all()])
            for u in staff_list_for_directory(viewer=viewer)
        ]
    assert len(rows) == 3
