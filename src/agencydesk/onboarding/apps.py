from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnboardingConfig(AppConfig):
    name = "agencydesk.onboarding"
    label = "onboarding"
    verbose_name = _("Onboarding")

    def ready(self) -> None:
        from agencydesk.core.navigation import NavItem, register_nav

        from . import panels, receivers, tasks, verbs  # noqa: F401  (registrations)

        register_nav(
            NavItem(
                "onboarding",
                _("Onboarding"),
                "onboarding:overview",
                "onboarding.view_run",
                40,
            )
        )
