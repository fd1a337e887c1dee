"""KPIs: the catalogue of metrics, a client's KPIs with their monthly target,
the data points gathered per KPI and day, and how files and pushes feed them."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agencydesk.clients.models import Client
from agencydesk.core.models import ClientOwned, FastChoiceLabels

# Digits kept of a data point: money with cents, ratios and rates to four places.
VALUE_DIGITS, VALUE_PLACES = 20, 4


class Metric(FastChoiceLabels, models.Model):
    """A metric of the catalogue (sessions, CPL, ROAS…): its unit, whether more
    is better and how a month of days adds up."""

    class Unit(models.TextChoices):
        NUMBER = "number", _("Number")
        PERCENT = "percent", _("Percent")
        MONEY = "money", _("Money")
        RATIO = "ratio", _("Ratio")

    class Aggregation(models.TextChoices):
        # Counts add up over a month; rates and costs per unit are averaged.
        SUM = "sum", _("Sum of the days")
        AVERAGE = "average", _("Average of the days")

    slug = models.SlugField(_("short name"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    higher_is_better = models.BooleanField(_("higher is better"), default=True)
    aggregation = models.CharField(
        _("a month is the"),
        max_length=10,
        choices=Aggregation.choices,
        default=Aggregation.SUM,
    )

    class Meta:
        verbose_name = _("metric")
        verbose_name_plural = _("metrics")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Kpi(ClientOwned):
    """A metric tracked for a client, with its monthly target (none: the page
    says "no target") and where its data comes from."""

    contact_visible = False

    class Source(models.TextChoices):
        MANUAL = "manual", _("Typed in")
        UPLOAD = "upload", _("File upload")
        PUSH = "push", _("Pushed by a script")

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="kpis")
    metric = models.ForeignKey(
        Metric, on_delete=models.PROTECT, related_name="kpis", verbose_name=_("metric")
    )
    target = models.DecimalField(
        _("monthly target"),
        max_digits=VALUE_DIGITS,
        decimal_places=VALUE_PLACES,
        null=True,
        blank=True,
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.MANUAL
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")
        permissions = [
            ("manage_every_kpi", _("Can manage the KPIs of every client")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "metric"], name="reports_kpi_one_per_metric"
            )
        ]

    def __str__(self) -> str:
        return f"{self.metric} @ {self.client}"

    def get_absolute_url(self) -> str:
        return reverse("reports:kpi-list", args=[self.client.slug])


class DataPoint(ClientOwned):
    """A KPI's value on one day; a day has one value (files and pushes upsert)."""

    client_path = "kpi__client"
    contact_visible = False

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="points")
    day = models.DateField(_("day"))
    value = models.DecimalField(
        _("value"), max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES
    )
    source = models.CharField(
        _("source"),
        max_length=10,
        choices=Kpi.Source.choices,
        default=Kpi.Source.MANUAL,
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("data point")
        verbose_name_plural = _("data points")
        # The unique index serves "a KPI's days in a range" and "its latest day".
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "day"], name="reports_point_one_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kpi_id} {self.day}: {self.value}"


class ColumnMapping(ClientOwned):
    """How a client's export of one source reads: its date column and date
    format, and which column holds which metric. Saved over the built-in
    mapping of the same source (GA4, Google Ads, Meta Ads Manager)."""

    contact_visible = False

    class DateFormat(models.TextChoices):
        ISO = "iso", _("2026-12-01 (year-month-day)")
        DMY = "dmy", _("01/12/2026 (day/month/year)")
        MDY = "mdy", _("12/01/2026 (month/day/year)")
        COMPACT = "compact", _("20261201 (as GA4 exports)")

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="column_mappings"
    )
    source = models.SlugField(_("source"), max_length=40)
    date_column = models.CharField(_("date column"), max_length=120)
    date_format = models.CharField(
        _("date format"), max_length=10, choices=DateFormat.choices
    )
    # {"Column header": "metric-slug"}
    columns = models.JSONField(_("columns"), default=dict)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")
        constraints = [
            models.UniqueConstraint(
                fields=["client", "source"], name="reports_mapping_one_per_source"
            )
        ]

    def __str__(self) -> str:
        return f"{self.client_id}: {self.source}"


class PushKey(ClientOwned):
    """The version of a client's push address: making a new one closes the old
    address and its signing secret at once."""

    contact_visible = False

    client = models.OneToOneField(
        Client, on_delete=models.CASCADE, related_name="kpi_push_key"
    )
    version = models.PositiveIntegerField(default=1)
    rotated_at = models.DateTimeField(_("made"), auto_now=True)

    class Meta:
        verbose_name = _("KPI push address")
        verbose_name_plural = _("KPI push addresses")

    def __str__(self) -> str:
        return f"{self.client_id} v{self.version}"
