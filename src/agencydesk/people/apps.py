from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "agencydesk.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        from agencydesk.core.navigation import NavItem, register_nav
        from agencydesk.core.pickers import register_picker

        from . import selectors, tasks  # noqa: F401  (registers tasks)
        from .roles import register_role_homes

        register_role_homes()

        # Searched as one types (core:pick); staff only.
        register_picker(
            "staff",
            search=selectors.staff_pick_search,
            resolve=selectors.staff_pick_resolve,
            present=selectors.staff_pick_present,
        )
        register_picker(
            "all-staff",
            search=selectors.all_staff_pick_search,
            resolve=selectors.all_staff_pick_resolve,
            present=selectors.staff_pick_present,
        )

        register_nav(
            NavItem("team", _("Team"), "people:staff-list", "people.view_user", 800)
        )
