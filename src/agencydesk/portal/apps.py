from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "agencydesk.portal"
    label = "portal"
    verbose_name = _("Client portal")

    def ready(self) -> None:
        from agencydesk.core.navigation import NavItem, register_nav

        # The portal's navigation (client contacts), after "My account".
        for name, label, url_name, order in (
            ("portal-requests", _("Requests"), "portal:ticket-list", 10),
            ("portal-projects", _("Projects"), "portal:project-list", 20),
            ("portal-approvals", _("Approvals"), "portal:approval-list", 30),
            ("portal-scope", _("Scope"), "portal:scope", 40),
        ):
            register_nav(NavItem(name, label, url_name, order=order, contacts=True))
        # Contracts, invoices and acts: the client's billing contacts only.
        register_nav(
            NavItem(
                "portal-billing",
                _("Billing"),
                "portal:billing",
                order=50,
                contacts=True,
                contact_role="billing",
            )
        )
