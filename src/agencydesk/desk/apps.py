from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    name = "agencydesk.desk"
    label = "desk"
    verbose_name = _("Service desk")

    def ready(self) -> None:
        from agencydesk.comms.inbound import register_handler
        from agencydesk.core.navigation import NavItem, register_nav

        from . import intake, panels, tasks, verbs  # noqa: F401  (registrations)

        register_handler("email", intake.handle_email)
        register_handler("whatsapp", intake.handle_whatsapp)

        register_nav(NavItem("desk", _("Desk"), "desk:home", "desk.view_ticket", 10))
