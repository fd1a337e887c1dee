from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "agencydesk.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        # Registers tasks, verbs and the start-up check of SECRETS_KEY.
        from . import secrets, tasks, timeline  # noqa: F401
        from .agency import CALENDARS
        from .health import register_gauges
        from .kept import forget_on_change
        from .models import ClosedDay, WorkingCalendar
        from .navigation import NavItem, register_nav
        from .runtime import connect as tune_runtime

        forget_on_change(CALENDARS, WorkingCalendar, ClosedDay)
        register_gauges()
        tune_runtime()

        register_nav(
            NavItem(
                "admin", _("Administration"), "admin:index", "core.change_agency", 900
            )
        )
