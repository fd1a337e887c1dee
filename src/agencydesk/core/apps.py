from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "agencydesk.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from . import tasks, timeline  # noqa: F401  (registers tasks and verbs)
