from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TimesheetsConfig(AppConfig):
    name = "agencydesk.timesheets"
    label = "timesheets"
    verbose_name = _("Time and budgets")

    def ready(self) -> None:
        from agencydesk.core.navigation import NavItem, register_nav

        from . import panels, verbs  # noqa: F401  (registrations)

        register_nav(
            NavItem(
                "time", _("Time"), "timesheets:week", "timesheets.add_timeentry", 40
            )
        )
