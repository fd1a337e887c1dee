"""People built through the services, as the product builds them."""

import itertools

from agencydesk.people import services
from agencydesk.people.models import User
from agencydesk.people.roles import Role

PASSWORD = "correct-horse-battery"
_seq = itertools.count(1)


def make_staff(role: Role | str = Role.ACCOUNT_MANAGER, **fields) -> User:
    n = next(_seq)
    fields.setdefault("email", f"staff{n}@agency.test")
    fields.setdefault("full_name", f"Staff Member {n}")
    fields.setdefault("password", PASSWORD)
    return services.staff_create(actor=None, role=role, **fields)
