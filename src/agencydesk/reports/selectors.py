"""Reads of KPIs: who may manage them, a client's KPIs with their latest value
and this month against target, the points of a KPI, the push address."""

from __future__ import annotations

import datetime
import time
from collections.abc import Mapping as MappingABC
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Avg, DecimalField, OuterRef, QuerySet, Subquery, Sum
from django.utils import timezone

from agencydesk.clients.models import Client, TeamMember
from agencydesk.core.access import Viewer
from agencydesk.core.signing import (
    LinkInvalid,
    SignedLink,
    body_signature_valid,
    derived_secret,
)

from .mappings import BUILTIN, Mapping
from .models import (
    VALUE_DIGITS,
    VALUE_PLACES,
    ColumnMapping,
    DataPoint,
    Kpi,
    Metric,
    PushKey,
)

MANAGE = "reports.change_kpi"
MANAGE_EVERY = "reports.manage_every_kpi"
PUSH_LINK = SignedLink(salt="reports.kpi-push")
PUSH_SECRET_SALT = "reports.kpi-push-secret"


def kpis_manageable(*, actor: Any, client_id: int) -> bool:
    """Whether ``actor`` may change a client's KPIs and their data: leads and
    admins on every client, account managers on the clients whose team they
    are on (``None`` is the system itself)."""
    if actor is None:
        return True
    if not (actor.is_authenticated and actor.is_staff and actor.is_active):
        return False
    if actor.has_perm(MANAGE_EVERY):
        return True
    if not actor.has_perm(MANAGE):
        return False
    return TeamMember.objects.filter(client_id=client_id, user=actor).exists()


def metric_catalogue() -> QuerySet[Metric]:
    """The catalogue, by name."""
    return Metric.objects.order_by("name")


@dataclass
class KpiLine:
    """A KPI on its client's page: the latest day, this month so far and the
    monthly target (None: no target)."""

    kpi: Kpi
    latest_day: datetime.date | None
    latest_value: Decimal | None
    month_value: Decimal | None

    @property
    def target(self) -> Decimal | None:
        return self.kpi.target

    @property
    def on_track(self) -> bool | None:
        """None without a target or a value this month."""
        if self.target is None or self.month_value is None:
            return None
        if self.kpi.metric.higher_is_better:
            return self.month_value >= self.target
        return self.month_value <= self.target

    @property
    def progress(self) -> int | None:
        if self.target in (None, 0) or self.month_value is None:
            return None
        return int(self.month_value * 100 / self.target)


def _value_field() -> DecimalField:
    return DecimalField(max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES)


def kpi_lines_for_client(
    *, viewer: Viewer, client: Client, today: datetime.date | None = None
) -> list[KpiLine]:
    """A client's KPIs with their latest value and this month so far, in one
    query at any number of KPIs and days (index ``reports_point_one_a_day``)."""
    today = today or timezone.localdate()
    month_start = today.replace(day=1)
    latest = DataPoint.objects.filter(kpi=OuterRef("pk")).order_by("-day")
    month = DataPoint.objects.filter(
        kpi=OuterRef("pk"), day__gte=month_start, day__lte=today
    ).values("kpi")
    rows = (
        Kpi.objects.visible_to(viewer)
        .filter(client=client)
        .select_related("metric")
        .annotate(
            latest_day=Subquery(latest.values("day")[:1]),
            latest_value=Subquery(latest.values("value")[:1]),
            month_sum=Subquery(
                month.annotate(v=Sum("value")).values("v")[:1],
                output_field=_value_field(),
            ),
            month_avg=Subquery(
                month.annotate(v=Avg("value")).values("v")[:1],
                output_field=_value_field(),
            ),
        )
        .order_by("metric__name")
    )
    lines = []
    for kpi in rows:
        averaged = kpi.metric.aggregation == Metric.Aggregation.AVERAGE
        month_value = kpi.month_avg if averaged else kpi.month_sum
        if month_value is not None:
            month_value = Decimal(month_value).quantize(Decimal("0.01"))
        lines.append(KpiLine(kpi, kpi.latest_day, kpi.latest_value, month_value))
    return lines


def kpi_count_for_client(*, viewer: Viewer, client: Client) -> int:
    return Kpi.objects.visible_to(viewer).filter(client=client).count()


def kpis_for_client(*, viewer: Viewer, client: Client) -> QuerySet[Kpi]:
    """A client's KPIs (for the API and the forms), with their metric."""
    return (
        Kpi.objects.visible_to(viewer)
        .filter(client=client)
        .select_related("metric", "client")
        .order_by("metric__name", "pk")
    )


def kpi_list(*, viewer: Viewer, client_id: int | None = None) -> QuerySet[Kpi]:
    """Every KPI the viewer may see (the API's list)."""
    rows = Kpi.objects.visible_to(viewer).select_related("metric", "client")
    if client_id is not None:
        rows = rows.filter(client_id=client_id)
    return rows


def points_of(
    *,
    viewer: Viewer,
    kpi: Kpi,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> QuerySet[DataPoint]:
    """A KPI's data points by day (index ``reports_point_one_a_day``)."""
    rows = DataPoint.objects.visible_to(viewer).filter(kpi=kpi)
    if since:
        rows = rows.filter(day__gte=since)
    if until:
        rows = rows.filter(day__lte=until)
    return rows.order_by("day")


def mappings_for_client(*, client: Client) -> list[Mapping]:
    """The mappings a client's files may use: the built-in ones, each replaced
    by the client's saved mapping of the same source, then the client's own."""
    saved = {
        row.source: Mapping(
            row.source, row.source, row.date_column, row.date_format, row.columns
        )
        for row in ColumnMapping.objects.filter(client=client).order_by("source")
    }
    result = []
    for source, builtin in BUILTIN.items():
        own = saved.pop(source, None)
        result.append(
            Mapping(
                source,
                builtin.label,
                own.date_column,
                own.date_format,
                own.columns,
            )
            if own
            else builtin
        )
    return result + list(saved.values())


def mapping_for(*, client: Client, source: str) -> Mapping | None:
    for mapping in mappings_for_client(client=client):
        if mapping.source == source:
            return mapping
    return None


def push_version(client_id: int) -> int:
    """The version of a client's push address (1 until one is made anew)."""
    row = PushKey.objects.filter(client_id=client_id).values("version").first()
    return row["version"] if row else 1


def push_address(*, client: Client) -> tuple[str, str]:
    """The token of the client's push URL and the secret its bodies are signed
    with; both change when a new address is made."""
    version = push_version(client.pk)
    token = PUSH_LINK.make({"c": client.pk}, version=version)
    return token, _push_secret(client.pk, version)


def _push_secret(client_id: int, version: int) -> str:
    return "kpush_" + derived_secret(f"{client_id}:{version}", salt=PUSH_SECRET_SALT)


def push_client_for(
    token: str, *, timestamp: str | None, body: bytes, signature: str | None
) -> int | None:
    """The id of the client a push is for, when its address holds and its
    body is signed with that address's secret; None otherwise."""
    versions: dict[int, int] = {}

    def version(payload: MappingABC[str, Any]) -> int:
        versions[payload["c"]] = push_version(payload["c"])
        return versions[payload["c"]]

    try:
        payload = PUSH_LINK.read(token, fields=("c",), version=version)
    except LinkInvalid:
        return None
    client_id = payload["c"]
    secret = _push_secret(client_id, versions[client_id])
    if not body_signature_valid([secret], timestamp, body, signature, now=time.time()):
        return None
    return client_id
