from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "agencydesk.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from . import tasks, timeline  # noqa: F401  (registers tasks and verbs)
        from .navigation import NavItem, register_nav

        register_nav(
            NavItem(
                "admin", _("Administration"), "admin:index", "core.change_agency", 900
            )
        )
