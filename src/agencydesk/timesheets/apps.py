from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TimesheetsConfig(AppConfig):
    name = "agencydesk.timesheets"
    label = "timesheets"
    verbose_name = _("Time and budgets")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from agencydesk.core.navigation import NavItem, register_nav
        from agencydesk.work.hooks import (
            register_approval_handler,
            register_cost_estimator,
            register_meter_source,
        )
        from agencydesk.work.models import ScopeUnit

        from . import panels, verbs  # noqa: F401  (registrations)
        from .scope import budget_on_approval, estimate_cost, hours_logged

        register_meter_source(ScopeUnit.HOURS, hours_logged)
        register_cost_estimator(estimate_cost)
        register_approval_handler(budget_on_approval)

        user_logged_in.connect(
            panels.remember_timer_at_sign_in, dispatch_uid="timesheets.timer"
        )

        register_nav(
            NavItem(
                "time", _("Time"), "timesheets:week", "timesheets.add_timeentry", 40
            )
        )
        # Who approves time but logs none (finance) reaches approvals and rates
        # from the menu; the others from the Time page's tabs.
        register_nav(
            NavItem(
                "time-approvals",
                _("Time approvals"),
                "timesheets:approvals",
                "timesheets.approve_timesheetweek",
                41,
                unless="timesheets.add_timeentry",
            )
        )
