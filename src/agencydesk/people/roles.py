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
