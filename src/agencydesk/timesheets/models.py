"""Time entries, the running timer, weekly timesheets, rates and budgets."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from agencydesk.clients.models import Client
from agencydesk.core.access import Viewer, client_scoped
from agencydesk.core.money import CurrencyField
from agencydesk.people.roles import Role

MAX_DAY_MINUTES = 24 * 60


class Rate(models.Model):
    """An hourly cost (per person) or bill rate (per person or role, optionally
    for one client), effective from a date; older rows stay as history."""

    class Kind(models.TextChoices):
        COST = "cost", _("Cost rate")
        BILL = "bill", _("Bill rate")

    kind = models.CharField(_("kind"), max_length=4, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="rates",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    client = models.ForeignKey(
        Client,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="rates",
        verbose_name=_("client"),
    )
    effective_from = models.DateField(_("effective from"))
    hourly_amount = models.DecimalField(_("per hour"), max_digits=12, decimal_places=2)
    currency = CurrencyField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rate")
        verbose_name_plural = _("rates")
        ordering = ["-effective_from", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hourly_amount__gte=0), name="timesheets_rate_not_negative"
            ),
            models.CheckConstraint(
                condition=~Q(currency=""), name="timesheets_rate_has_currency"
            ),
            # A rate is a person's or a role's, never both or neither.
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(role=""))
                | (Q(user__isnull=True) & ~Q(role="")),
                name="timesheets_rate_person_or_role",
            ),
            # A cost is what a person costs the agency, whoever the client.
            models.CheckConstraint(
                condition=Q(kind="bill")
                | (Q(user__isnull=False) & Q(client__isnull=True)),
                name="timesheets_cost_rate_per_person",
            ),
        ]
        indexes = [
            models.Index(
                fields=["kind", "user", "effective_from"], name="ts_rate_user"
            ),
            models.Index(
                fields=["kind", "role", "effective_from"], name="ts_rate_role"
            ),
        ]

    def __str__(self) -> str:
        who = self.user or self.get_role_display()
        return f"{self.get_kind_display()} {who}: {self.hourly_amount} {self.currency}"


class ExchangeRate(models.Model):
    """How many units of ``to_currency`` one unit of ``from_currency`` is worth,
    from a date on: time logged at a rate in another currency than its budget
    is converted by the rate valid on the entry's date (never guessed)."""

    from_currency = CurrencyField(_("from currency"))
    to_currency = CurrencyField(_("to currency"))
    rate = models.DecimalField(_("rate"), max_digits=20, decimal_places=8)
    valid_from = models.DateField(_("valid from"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["from_currency", "to_currency", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_currency", "to_currency", "valid_from"],
                name="timesheets_one_exchange_rate_a_day",
            ),
            models.CheckConstraint(
                condition=Q(rate__gt=0), name="timesheets_exchange_rate_positive"
            ),
            models.CheckConstraint(
                condition=~Q(from_currency=F("to_currency")),
                name="timesheets_exchange_rate_two_currencies",
            ),
        ]

    def __str__(self) -> str:
        return f"1 {self.from_currency} = {self.rate} {self.to_currency}"


class TimeEntryQuerySet(models.QuerySet):
    """Time entries with table-level filters."""

    def in_range(self, first, last) -> TimeEntryQuerySet:
        return self.filter(date__gte=first, date__lte=last)

    def visible_to(self, viewer: Viewer) -> TimeEntryQuerySet:
        """Staff only; under need-to-know the entries of the person's clients,
        internal time and their own."""
        if not viewer.is_staff:
            return self.none()
        return client_scoped(self, viewer, also=Q(user=viewer.user))


class TimeEntry(models.Model):
    """Time a person spent for a client (none: internal), with the rates in force
    that day frozen in, so burn and profitability are sums, not recomputations."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="time_entries",
        verbose_name=_("person"),
    )
    client = models.ForeignKey(
        Client,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="time_entries",
        verbose_name=_("client"),
    )
    project = models.CharField(_("project"), max_length=120, blank=True)
    ticket = models.ForeignKey(
        "desk.Ticket",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="time_entries",
        verbose_name=_("ticket"),
    )
    # Time on a project's task carries the task's client (and ticket).
    task = models.ForeignKey(
        "work.Task",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="time_entries",
        verbose_name=_("task"),
    )
    date = models.DateField(_("date"))
    minutes = models.PositiveIntegerField(_("minutes"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    is_billable = models.BooleanField(_("billable"), default=True)
    bill_amount = models.DecimalField(
        _("billable value"), max_digits=14, decimal_places=2, default=Decimal("0")
    )
    bill_currency = CurrencyField(_("bill currency"))
    cost_amount = models.DecimalField(
        _("cost"), max_digits=14, decimal_places=2, default=Decimal("0")
    )
    cost_currency = CurrencyField(_("cost currency"))
    created_at = models.DateTimeField(auto_now_add=True)
    # The API's list filters on it (``updated_since``, for syncing).
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    objects = TimeEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("time entry")
        verbose_name_plural = _("time entries")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gt=0) & Q(minutes__lte=MAX_DAY_MINUTES),
                name="timesheets_entry_minutes_range",
            ),
        ]
        indexes = [
            # Burn of one client in a month, and the client view.
            models.Index(fields=["client", "date"], name="ts_entry_client_date"),
            # A person's timesheet week and utilisation.
            models.Index(fields=["user", "date"], name="ts_entry_user_date"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.date} {self.minutes} min"

    @property
    def hours(self) -> Decimal:
        return Decimal(self.minutes) / 60


class Timer(models.Model):
    """A person's running timer; at most one per person, kept in the database so
    it survives reloads and devices."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="timer"
    )
    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    project = models.CharField(_("project"), max_length=120, blank=True)
    ticket = models.ForeignKey(
        "desk.Ticket",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    task = models.ForeignKey(
        "work.Task",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    is_billable = models.BooleanField(_("billable"), default=True)
    started_at = models.DateTimeField(_("started"))

    class Meta:
        verbose_name = _("running timer")
        verbose_name_plural = _("running timers")

    def __str__(self) -> str:
        return f"{self.user} since {self.started_at}"


class TimesheetWeek(models.Model):
    """A person's week of time: open, submitted for approval, or approved
    (submitted and approved weeks are locked)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")

    LOCKED = (Status.SUBMITTED, Status.APPROVED)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="timesheets"
    )
    week = models.DateField(_("week (Monday)"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("timesheet week")
        verbose_name_plural = _("timesheet weeks")
        permissions = [("approve_timesheetweek", _("Can approve timesheets"))]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "week"], name="timesheets_one_week_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.week}"

    @property
    def is_locked(self) -> bool:
        return self.status in self.LOCKED


class Budget(models.Model):
    """Hours and money a client has bought: a monthly retainer (unused hours may
    roll over into the next month) or a project at a fixed price or T&M."""

    class Kind(models.TextChoices):
        RETAINER = "retainer", _("Monthly retainer")
        FIXED = "fixed", _("Project, fixed price")
        TIME_AND_MATERIALS = "tm", _("Project, time and materials")

    client = models.ForeignKey(
        Client,
        on_delete=models.CASCADE,
        related_name="budgets",
        verbose_name=_("client"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    month = models.DateField(_("month"), null=True, blank=True)
    project = models.CharField(_("project"), max_length=120, blank=True)
    minutes = models.PositiveIntegerField(_("hours (in minutes)"), default=0)
    amount = models.DecimalField(
        _("amount"), max_digits=14, decimal_places=2, default=Decimal("0")
    )
    currency = CurrencyField()
    rolls_over = models.BooleanField(_("unused hours roll over"), default=False)
    # A retainer may warn the client too: an e-mail to its billing contacts
    # and decision makers once its hours used reach this share, once a month.
    client_alert_percent = models.PositiveSmallIntegerField(
        # xgettext:no-python-format
        _("tell the client at (% of hours used)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    client_alerted_at = models.DateTimeField(
        _("client told"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["client__name", "month", "project"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="retainer") & Q(month__isnull=False) & Q(project=""))
                | (~Q(kind="retainer") & Q(month__isnull=True) & ~Q(project="")),
                name="timesheets_budget_retainer_or_project",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="timesheets_budget_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(client_alert_percent__isnull=True)
                | Q(client_alert_percent__gte=1, client_alert_percent__lte=100),
                name="timesheets_budget_client_alert_percent",
            ),
            models.UniqueConstraint(
                fields=["client", "month"],
                condition=Q(kind="retainer"),
                name="timesheets_one_retainer_per_month",
            ),
            models.UniqueConstraint(
                fields=["client", "project"],
                condition=~Q(kind="retainer"),
                name="timesheets_one_budget_per_project",
            ),
        ]
        indexes = [models.Index(fields=["month", "client"], name="ts_budget_month")]

    def __str__(self) -> str:
        period = self.month.strftime("%Y-%m") if self.month else self.project
        return f"{self.client} · {period}"


class BudgetAlert(models.Model):
    """A burn threshold a budget crossed; the row makes the alert fire once."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="alerts")
    threshold = models.PositiveSmallIntegerField(_("threshold (%)"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("budget alert")
        verbose_name_plural = _("budget alerts")
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "threshold"], name="timesheets_alert_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.budget} {self.threshold}%"
