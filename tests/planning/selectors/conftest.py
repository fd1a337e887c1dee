"""The planning selectors' tests share a copywriter in Indonesia."""

from decimal import Decimal

import pytest

from agencydesk.people.roles import Role
from tests.factories.people import make_staff


@pytest.fixture
def copywriter(db):
    return make_staff(
        Role.SPECIALIST,
        full_name="Citra Copywriter",
        country="ID",
        weekly_capacity_hours=Decimal("40"),
    )
