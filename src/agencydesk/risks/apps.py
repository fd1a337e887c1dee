from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RisksConfig(AppConfig):
    name = "agencydesk.risks"
    label = "risks"
    verbose_name = _("Risks and complaints")

    def ready(self) -> None:
        from agencydesk.core.navigation import NavItem, register_nav

        from . import panels, receivers, tasks, verbs  # noqa: F401  (registrations)

        register_nav(
            NavItem("risks", _("Risks"), "risks:risk-list", "risks.view_risk", 65)
        )
