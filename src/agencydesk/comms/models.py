"""Channels, not tickets: raw inbound messages, mailboxes, and the outbox."""

import re

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from agencydesk.core.secrets import decrypt, encrypt


class InboundMessage(models.Model):
    """A message as it arrived, stored before anything reads it.

    ``dedupe_key`` (the Message-ID, or the content hash when there is none)
    makes intake idempotent: the same message twice is one row.
    """

    class Status(models.TextChoices):
        NEW = "new", _("New")
        PROCESSED = "processed", _("Processed")
        IGNORED = "ignored", _("Ignored")
        TRIAGE = "triage", _("Waiting for triage")
        FAILED = "failed", _("Failed")
        # Kept for a person to release or discard (over the sender limit,
        # over the parsing time budget): never silently dropped.
        HELD = "held", _("Held for review")

    class Source(models.TextChoices):
        EMAIL = "email", _("E-mail")
        WHATSAPP = "whatsapp", _("WhatsApp")

    source = models.CharField(max_length=10, choices=Source.choices)
    via = models.CharField(_("received through"), max_length=120, blank=True)
    raw = models.BinaryField()
    size = models.PositiveIntegerField(default=0)
    dedupe_key = models.CharField(max_length=255, unique=True)
    message_id = models.CharField(max_length=255, blank=True, db_index=True)
    sender = models.CharField(_("sender"), max_length=254, blank=True, db_index=True)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    reason = models.TextField(_("reason"), blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # What the message became, as the handler reports it ("desk.ticket:12").
    ref = models.CharField(max_length=64, blank=True, db_index=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("inbound message")
        verbose_name_plural = _("inbound messages")
        indexes = [
            models.Index(fields=["status", "-received_at"], name="comms_in_status"),
            models.Index(fields=["sender", "received_at"], name="comms_in_sender"),
        ]

    def __str__(self) -> str:
        return f"{self.sender}: {self.subject}"


class Mailbox(models.Model):
    """An IMAP mailbox polled for requests."""

    class Security(models.TextChoices):
        SSL = "ssl", _("SSL/TLS")
        STARTTLS = "starttls", _("STARTTLS")
        NONE = "none", _("None (local servers only)")

    name = models.CharField(_("name"), max_length=120)
    host = models.CharField(_("host"), max_length=255)
    port = models.PositiveIntegerField(_("port"), default=993)
    security = models.CharField(
        _("security"), max_length=10, choices=Security.choices, default=Security.SSL
    )
    username = models.CharField(_("user name"), max_length=255)
    # Stored encrypted (core.secrets, rotated by ``agencydesk rotate_secrets``);
    # set it with ``set_password``.
    password = models.TextField(_("password (encrypted)"), blank=True, default="")
    folder = models.CharField(_("folder to read"), max_length=120, default="INBOX")
    processed_folder = models.CharField(
        _("folder for processed mail"), max_length=120, default="Processed"
    )
    failed_folder = models.CharField(
        _("folder for failed mail"), max_length=120, default="Failed"
    )
    reply_address = models.EmailField(
        _("reply address"),
        help_text=_(
            "Replies go here, e.g. desk@agency.example (plus-addressed per ticket)."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("mailbox")
        verbose_name_plural = _("mailboxes")

    def __str__(self) -> str:
        return self.name

    def set_password(self, plain: str) -> None:
        """Keep the IMAP password encrypted at rest (saved with the row)."""
        self.password = encrypt(plain)

    def password_plain(self) -> str:
        """The IMAP password, decrypted for signing in to the server."""
        return decrypt(self.password) if self.password else ""


class OutboundMessage(models.Model):
    """A message waiting to leave, or sent: the outbox the worker delivers."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        WHATSAPP = "whatsapp", _("WhatsApp")

    class Route(models.TextChoices):
        """How a reply to a WhatsApp conversation went out."""

        FREE_FORM = "free_form", _("Free-form WhatsApp message")
        TEMPLATE = "template", _("WhatsApp template")
        EMAIL = "email", _("E-mail instead of WhatsApp")

    class RouteReason(models.TextChoices):
        WINDOW_OPEN = (
            "window_open",
            _("the customer wrote within the last 24 hours"),
        )
        WINDOW_CLOSED = (
            "window_closed",
            _("more than 24 hours since the customer's last message"),
        )
        NO_TEMPLATE = (
            "no_template",
            _(
                "more than 24 hours since the customer's last message and no "
                "WhatsApp template is configured for their language"
            ),
        )

    class Receipt(models.TextChoices):
        """Delivery as WhatsApp reports it on the webhook, in its order."""

        SENT = "sent", _("Sent")
        DELIVERED = "delivered", _("Delivered")
        READ = "read", _("Read")
        FAILED = "failed", _("Failed")

    channel = models.CharField(
        max_length=10, choices=Channel.choices, default=Channel.EMAIL
    )
    to = models.JSONField(default=list)
    cc = models.JSONField(default=list, blank=True)
    from_email = models.CharField(max_length=254)
    reply_to = models.CharField(max_length=254, blank=True)
    subject = models.CharField(max_length=255, blank=True)
    text = models.TextField(blank=True)
    html = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    message_id = models.CharField(max_length=255, unique=True)
    # What the message belongs to, as the sender names it ("desk.message:42").
    ref = models.CharField(max_length=64, blank=True, db_index=True)
    status = models.CharField(
        _("delivery"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    # The worker process sending it now, and until when that claim holds
    # (core.leases): a killed worker's message is sent again, by the same
    # Message-ID, once the claim is released or runs out.
    claimed_by = models.CharField(max_length=200, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Replies to a WhatsApp conversation: which way they went and why.
    route = models.CharField(
        _("sent as"), max_length=12, choices=Route.choices, blank=True
    )
    route_reason = models.CharField(
        _("because"), max_length=16, choices=RouteReason.choices, blank=True
    )
    template_name = models.CharField(_("template"), max_length=120, blank=True)
    template_language = models.CharField(max_length=12, blank=True)
    template_params = models.JSONField(default=list, blank=True)
    # The id the WhatsApp API gave the message; its webhook statuses name it.
    provider_id = models.CharField(max_length=128, blank=True, db_index=True)
    receipt = models.CharField(
        _("receipt"), max_length=10, choices=Receipt.choices, blank=True
    )
    receipt_error = models.TextField(_("receipt error"), blank=True)
    receipt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="comms_out_due"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)}"


class WhatsAppTemplate(models.Model):
    """A message template approved at Meta, used to answer a WhatsApp customer
    more than 24 hours after their last message (free-form text is refused
    then). One per language; ``{{1}}`` is the ticket reference and ``{{2}}``
    the reply's text, as many of them as the approved body uses."""

    name = models.CharField(_("name"), max_length=120)
    language = models.CharField(
        _("language"), max_length=12, choices=settings.LANGUAGES, unique=True
    )
    template_name = models.CharField(
        _("template name at Meta"),
        max_length=120,
        help_text=_("Exactly as approved in WhatsApp Manager, e.g. ticket_reply."),
    )
    language_code = models.CharField(
        _("template language code at Meta"),
        max_length=12,
        blank=True,
        help_text=_("e.g. en_US or id; empty: the language above."),
    )
    body_preview = models.TextField(
        _("body preview"),
        help_text=_(
            "The approved text; {{1}} is filled with the ticket reference and "
            "{{2}} with the reply."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("WhatsApp template")
        verbose_name_plural = _("WhatsApp templates")
        ordering = ["language"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_language_display()})"

    @property
    def meta_language(self) -> str:
        return self.language_code or self.language.replace("-", "_")

    @property
    def parameter_count(self) -> int:
        """How many numbered placeholders the approved body has."""
        return len(set(re.findall(r"\{\{\s*(\d+)\s*\}\}", self.body_preview)))
