"""Demo KPIs: each demo client tracks a few metrics with monthly targets and
has six months of daily data (a rising trend with a dip in the third month).
Idempotent: KPIs through the service, points upserted in one statement a KPI."""

from __future__ import annotations

import math
from datetime import timedelta
from decimal import Decimal
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from agencydesk.clients.models import Client

from . import services
from .models import Kpi, Metric

# metric slug, monthly target, daily base value, daily growth
PLAN = [
    ("sessions", Decimal("45000"), 1200, 4.0),
    ("leads", Decimal("600"), 15, 0.06),
    ("cpl", Decimal("12"), 14, -0.01),
    ("ctr", None, 2.1, 0.002),
]
DAYS = 183


def _value(base: float, growth: float, day: int, seed: int) -> Decimal:
    # The dip: days 60–80 fall to 60 % of the trend (a tracking outage).
    trend = base + growth * day
    wobble = 1 + 0.08 * math.sin((day + seed) / 3.0)
    dip = 0.6 if 60 <= day < 80 else 1.0
    return Decimal(str(round(max(trend * wobble * dip, 0), 2)))


@transaction.atomic
def load(out: TextIO) -> None:
    metrics = {m.slug: m for m in Metric.objects.filter(slug__in=[p[0] for p in PLAN])}
    start = timezone.localdate() - timedelta(days=DAYS - 1)
    made = 0
    for seed, client in enumerate(Client.objects.order_by("pk")):
        kpis = {k.metric_id: k for k in Kpi.objects.filter(client=client)}
        for slug, target, base, growth in PLAN:
            metric = metrics[slug]
            kpi = kpis.get(metric.pk) or services.kpi_create(
                actor=None,
                client=client,
                metric=metric,
                target=target,
                source=Kpi.Source.UPLOAD,
            )
            counts = services.data_points_upsert(
                actor=None,
                kpi=kpi,
                points=[
                    (start + timedelta(days=d), _value(base, growth, d, seed))
                    for d in range(DAYS)
                ],
                source=Kpi.Source.UPLOAD,
            )
            made += counts[services.CREATED]
    out.write(f"  KPI data points: {made} new\n")
