from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkConfig(AppConfig):
    name = "agencydesk.work"
    label = "work"
    verbose_name = _("Projects and tasks")

    def ready(self) -> None:
        from agencydesk.core.navigation import NavItem, register_nav
        from agencydesk.desk.services import register_production_handler

        # Registrations: panels, timeline verbs, the periodic reminders.
        from . import (  # noqa: F401
            approvals_panels,
            approvals_verbs,
            panels,
            scope_panels,
            scope_verbs,
            tasks,
            verbs,
        )
        from .services.tickets import production_to_tasks

        register_production_handler(production_to_tasks)

        register_nav(
            NavItem("work", _("Projects"), "work:project-list", "work.view_project", 15)
        )
        register_nav(
            NavItem("my-work", _("My work"), "work:my-work", "work.view_task", 16)
        )
        register_nav(
            NavItem(
                "approvals", _("Approvals"), "work:approval-list", "work.view_task", 17
            )
        )
        register_nav(NavItem("scope", _("Scope"), "work:sow-list", "work.view_sow", 18))
