"""Staff roles: Django groups with permissions, created by migrations.

Each app grants its own permissions to these groups in a data migration
(``core.migration_helpers.grant``), so the role matrix grows with the apps.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """A staff role; the value is the Django group name."""

    ADMIN = "admin", _("Admin")
    AGENCY_LEAD = "agency_lead", _("Agency lead")
    ACCOUNT_MANAGER = "account_manager", _("Account manager")
    SPECIALIST = "specialist", _("Specialist")
    FINANCE = "finance", _("Finance")


# Each role's home (core.panels): the apps fill these pages with panels. Admins
# run the agency too, so they share the lead's home.
AGENCY_HOME = "home:agency"
ACCOUNT_MANAGER_HOME = "home:account_manager"
SPECIALIST_HOME = "home:specialist"
FINANCE_HOME = "home:finance"


def register_role_homes() -> None:
    from agencydesk.core.panels import Home, register_home

    for rank, (role, page, title) in enumerate(
        [
            (Role.ADMIN, AGENCY_HOME, _("The agency")),
            (Role.AGENCY_LEAD, AGENCY_HOME, _("The agency")),
            (Role.ACCOUNT_MANAGER, ACCOUNT_MANAGER_HOME, _("My clients")),
            (Role.FINANCE, FINANCE_HOME, _("Time to approve, budgets and rates")),
            (Role.SPECIALIST, SPECIALIST_HOME, _("My work")),
        ]
    ):
        register_home(Home(role.value, page, title, rank))
