"""Scope: statements of work, the meter's alerts and change requests."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agencydesk.clients.models import Client
from agencydesk.core.models import ClientOwned
from agencydesk.desk.models import Ticket
from agencydesk.people.roles import Role

from .projects import (
    Area,
    Milestone,
    Project,
)

# --- Scope: statements of work and change requests (issue #13 items 6–7) ---


class ScopePeriod(models.TextChoices):
    MONTH = "month", _("per month")
    WEEK = "week", _("per week")
    PROJECT = "project", _("per project")


class ScopeUnit(models.TextChoices):
    DELIVERABLES = "deliverables", _("deliverables (tasks done)")
    REVISIONS = "revisions", _("revision rounds per deliverable")
    HOURS = "hours", _("hours")


class Sow(ClientOwned):
    """A statement of work for a client (a retainer) or one of its projects,
    in numbered versions: editable while a draft, then sent, then confirmed
    by the client; a confirmed one changes only through an approved change
    request or a new version."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent to the client")
        CONFIRMED = "confirmed", _("Confirmed")
        SUPERSEDED = "superseded", _("Replaced by a newer version")

    contact_actions = frozenset({"confirm"})

    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="sows", verbose_name=_("client")
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sows",
        verbose_name=_("project"),
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=200)
    exclusions = models.TextField(_("not included"), blank=True)
    phase_two = models.TextField(_("phase 2 wish list"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_to = models.ForeignKey(
        "clients.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent to"),
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        "clients.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("statement of work")
        verbose_name_plural = _("statements of work")
        indexes = [models.Index(fields=["client", "status"], name="work_sow_client")]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("work:sow-detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class ScopeLineFields(models.Model):
    """What a line of scope promises: a quantity of a unit per period."""

    what = models.CharField(_("what"), max_length=200)
    quantity = models.DecimalField(_("quantity"), max_digits=9, decimal_places=2)
    period = models.CharField(
        _("period"), max_length=8, choices=ScopePeriod.choices, default="month"
    )
    unit = models.CharField(_("unit"), max_length=14, choices=ScopeUnit.choices)
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("area"),
        help_text=_("Deliverables: count only tasks of this area."),
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.what


class SowLine(ScopeLineFields, ClientOwned):
    client_path = "sow__client"

    sow = models.ForeignKey(Sow, on_delete=models.CASCADE, related_name="lines")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("scope line")
        verbose_name_plural = _("scope lines")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="work_sowline_quantity_positive"
            )
        ]


class ScopeAlert(models.Model):
    """A scope line reached a threshold in a period; the row makes the
    warning go out once per line, period and threshold."""

    line = models.ForeignKey(SowLine, on_delete=models.CASCADE, related_name="alerts")
    period_start = models.DateField()
    threshold = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["line", "period_start", "threshold"],
                name="work_scope_alert_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.line} {self.period_start} {self.threshold}%"


class ChangeRequest(ClientOwned):
    """Extra work the client is asked to approve: its impact in hours by
    role, cost (in the client's currency) and milestone shift."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Waiting for the client")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    contact_actions = frozenset({"decide"})

    client = models.ForeignKey(
        Client,
        on_delete=models.PROTECT,
        related_name="change_requests",
        verbose_name=_("client"),
    )
    sow = models.ForeignKey(
        Sow,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="change_requests",
        verbose_name=_("statement of work"),
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="change_requests",
        verbose_name=_("project"),
    )
    ticket = models.ForeignKey(
        Ticket,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="change_requests",
        verbose_name=_("ticket"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    reason = models.TextField(_("reason"), blank=True)
    # {role: minutes}: the hours the work needs, by staff role.
    hours_by_role = models.JSONField(_("hours by role"), default=dict, blank=True)
    cost_amount = models.DecimalField(
        _("cost"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    cost_currency = models.CharField(_("currency"), max_length=3, blank=True)
    shift_days = models.PositiveSmallIntegerField(
        _("deadline shift (business days)"), default=0
    )
    milestones = models.ManyToManyField(
        Milestone, blank=True, related_name="+", verbose_name=_("affected milestones")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "clients.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision_note = models.TextField(_("comment"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        indexes = [
            models.Index(fields=["client", "status"], name="work_cr_client"),
        ]

    def __str__(self) -> str:
        return f"CR-{self.pk} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("work:cr-detail", args=[self.pk])

    @property
    def total_minutes(self) -> int:
        return sum(int(m) for m in (self.hours_by_role or {}).values())

    @property
    def total_hours(self) -> float:
        return round(self.total_minutes / 60, 2)

    @property
    def hours_rows(self) -> list[tuple[Any, float]]:
        """(role label, hours) of the estimate, for staff pages."""
        return [
            (Role(role).label if role in Role.values else role, round(int(m) / 60, 2))
            for role, m in (self.hours_by_role or {}).items()
        ]


class ChangeRequestLine(ScopeLineFields, ClientOwned):
    """A line the change request adds to the SOW, or adds to (``sow_line``)."""

    client_path = "change_request__client"

    change_request = models.ForeignKey(
        ChangeRequest, on_delete=models.CASCADE, related_name="lines"
    )
    sow_line = models.ForeignKey(
        SowLine,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("adds to the line"),
    )

    class Meta:
        verbose_name = _("change request line")
        verbose_name_plural = _("change request lines")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="work_crline_quantity_positive"
            )
        ]
