from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    name = "agencydesk.desk"
    label = "desk"
    verbose_name = _("Service desk")

    def ready(self) -> None:
        from . import panels, tasks, verbs  # noqa: F401  (registrations)
