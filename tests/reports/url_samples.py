"""URL-walk samples for the KPI pages' parameters."""

from agencydesk.reports.models import Kpi, Metric


def _kpi(side):
    return Kpi.objects.create(
        client=side.client, metric=Metric.objects.get(slug="leads"), target=10
    )


SAMPLES = {
    "kpi_id": lambda side, cb: str(side.once("kpi", lambda: _kpi(side)).pk),
}
