from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkConfig(AppConfig):
    name = "agencydesk.work"
    label = "work"
    verbose_name = _("Projects and tasks")

    def ready(self) -> None:
        from agencydesk.core.navigation import NavItem, register_nav

        from . import verbs  # noqa: F401  (registers the timeline verbs)

        register_nav(
            NavItem("work", _("Projects"), "work:project-list", "work.view_project", 15)
        )
