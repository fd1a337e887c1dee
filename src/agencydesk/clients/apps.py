from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClientsConfig(AppConfig):
    name = "agencydesk.clients"
    label = "clients"
    verbose_name = _("Clients")

    def ready(self) -> None:
        from agencydesk.core.navigation import NavItem, register_nav

        # Registers panels, verbs and the start-up check of SECRETS_KEY.
        from . import panels, verbs  # noqa: F401
        from .services import secrets  # noqa: F401

        register_nav(
            NavItem(
                "clients",
                _("Clients"),
                "clients:client-list",
                "clients.view_client",
                20,
            )
        )
