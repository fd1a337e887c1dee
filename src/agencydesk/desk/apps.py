from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    name = "agencydesk.desk"
    label = "desk"
    verbose_name = _("Service desk")

    def ready(self) -> None:
        from agencydesk.clients.scope import register_work_source
        from agencydesk.comms.services.inbound import register_handler
        from agencydesk.core.kept import forget_on_change
        from agencydesk.core.navigation import NavItem, register_nav

        from . import panels, tasks, verbs  # noqa: F401  (registrations)
        from .models import REQUEST_TYPES, RequestType, SlaPolicy, Ticket
        from .services import intake
        from .services.sla import SLA_POLICIES

        forget_on_change(SLA_POLICIES, SlaPolicy)
        forget_on_change(REQUEST_TYPES, RequestType)

        register_handler("email", intake.handle_email)
        register_handler("whatsapp", intake.handle_whatsapp)
        # Need-to-know: a person works on the clients of the tickets they are
        # analyst or production owner of (two sources: each reads its own index).
        register_work_source(
            lambda user: Ticket.objects.filter(analyst=user).values_list("client_id")
        )
        register_work_source(
            lambda user: Ticket.objects.filter(production_owner=user).values_list(
                "client_id"
            )
        )

        register_nav(NavItem("desk", _("Desk"), "desk:home", "desk.view_ticket", 10))
