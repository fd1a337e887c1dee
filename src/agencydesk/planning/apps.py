from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "agencydesk.planning"
    label = "planning"
    verbose_name = _("Workload planning")

    def ready(self) -> None:
        from agencydesk.core.navigation import NavItem, register_nav

        from . import panels  # noqa: F401  (registrations)

        register_nav(
            NavItem(
                "planner",
                _("Planner"),
                "planning:planner",
                "planning.view_allocation",
                30,
            )
        )
        register_nav(
            NavItem(
                "budgets",
                _("Budgets"),
                "planning:budgets",
                "timesheets.view_budget",
                45,
            )
        )
