"""Tickets through Screening → Analysis → Planning → Production → Delivery."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agencydesk.clients.models import Client, Contact
from agencydesk.core.access import Viewer
from agencydesk.core.models import ClientOwned, ClientScopedQuerySet

TICKET_PREFIX = "AD"


class Stage(models.TextChoices):
    SCREENING = "screening", _("Screening")
    ANALYSIS = "analysis", _("Analysis")
    PLANNING = "planning", _("Planning")
    PRODUCTION = "production", _("Production")
    DELIVERY = "delivery", _("Delivery")


class Status(models.TextChoices):
    OPEN = "open", _("Open")
    WAITING = "waiting", _("Waiting on customer")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


CLOSED_STATUSES = (Status.DONE, Status.CANCELLED)
ACTIVE_STATUSES = (Status.OPEN, Status.WAITING)


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone")
    WHATSAPP = "whatsapp", _("WhatsApp")
    MEETING = "meeting", _("Meeting")
    PORTAL = "portal", _("Portal")
    API = "api", _("API")
    INTERNAL = "internal", _("Internal")


class SlaState(models.TextChoices):
    NONE = "none", _("No SLA")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    BREACHED = "breached", _("Breached")
    MET = "met", _("Met")


class RequestType(models.Model):
    """A kind of request with its production steps (admin-editable)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("request type")
        verbose_name_plural = _("request types")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        # Shipped names are message ids (translated); an admin's own name is
        # shown as typed.
        return gettext(self.name)


class RequestTypeStep(models.Model):
    """A production step of a request type, in order."""

    request_type = models.ForeignKey(
        RequestType, on_delete=models.CASCADE, related_name="steps"
    )
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    due_in_days = models.PositiveSmallIntegerField(
        _("due in business days"), default=2, validators=[MaxValueValidator(365)]
    )

    class Meta:
        verbose_name = _("production step")
        verbose_name_plural = _("production steps")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return gettext(self.name)


class Tag(models.Model):
    """A free label on tickets."""

    name = models.CharField(_("name"), max_length=40, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SlaPolicy(models.Model):
    """Targets for one priority, in business minutes: a client's own, or the
    agency default (no client)."""

    client = models.ForeignKey(
        Client,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sla_policies",
        verbose_name=_("client"),
    )
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices)
    first_response_minutes = models.PositiveIntegerField(
        _("first response (business minutes)"),
        validators=[MinValueValidator(1), MaxValueValidator(60 * 24 * 365)],
    )
    resolution_minutes = models.PositiveIntegerField(
        _("resolution (business minutes)"),
        validators=[MinValueValidator(1), MaxValueValidator(60 * 24 * 365)],
    )

    class Meta:
        verbose_name = _("SLA target")
        verbose_name_plural = _("SLA targets")
        constraints = [
            models.UniqueConstraint(
                fields=["client", "priority"], name="desk_sla_one_per_client_priority"
            ),
            models.UniqueConstraint(
                fields=["priority"],
                condition=Q(client__isnull=True),
                name="desk_sla_one_default_per_priority",
            ),
        ]

    def __str__(self) -> str:
        owner = self.client or gettext("Agency default")
        return f"{owner} · {self.get_priority_display()}"


RUNNING_CLOCK = Q(
    sla_paused_at__isnull=True,
    status__in=["open", "waiting"],
    sla_state__in=["on_track", "at_risk"],
)


class TicketQuerySet(ClientScopedQuerySet):
    """Tickets, with the portal's per-contact narrowing."""

    def visible_to(self, viewer: Viewer) -> TicketQuerySet:
        tickets = super().visible_to(viewer)
        if viewer.is_contact and viewer.limited_to_own:
            tickets = tickets.filter(
                Q(requester__user=viewer.user) | Q(cc__user=viewer.user)
            ).distinct()
        return tickets

    def open(self) -> TicketQuerySet:
        # Named statuses, not "not closed": the partial indexes match it.
        return self.filter(status__in=ACTIVE_STATUSES)


