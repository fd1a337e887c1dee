from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "agencydesk.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        from agencydesk.core.navigation import NavItem, register_nav

        from . import tasks  # noqa: F401  (registers tasks)
        from .roles import register_role_homes

        register_role_homes()

        register_nav(
            NavItem("team", _("Team"), "people:staff-list", "people.view_user", 800)
        )
