"""KPI data: a client's export (GA4, Google Ads, Meta Ads Manager or a mapping
of its own) with a date column and a column per metric; each row sets the
day's value of each metric's KPI (one value a day: the same file again
changes nothing). Also the rows of a push, read the same way."""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from agencydesk.clients.models import Client
from agencydesk.reports import services as kpis
from agencydesk.reports.errors import DataPointInvalidError
from agencydesk.reports.models import ColumnMapping, Kpi, Metric

from ..errors import ImportFileRefusedError, RowInvalidError
from ..models import ImportRun
from .base import CREATE, UNCHANGED, UPDATE, Cleaned, Column, Context, Kind, header_key

DAY = "day"
DateFormat = ColumnMapping.DateFormat
_DATE_PATTERNS = {
    DateFormat.ISO: ("%Y-%m-%d",),
    DateFormat.DMY: ("%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y"),
    DateFormat.MDY: ("%m/%d/%Y",),
    DateFormat.COMPACT: ("%Y%m%d",),
}
_EXAMPLES = {
    DateFormat.ISO: "2026-12-01",
    DateFormat.DMY: "01/12/2026",
    DateFormat.MDY: "12/01/2026",
    DateFormat.COMPACT: "20261201",
}
# What tools write around a number: thousands separators, a percent sign, a
# currency sign, spaces (Google Ads writes "1,234", "3.45%"; "--" is no data).
_NOISE = re.compile(r"[,%\s$€£¥₽]|Rp")
_EMPTY = {"", "--", "-", "—", "n/a"}


class KpiDataKind(Kind):
    """One client's KPI data read through a column mapping."""

    name = ImportRun.Kind.KPI_DATA

    def __init__(self, client: Client, options: Mapping, *, source: str) -> None:
        self.client = client
        self.source = source
        self.date_column = str(options.get("date_column") or "")
        self.date_format = str(options.get("date_format") or DateFormat.ISO)
        mapped: dict[str, list[str]] = {}
        for header, slug in dict(options.get("columns") or {}).items():
            mapped.setdefault(str(slug), []).append(str(header))
        metrics = {m.slug: m for m in Metric.objects.filter(slug__in=list(mapped))}
        unknown = sorted(set(mapped) - set(metrics))
        if unknown or not self.date_column or not mapped:
            raise ImportFileRefusedError(
                _("The column mapping names no metric %(slug)s.")
                % {"slug": ", ".join(unknown) or "—"}
            )
        self.metrics = metrics
        self.columns = (
            Column(DAY, self.date_column, (), True, _EXAMPLES[self.date_format]),
            *(
                Column(slug, headers[0], tuple(headers[1:]), False, "")
                for slug, headers in mapped.items()
            ),
        )
        self._header_keys = {
            header_key(text)
            for column in self.columns
            for text in (str(column.label), *column.aliases)
        }

    @property
    def label(self) -> str:
        return ImportRun.Kind.KPI_DATA.label

    def is_header(self, cells: list[str]) -> bool:
        """The header row names the date column."""
        return header_key(self.date_column) in {header_key(c) for c in cells}

    def check_columns(self, mapped: list[str | None]) -> None:
        if not any(name and name != DAY for name in mapped):
            raise ImportFileRefusedError(
                _("The file has none of the columns of the mapping (%(names)s).")
                % {"names": ", ".join(str(c.label) for c in self.columns[1:])}
            )

    def prepare(self, ctx: Context, mapped: list[str | None]) -> None:
        """The client's KPI of each metric the file holds, made if missing
        (without a target) before any row is read."""
        kpis_by_slug = {}
        for slug in (name for name in mapped if name and name != DAY):
            kpis_by_slug[slug] = kpis.kpi_for_import(
                actor=ctx.actor,
                client=self.client,
                metric=self.metrics[slug],
                source=self.source,
            )
        ctx.cache["kpis"] = kpis_by_slug

    def clean(self, ctx: Context, values: Mapping[str, str]) -> Cleaned:
        errors: list[str] = []
        day = self._day(values.get(DAY, ""), errors)
        points: dict[str, Decimal] = {}
        labels = self.labels
        for slug in ctx.cache["kpis"]:
            text = values.get(slug, "")
            if text.strip().lower() in _EMPTY:
                continue
            value = _number(text)
            if value is None:
                errors.append(
                    _("%(column)s: “%(value)s” is not a number.")
                    % {"column": labels[slug], "value": text[:40]}
                )
                continue
            points[slug] = value
        if errors:
            raise RowInvalidError(*errors)
        return Cleaned(key=(day,), data={"day": day, "points": points})

    def apply(self, ctx: Context, row: Cleaned) -> str:
        created = updated = 0
        for slug, value in row.data["points"].items():
            kpi: Kpi = ctx.cache["kpis"][slug]
            try:
                counts = kpis.data_points_upsert(
                    actor=ctx.actor,
                    kpi=kpi,
                    points=[(row.data["day"], value)],
                    source=self.source,
                )
            except DataPointInvalidError as invalid:
                raise RowInvalidError(
                    f"{self.labels[slug]}: {invalid.message}"
                ) from None
            created += counts[kpis.CREATED]
            updated += counts[kpis.UPDATED]
        if created:
            return CREATE
        return UPDATE if updated else UNCHANGED

    def _day(self, text: str, errors: list[str]) -> datetime.date | None:
        text = text.strip()
        # A spreadsheet's own date cell reads as ISO whatever the mapping.
        patterns = (*_DATE_PATTERNS[self.date_format], "%Y-%m-%d")
        for pattern in patterns:
            try:
                # Only the date is kept: no time zone is involved.
                day = text.split(" ", 1)[0]
                return datetime.datetime.strptime(day, pattern).date()  # noqa: DTZ007
            except ValueError:
                continue
        errors.append(
            _("%(column)s: “%(value)s” is not a date written as %(example)s.")
            % {
                "column": self.date_column,
                "value": text[:40],
                "example": _EXAMPLES[self.date_format],
            }
        )
        return None


def _number(text: str) -> Decimal | None:
    cleaned = _NOISE.sub("", text)
    if not cleaned or len(cleaned) > 30:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None
