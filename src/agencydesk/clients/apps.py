from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClientsConfig(AppConfig):
    name = "agencydesk.clients"
    label = "clients"
    verbose_name = _("Clients")

    def ready(self) -> None:
        from agencydesk.core.navigation import NavItem, register_nav
        from agencydesk.core.secrets import register_secret_field

        from . import panels, verbs  # noqa: F401  (registers panels and verbs)

        # Access secrets are re-encrypted by ``agencydesk rotate_secrets``.
        register_secret_field("clients.AccessEntry", "secret_encrypted")

        register_nav(
            NavItem(
                "clients",
                _("Clients"),
                "clients:client-list",
                "clients.view_client",
                20,
            )
        )
