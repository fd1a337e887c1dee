from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "agencydesk.reports"
    label = "reports"
    verbose_name = _("Reports and KPIs")

    def ready(self) -> None:
        from . import panels  # noqa: F401  (registrations)