class Ticket(ClientOwned):
    """A client's request moving through the service flow."""

    contact_actions = frozenset({"reply", "rate"})

    number = models.PositiveIntegerField(_("number"), unique=True, editable=False)
    client = models.ForeignKey(
        Client,
        on_delete=models.PROTECT,
        related_name="tickets",
        verbose_name=_("client"),
    )
    requester = models.ForeignKey(
        Contact,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requested_tickets",
        verbose_name=_("requester"),
    )
    cc = models.ManyToManyField(
        Contact, blank=True, related_name="copied_tickets", verbose_name=_("copied")
    )
    request_type = models.ForeignKey(
        RequestType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("request type"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.PORTAL
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    stage = models.CharField(
        _("stage"), max_length=12, choices=Stage.choices, default=Stage.SCREENING
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    analyst = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="analysed_tickets",
        verbose_name=_("responsible analyst"),
    )
    production_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="produced_tickets",
        verbose_name=_("production owner"),
    )
    promised_date = models.DateField(_("promised delivery"), null=True, blank=True)
    estimate_minutes = models.PositiveIntegerField(
        _("estimate (minutes)"), null=True, blank=True
    )
    tags = models.ManyToManyField(Tag, blank=True, verbose_name=_("tags"))
    watchers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="watched_tickets",
        verbose_name=_("watchers"),
    )
    created_at = models.DateTimeField(_("opened"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # The Message-ID of the e-mail that opened it, so our replies thread.
    external_id = models.CharField(max_length=255, blank=True)
    # As on Message: how the e-mail that opened it proved its sender.
    sender_auth = models.CharField(max_length=40, null=True, blank=True)  # noqa: DJ001
    # Optimistic lock: every change bumps it; a change based on an older
    # version is refused instead of overwriting someone else's.
    version = models.PositiveIntegerField(default=1)

    # SLA clock. Due instants move forward when a pause ends, so lists and the
    # sweep compare them with "now" in SQL.
    sla_state = models.CharField(
        _("SLA"), max_length=10, choices=SlaState.choices, default=SlaState.NONE
    )
    first_response_minutes = models.PositiveIntegerField(null=True, blank=True)
    resolution_minutes = models.PositiveIntegerField(null=True, blank=True)
    first_response_due = models.DateTimeField(null=True, blank=True)
    first_response_risk_at = models.DateTimeField(null=True, blank=True)
    first_responded_at = models.DateTimeField(null=True, blank=True)
    resolution_due = models.DateTimeField(null=True, blank=True)
    resolution_risk_at = models.DateTimeField(null=True, blank=True)
    sla_paused_at = models.DateTimeField(null=True, blank=True)
    first_response_met = models.BooleanField(null=True)
    resolution_met = models.BooleanField(null=True)
    first_response_business_minutes = models.PositiveIntegerField(null=True)
    resolution_business_minutes = models.PositiveIntegerField(null=True)

    objects = TicketQuerySet.as_manager()

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        permissions = [("move_ticket", "Can move a ticket between stages and statuses")]
        indexes = [
            models.Index(
                fields=["client", "status", "stage"], name="desk_t_client_flow"
            ),
            models.Index(fields=["status", "stage"], name="desk_t_flow"),
            models.Index(fields=["analyst", "status"], name="desk_t_analyst"),
            models.Index(fields=["sla_state", "status"], name="desk_t_sla"),
            # The SLA sweep reads only running clocks: partial indexes keep the
            # millions of closed tickets out of them.
            models.Index(
                fields=["resolution_due"],
                name="desk_t_res_due",
                condition=RUNNING_CLOCK,
            ),
            models.Index(
                fields=["resolution_risk_at"],
                name="desk_t_res_risk",
                condition=RUNNING_CLOCK,
            ),
            models.Index(
                fields=["first_response_due"],
                name="desk_t_fr_due",
                condition=RUNNING_CLOCK & Q(first_responded_at__isnull=True),
            ),
            models.Index(
                fields=["first_response_risk_at"],
                name="desk_t_fr_risk",
                condition=RUNNING_CLOCK & Q(first_responded_at__isnull=True),
            ),
            # The desk home counts active tickets by stage and SLA state.
            models.Index(
                fields=["stage", "sla_state"],
                name="desk_t_active_counts",
                condition=Q(status__in=["open", "waiting"]),
            ),
            models.Index(fields=["-updated_at"], name="desk_t_updated"),
            models.Index(
                fields=["client", "-created_at"], name="desk_t_client_created"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def reference(self) -> str:
        return f"{TICKET_PREFIX}-{self.number}"

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    @property
    def is_waiting(self) -> bool:
        return self.status == Status.WAITING

    def requested_by(self, user) -> bool:
        """Whether ``user`` made this request (``None`` is the signed rating
        link, which speaks for the requester)."""
        return user is None or (
            self.requester_id is not None and self.requester.user_id == user.pk
        )

    def rateable_by(self, user) -> bool:
        """Who may rate a ticket, and when: the person who made the request,
        once it is done (the portal offers the form when this holds)."""
        return self.status == Status.DONE and self.requested_by(user)

    def get_absolute_url(self) -> str:
        return reverse("desk:ticket-detail", args=[self.number])

    def get_portal_url(self) -> str:
        return reverse("portal:ticket-detail", args=[self.number])


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


class TicketStep(ClientOwned):
    """A production step of one ticket: a checklist item with owner and due date."""

    client_path = "ticket__client"

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="steps")
    name = models.CharField(_("step"), max_length=120)
    order = models.PositiveSmallIntegerField(default=0)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    due_date = models.DateField(_("due"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    objects = TicketChildQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return gettext(self.name)


class Rating(ClientOwned):
    """The requester's satisfaction with a finished ticket (CSAT)."""

    client_path = "ticket__client"

    ticket = models.OneToOneField(
        Ticket, on_delete=models.CASCADE, related_name="rating"
    )
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TicketChildQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=1) & Q(score__lte=5), name="desk_rating_1_to_5"
            )
        ]

    def __str__(self) -> str:
        return f"{self.ticket.reference}: {self.score}"
