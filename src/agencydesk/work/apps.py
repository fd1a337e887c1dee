from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkConfig(AppConfig):
    name = "agencydesk.work"
    label = "work"
    verbose_name = _("Projects and tasks")

    def ready(self) -> None:
        from agencydesk.core.navigation import NavItem, register_nav
        from agencydesk.desk.services import register_production_handler

        from . import panels, scope_panels, scope_verbs, verbs  # noqa: F401
        from .services.tickets import production_to_tasks

        register_production_handler(production_to_tasks)

        register_nav(
            NavItem("work", _("Projects"), "work:project-list", "work.view_project", 15)
        )
        register_nav(NavItem("scope", _("Scope"), "work:sow-list", "work.view_sow", 16))
