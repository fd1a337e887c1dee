from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "agencydesk.finance"
    label = "finance"
    verbose_name = _("Finance")

    def ready(self) -> None:
        from agencydesk.comms.services.outbox import register_attachments
        from agencydesk.core.navigation import NavItem, register_nav
        from agencydesk.core.secrets import register_secret_field

        from . import panels, tasks, verbs  # noqa: F401  (registrations)
        from .pdf import INVOICE_REF, invoice_attachments

        # An invoice's e-mail carries its PDF, drawn when the worker sends it.
        register_attachments(INVOICE_REF, invoice_attachments)

        # Contractors' bank details are re-encrypted by ``agencydesk rotate_secrets``.
        register_secret_field("finance.Contractor", "bank_details_encrypted")

        # Specialists hold no finance permission: the entry is hidden from them.
        register_nav(
            NavItem(
                "finance",
                _("Contracts"),
                "finance:contract-list",
                "finance.view_contract",
                60,
            )
        )
        register_nav(
            NavItem(
                "finance-weekly",
                _("Money this week"),
                "finance:weekly",
                "finance.view_invoice",
                61,
            )
        )
