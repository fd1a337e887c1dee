"""What happens on a ticket: transitions, messages and their attachments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from agencydesk.core.access import Viewer
from agencydesk.core.models import ClientOwned, ClientScopedQuerySet

from .choices import (
    Channel,
    Stage,
    Status,
)
from .tickets import (
    Ticket,
)


class TicketChildQuerySet(ClientScopedQuerySet):
    """Rows under a ticket: a contact sees them only on tickets they may see
    (their client's, or only their own when limited)."""

    ticket_path = "ticket"

    def visible_to(self, viewer: Viewer) -> TicketChildQuerySet:
        rows = super().visible_to(viewer)
        if viewer.is_contact and viewer.limited_to_own:
            visible = Ticket.objects.visible_to(viewer).values("pk")
            rows = rows.filter(**{f"{self.ticket_path}__in": visible})
        return rows


class Transition(ClientOwned):
    """One stage/status move of a ticket (append-only history)."""

    client_path = "ticket__client"
    contact_visible = True

    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="transitions"
    )
    from_stage = models.CharField(max_length=12, choices=Stage.choices, blank=True)
    from_status = models.CharField(max_length=10, choices=Status.choices, blank=True)
    to_stage = models.CharField(max_length=12, choices=Stage.choices)
    to_status = models.CharField(max_length=10, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TicketChildQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["ticket", "created_at"], name="desk_tr_ticket")]

    def __str__(self) -> str:
        return f"{self.get_to_stage_display()} ({self.get_to_status_display()})"


class MessageQuerySet(TicketChildQuerySet):
    """Messages; contacts never see internal notes."""

    def visible_to(self, viewer: Viewer) -> MessageQuerySet:
        messages = super().visible_to(viewer)
        if not viewer.is_staff:
            messages = messages.filter(is_internal=False)
        return messages


class Message(ClientOwned):
    """A public reply or an internal note on a ticket."""

    client_path = "ticket__client"

    class Review(models.TextChoices):
        HELD = "held", _("Held: sender not verified")
        ACCEPTED = "accepted", _("Accepted")
        DISCARDED = "discarded", _("Discarded")

    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    is_internal = models.BooleanField(_("internal note"), default=False)
    body = models.TextField(_("message"))
    channel = models.CharField(
        max_length=10, choices=Channel.choices, default=Channel.PORTAL
    )
    # The Message-ID (e-mail) or message id (WhatsApp) it arrived with.
    external_id = models.CharField(max_length=255, blank=True, db_index=True)
    is_automatic = models.BooleanField(_("automatic message"), default=False)
    # How an e-mail's sender was authenticated ("dmarc", "dkim",
    # "reply-address"…); "" when nothing vouched for the From: header; null
    # for messages that did not come by e-mail (three states, hence null).
    sender_auth = models.CharField(max_length=40, null=True, blank=True)  # noqa: DJ001
    # Mail claiming to be a member of staff without proof: kept as an internal
    # note until a person accepts it (it becomes their public reply) or
    # discards it (it stays, marked, on the history).
    review = models.CharField(
        _("review"), max_length=10, choices=Review.choices, blank=True, default=""
    )
    claimed_sender = models.EmailField(_("claimed sender"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MessageQuerySet.as_manager()

    @property
    def sender_unverified(self) -> bool:
        return self.sender_auth == "" and not self.is_automatic

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["ticket", "created_at"], name="desk_msg_ticket")
        ]

    def __str__(self) -> str:
        return f"{self.ticket.reference}: {self.body[:40]}"


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"tickets/{instance.sha256[:2]}/{instance.sha256}"


class AttachmentQuerySet(TicketChildQuerySet):
    """Files; contacts never get those of internal notes."""

    ticket_path = "message__ticket"

    def visible_to(self, viewer: Viewer) -> AttachmentQuerySet:
        attachments = super().visible_to(viewer)
        if not viewer.is_staff:
            attachments = attachments.filter(message__is_internal=False)
        return attachments


class Attachment(ClientOwned):
    """A file sent with a message."""

    client_path = "message__ticket__client"

    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to=attachment_path, max_length=200)
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)

    objects = AttachmentQuerySet.as_manager()

    def __str__(self) -> str:
        return self.filename
