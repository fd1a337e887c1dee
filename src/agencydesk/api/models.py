"""Personal access tokens and the answers kept for retried creates."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    TICKETS_READ = "tickets:read", _("Read tickets")
    TICKETS_WRITE = "tickets:write", _("Open, answer, move and assign tickets")
    CLIENTS_READ = "clients:read", _("Read client accounts")
    CONTACTS_READ = "contacts:read", _("Read contacts")
    CONTACTS_WRITE = "contacts:write", _("Add and change contacts")
    NOTIFICATIONS_READ = "notifications:read", _("Read your notifications")
    NOTIFICATIONS_WRITE = "notifications:write", _("Mark your notifications read")
    TIMELINE_READ = "timeline:read", _("Read client timelines")
    WEBHOOKS_WRITE = "webhooks:write", _("List, add and delete webhooks")
    TIME_READ = "time:read", _("Read time entries and your timer")
    TIME_WRITE = "time:write", _("Record and change time; start and stop your timer")
    PLANNING_READ = "planning:read", _("Read bookings and capacity")
    PLANNING_WRITE = "planning:write", _("Book, change and remove planned time")
    MEETINGS_READ = "meetings:read", _("Read meetings, their minutes and action items")
    PROJECTS_READ = "projects:read", _("Read projects and tasks")
    PROJECTS_WRITE = "projects:write", _("Start projects; add, change and move tasks")
    APPROVALS_READ = "approvals:read", _("Read client approvals")
    APPROVALS_WRITE = "approvals:write", _("Decide on approvals asked of you")
    SCOPE_READ = "scope:read", _("Read statements of work and change requests")
    SCOPE_WRITE = (
        "scope:write",
        _("Draft and send change requests; decide those sent to you"),
    )
    ONBOARDING_READ = "onboarding:read", _("Read onboarding and offboarding checklists")
    FINANCE_READ = "finance:read", _("Read contracts, contractors and documents")
    FINANCE_WRITE = (
        "finance:write",
        _("Record and change contracts, contractors and documents"),
    )
    KPIS_READ = "kpis:read", _("Read KPIs and their data")
    KPIS_WRITE = "kpis:write", _("Add KPIs and record their data")
    RISKS_READ = "risks:read", _("Read complaints, risks and escalations")
    RISKS_WRITE = "risks:write", _("Record complaints and risks, and escalate them")


class ApiToken(models.Model):
    """A token for the API: it acts as its user (a person, or an integration's
    account), within its scopes, until it expires or is revoked. Only the
    SHA-256 of the secret is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(_("scopes"), default=list)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    last_used_ip = models.CharField(_("last address"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Who made it: the person themselves, or the admin who made an
    # integration's token (kept when that admin's account goes).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ("-created_at", "-pk")
        permissions = [
            ("manage_integrations", _("Manage integrations and their tokens")),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_active_at(self, now) -> bool:
        return self.revoked_at is None and self.expires_at > now

    @property
    def is_active(self) -> bool:
        return self.is_active_at(timezone.now())

    def scope_labels(self) -> list[str]:
        labels = dict(Scope.choices)
        return [str(labels.get(s, s)) for s in self.scopes]


class IdempotencyKey(models.Model):
    """The answer given to a create sent with an ``Idempotency-Key``: a retry
    with the same key and body gets it again instead of a second object."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(max_length=255)
    body_hash = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField()
    response_body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], name="api_idempotency_user_key"
            )
        ]

    def __str__(self) -> str:
        return self.key


class WebhookEventType(models.TextChoices):
    TICKET_CREATED = "ticket.created", _("A ticket was opened")
    TICKET_MOVED = "ticket.moved", _("A ticket changed stage or status")
    MESSAGE_CREATED = "message.created", _("A reply was added to a ticket")
    TICKET_BREACHED = "ticket.breached", _("A ticket breached its SLA")
    CLIENT_ARCHIVED = "client.archived", _("A client account was archived")
    TASK_MOVED = "task.moved", _("A task moved to another column")
    APPROVAL_DECIDED = "approval.decided", _("A client decided on an approval")
    CHANGE_REQUEST_DECIDED = (
        "change_request.decided",
        _("A client approved or rejected a change request"),
    )
    INVOICE_ISSUED = "invoice.issued", _("An invoice was issued")
    INVOICE_PAID = "invoice.paid", _("An invoice was paid in full")
    INVOICE_OVERDUE = "invoice.overdue", _("An invoice became overdue")
    COMPLAINT_OPENED = "complaint.opened", _("A client complaint was recorded")
    RISK_ESCALATED = "risk.escalated", _("A risk was escalated to management")
    PING = "ping", _("Test event")


class WebhookSubscription(models.Model):
    """An outside system told of events by signed POSTs to its URL."""

    url = models.URLField(_("URL"), max_length=500)
    # A Fernet token of core.secrets (re-encrypted by ``rotate_secrets``).
    secret = models.TextField()
    event_types = models.JSONField(_("events"), default=list)
    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    is_active = models.BooleanField(_("active"), default=True)
    failures_in_row = models.PositiveIntegerField(_("failures in a row"), default=0)
    disabled_at = models.DateTimeField(_("disabled"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return self.url

    def event_labels(self) -> list[str]:
        labels = dict(WebhookEventType.choices)
        return [str(labels.get(t, t)) for t in self.event_types]


class WebhookEvent(models.Model):
    """Something that happened, as sent to every subscription that wants it."""

    type = models.CharField(_("event"), max_length=50)
    client = models.ForeignKey(
        "clients.Client",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook event")
        verbose_name_plural = _("webhook events")

    def __str__(self) -> str:
        return f"{self.type} #{self.pk}"


class WebhookDelivery(models.Model):
    """One attempt to POST an event to a subscription: the delivery log."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.ForeignKey(
        WebhookEvent, on_delete=models.CASCADE, related_name="deliveries"
    )
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    response_code = models.PositiveSmallIntegerField(
        _("response code"), null=True, blank=True
    )
    response_body = models.TextField(_("response"), blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    # The worker process making it now (core.leases); its lease is the
    # next_attempt_at it set.
    claimed_by = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [
            models.Index(
                fields=["status", "next_attempt_at"], name="api_webhook_due_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.subscription} ({self.attempt})"
