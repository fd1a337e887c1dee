"""Writes of KPIs: a client's KPIs, their data points (typed in, imported or
pushed: one upsert per KPI and day), saved column mappings, the push address."""

from __future__ import annotations

import datetime
from collections.abc import Mapping as MappingABC
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from agencydesk.clients.models import Client

from .errors import DataPointInvalidError, KpiExistsError
from .models import (
    VALUE_DIGITS,
    VALUE_PLACES,
    ColumnMapping,
    DataPoint,
    Kpi,
    Metric,
    PushKey,
)
from .selectors import kpis_manageable

# The largest value a point holds (its column's digits).
MAX_VALUE = Decimal(10) ** (VALUE_DIGITS - VALUE_PLACES)


def _require_manage(actor: Any, client_id: int) -> None:
    if not kpis_manageable(actor=actor, client_id=client_id):
        raise PermissionDenied


def value_checked(value: Decimal) -> Decimal:
    """A point's value rounded to its column, or DataPointInvalidError."""
    if not value.is_finite() or abs(value) >= MAX_VALUE:
        raise DataPointInvalidError(
            _("The value is not a number this field can hold."),
            extra={"field": "value"},
        )
    return value.quantize(Decimal(1).scaleb(-VALUE_PLACES))


@transaction.atomic
def kpi_create(
    *,
    actor: Any,
    client: Client,
    metric: Metric,
    target: Decimal | None = None,
    source: str = Kpi.Source.MANUAL,
) -> Kpi:
    """Track a metric for a client (once per metric)."""
    _require_manage(actor, client.pk)
    if target is not None:
        target = value_checked(target)
    try:
        with transaction.atomic():
            return Kpi.objects.create(
                client=client, metric=metric, target=target, source=source
            )
    except IntegrityError:
        raise KpiExistsError(
            _("%(metric)s is already a KPI of this client.") % {"metric": metric},
            extra={"field": "metric"},
        ) from None


@transaction.atomic
def kpi_update(*, actor: Any, kpi: Kpi, target: Decimal | None, source: str) -> Kpi:
    """Change a KPI's monthly target (None: no target) and its source."""
    _require_manage(actor, kpi.client_id)
    kpi.target = value_checked(target) if target is not None else None
    kpi.source = source
    kpi.save(update_fields=["target", "source", "updated_at"])
    return kpi


def kpi_for_import(*, actor: Any, client: Client, metric: Metric, source: str) -> Kpi:
    """The client's KPI of a metric, made (without a target) when a file or a
    push brings the first data of it."""
    _require_manage(actor, client.pk)
    kpi = Kpi.objects.filter(client=client, metric=metric).first()
    if kpi is not None:
        return kpi
    with transaction.atomic():
        kpi, _created = Kpi.objects.get_or_create(
            client=client, metric=metric, defaults={"source": source}
        )
    return kpi


CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


@transaction.atomic
def data_points_upsert(
    *,
    actor: Any,
    kpi: Kpi,
    points: Sequence[tuple[datetime.date, Decimal]],
    source: str,
) -> dict[str, int]:
    """Set a KPI's value on each day given (one value a day: the same data
    again changes nothing); counts of points created, updated, unchanged.
    Three queries at most, whatever the number of points."""
    _require_manage(actor, kpi.client_id)
    given: dict[datetime.date, Decimal] = {}
    for day, value in points:
        given[day] = value_checked(value)
    counts = {CREATED: 0, UPDATED: 0, UNCHANGED: 0}
    if not given:
        return counts
    stored = {
        point.day: point
        for point in DataPoint.objects.select_for_update().filter(
            kpi=kpi, day__in=list(given)
        )
    }
    fresh, changed = [], []
    for day, value in given.items():
        point = stored.get(day)
        if point is None:
            fresh.append(DataPoint(kpi=kpi, day=day, value=value, source=source))
        elif point.value != value:
            point.value, point.source = value, source
            changed.append(point)
        else:
            counts[UNCHANGED] += 1
    if fresh:
        DataPoint.objects.bulk_create(fresh)
    if changed:
        DataPoint.objects.bulk_update(changed, ["value", "source", "updated_at"])
    counts[CREATED], counts[UPDATED] = len(fresh), len(changed)
    return counts


def data_point_set(
    *, actor: Any, kpi: Kpi, day: datetime.date, value: Decimal
) -> dict[str, int]:
    """A value typed in on the KPI page."""
    return data_points_upsert(
        actor=actor, kpi=kpi, points=[(day, value)], source=Kpi.Source.MANUAL
    )


@transaction.atomic
def mapping_save(
    *,
    actor: Any,
    client: Client,
    source: str,
    date_column: str,
    date_format: str,
    columns: MappingABC[str, str],
) -> ColumnMapping:
    """Save how a client's export of one source reads (replacing the built-in
    mapping of that source for this client)."""
    _require_manage(actor, client.pk)
    known = set(Metric.objects.values_list("slug", flat=True))
    unknown = sorted(set(columns.values()) - known)
    if unknown:
        raise DataPointInvalidError(
            _("No metric has the short name %(slug)s.") % {"slug": unknown[0]},
            extra={"field": "columns"},
        )
    mapping, _created = ColumnMapping.objects.update_or_create(
        client=client,
        source=source,
        defaults={
            "date_column": date_column,
            "date_format": date_format,
            "columns": dict(columns),
        },
    )
    return mapping


@transaction.atomic
def push_address_renew(*, actor: Any, client: Client) -> PushKey:
    """Make a new push address for a client: the old one and its signing
    secret stop working at once."""
    _require_manage(actor, client.pk)
    key, created = PushKey.objects.get_or_create(client=client)
    if not created:
        PushKey.objects.filter(pk=key.pk).update(version=F("version") + 1)
    else:
        PushKey.objects.filter(pk=key.pk).update(version=2)
    key.refresh_from_db()
    return key
