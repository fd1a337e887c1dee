from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClientsConfig(AppConfig):
    name = "agencydesk.clients"
    label = "clients"
    verbose_name = _("Clients")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from agencydesk.core.kept import forget_on_change
        from agencydesk.core.navigation import NavItem, register_nav
        from agencydesk.core.pickers import register_picker
        from agencydesk.core.secrets import register_secret_field
        from agencydesk.people.models import User

        from . import panels, verbs  # noqa: F401  (registers panels and verbs)
        from .models import TeamMember
        from .selectors import ACCOUNT_MANAGERS, pickers
        from .services.contacts import contact_touch_on_user_save

        forget_on_change(ACCOUNT_MANAGERS, TeamMember, User)
        post_save.connect(
            contact_touch_on_user_save, sender=User, dispatch_uid="clients.contact"
        )

        # Searched as one types (core:pick), in the viewer's scope.
        register_picker(
            "clients",
            search=pickers.client_pick_search,
            resolve=pickers.client_pick_resolve,
            present=pickers.client_pick_present,
        )
        register_picker(
            "active-clients",
            search=pickers.active_client_pick_search,
            resolve=pickers.active_client_pick_resolve,
            present=pickers.client_pick_present,
        )
        register_picker(
            "contacts",
            search=pickers.contact_pick_search,
            resolve=pickers.contact_pick_resolve,
            present=pickers.contact_pick_present,
        )

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
