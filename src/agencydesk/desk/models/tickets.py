"""Tickets: the unit of work of the desk."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agencydesk.clients.models import Client, Contact
from agencydesk.core.access import Viewer
from agencydesk.core.models import ClientOwned, ClientScopedQuerySet

from .choices import (
    ACTIVE_STATUSES,
    CLOSED_STATUSES,
    TICKET_PREFIX,
    Channel,
    Priority,
    SlaState,
    Stage,
    Status,
)
from .request_types import (
    RequestType,
    Tag,
)
from .sla import (
    RUNNING_CLOCK,
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
        return self.reference_for(self.number)

    @staticmethod
    def reference_for(number: int) -> str:
        return f"{TICKET_PREFIX}-{number}"

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
