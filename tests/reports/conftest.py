from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agencydesk.clients.services import team_member_add
from agencydesk.people.roles import Role
from tests.factories.people import make_staff

SAMPLES = Path(__file__).parent / "samples"


def sample(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (SAMPLES / name).read_bytes())


@pytest.fixture
def lead(db):
    return make_staff(Role.AGENCY_LEAD, full_name="Lena Lead")


@pytest.fixture
def own_manager(client_a):
    """An account manager on client A's team."""
    person = make_staff(Role.ACCOUNT_MANAGER, full_name="Omar Own")
    team_member_add(actor=None, client=client_a, user=person, role="account_manager")
    return person
