from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "agencydesk.imports"
    label = "imports"
    verbose_name = _("Imports")

    def ready(self) -> None:
        from agencydesk.core.navigation import NavItem, register_nav

        register_nav(
            NavItem(
                "imports", _("Imports"), "imports:list", "imports.add_importrun", 90
            )
        )
