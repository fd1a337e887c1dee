"""Risks and problems on record: client complaints and their procedure, the
risk register (per client or agency-wide), and every escalation to
management with whom, why, by whom and about what."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agencydesk.clients.models import Client
from agencydesk.core.models import ClientOwned


class Complaint(ClientOwned):
    """A client's complaint: opened (from a call or a ticket), acknowledged
    within a target, resolved, closed only with the resolution recorded and
    the client's confirmation."""

    contact_visible = False

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        RESOLVED = "resolved", _("Resolved")
        CLOSED = "closed", _("Closed")

    class Source(models.TextChoices):
        CALL = "call", _("Phone or video call")
        TICKET = "ticket", _("Ticket")
        OTHER = "other", _("Other")

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="complaints"
    )
    ticket = models.ForeignKey(
        "desk.Ticket",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("ticket"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=10000)
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.CALL
    )
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.OPEN
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="complaints_owned",
        verbose_name=_("owner"),
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("raised by"),
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True, db_index=True)
    # The last day (the client's business calendar) to acknowledge it.
    acknowledge_by = models.DateField(_("acknowledge by"))
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolution = models.TextField(_("resolution"), blank=True, max_length=10000)
    client_confirmed_on = models.DateField(
        _("client confirmed on"), null=True, blank=True
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-opened_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "opened_at"]),
            models.Index(fields=["client", "status"]),
            models.Index(fields=["owner", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="closed")
                | (Q(client_confirmed_on__isnull=False) & ~Q(resolution="")),
                name="risks_complaint_closed_confirmed",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("risks:complaint-detail", args=[self.pk])

    def acknowledgement_overdue(self, today: datetime.date) -> bool:
        """Still not acknowledged after its target day."""
        return self.status == self.Status.OPEN and today > self.acknowledge_by

    @property
    def can_acknowledge(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def can_resolve(self) -> bool:
        return self.status in (self.Status.OPEN, self.Status.ACKNOWLEDGED)

    @property
    def can_close(self) -> bool:
        return self.status == self.Status.RESOLVED

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


SCALE = [(n, str(n)) for n in range(1, 6)]


class Risk(ClientOwned):
    """A risk of one client, or of the agency (no client): how likely and how
    bad, who owns it, how it is mitigated and what to do if it happens."""

    contact_visible = False

    class Category(models.TextChoices):
        DELIVERY = "delivery", _("Delivery")
        BUDGET = "budget", _("Budget")
        RELATIONSHIP = "relationship", _("Client relationship")
        STAFFING = "staffing", _("Staffing")
        TECHNICAL = "technical", _("Technical")
        LEGAL = "legal", _("Legal")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MITIGATED = "mitigated", _("Mitigated")
        MATERIALISED = "materialised", _("Materialised")
        CLOSED = "closed", _("Closed")

    client = models.ForeignKey(
        Client,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="risks",
        verbose_name=_("client"),
    )
    title = models.CharField(_("risk"), max_length=200)
    category = models.CharField(_("category"), max_length=15, choices=Category.choices)
    probability = models.PositiveSmallIntegerField(_("probability"), choices=SCALE)
    impact = models.PositiveSmallIntegerField(_("impact"), choices=SCALE)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="risks_owned",
        verbose_name=_("owner"),
    )
    mitigation = models.TextField(_("mitigation"), blank=True, max_length=10000)
    contingency = models.TextField(_("contingency plan"), blank=True, max_length=10000)
    review_date = models.DateField(_("review date"), null=True, blank=True)
    # The review date the owner was last reminded of: once per review date.
    reminded_for = models.DateField(null=True, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.OPEN
    )
    what_happened = models.TextField(_("what happened"), blank=True, max_length=10000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        ordering = ["-created_at", "-pk"]
        permissions = [
            (
                "manage_every_client",
                _("Can manage the complaints and risks of every client"),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "review_date"]),
            models.Index(fields=["client", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(probability__gte=1, probability__lte=5),
                name="risks_risk_probability_1_5",
            ),
            models.CheckConstraint(
                condition=Q(impact__gte=1, impact__lte=5),
                name="risks_risk_impact_1_5",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("risks:risk-update", args=[self.pk])

    @property
    def score(self) -> int:
        return self.probability * self.impact

    @property
    def level(self) -> str:
        """low (1–4), medium (5–9), high (10–16), critical (20–25)."""
        return score_level(self.score)

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.OPEN, self.Status.MITIGATED)


def score_level(score: int) -> str:
    if score >= 20:
        return "critical"
    if score >= 10:
        return "high"
    if score >= 5:
        return "medium"
    return "low"


class Escalation(ClientOwned):
    """A problem taken to management: about a complaint, a risk or a ticket,
    to whom, why, by whom (none: the system) and when."""

    contact_visible = False

    class Rule(models.TextChoices):
        """Why it was escalated: by hand (the reason is the person's text) or
        by a rule (the reason is written from the rule when read, in the
        reader's language)."""

        MANUAL = "manual", _("By hand")
        COMPLAINT_OPENED = "complaint_opened", _("A complaint was opened")
        SLA_BREACH = "sla_breach", _("SLA missed on a high-priority ticket")
        LOW_RATING = "low_rating", _("Rated 1 or 2 by the client")

    client = models.ForeignKey(
        Client,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="escalations",
        verbose_name=_("client"),
    )
    complaint = models.ForeignKey(
        Complaint,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="escalations",
    )
    risk = models.ForeignKey(
        Risk,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="escalations",
    )
    ticket = models.ForeignKey(
        "desk.Ticket",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="escalations",
    )
    rule = models.CharField(
        _("rule"), max_length=20, choices=Rule.choices, default=Rule.MANUAL
    )
    reason = models.TextField(_("why"), blank=True, max_length=5000)
    # The rating of a low-rating escalation (its reason says it).
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    escalated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    escalated_to = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="escalations_received", blank=True
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # About exactly one thing.
            models.CheckConstraint(
                condition=(
                    Q(complaint__isnull=False, risk__isnull=True, ticket__isnull=True)
                    | Q(complaint__isnull=True, risk__isnull=False, ticket__isnull=True)
                    | Q(complaint__isnull=True, risk__isnull=True, ticket__isnull=False)
                ),
                name="risks_escalation_about_one",
            ),
        ]

    def __str__(self) -> str:
        return str(self.about)

    @property
    def about(self):
        return self.complaint or self.risk or self.ticket

    @property
    def automatic(self) -> bool:
        return self.rule != self.Rule.MANUAL

    @property
    def reason_text(self) -> str:
        """Why, in the active language (a rule's reason is written now)."""
        if self.rule == self.Rule.COMPLAINT_OPENED and self.complaint_id:
            return gettext("A complaint was opened: %(title)s") % {
                "title": self.complaint.title
            }
        if self.rule == self.Rule.SLA_BREACH and self.ticket_id:
            return gettext("%(ref)s missed its SLA (priority: %(priority)s).") % {
                "ref": self.ticket.reference,
                "priority": self.ticket.get_priority_display(),
            }
        if self.rule == self.Rule.LOW_RATING and self.ticket_id:
            return gettext("The client rated %(ref)s %(score)s out of 5.") % {
                "ref": self.ticket.reference,
                "score": self.score,
            }
        return self.reason
