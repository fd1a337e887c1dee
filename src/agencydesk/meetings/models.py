"""Meetings with clients and inside the agency: agenda, attendees, minutes,
decisions, action items; recurring by RRULE."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencydesk.clients.models import Client, Contact
from agencydesk.core.models import ClientOwned


class MeetingKind(models.TextChoices):
    INTERNAL_KICKOFF = "internal_kickoff", _("Internal kickoff")
    CLIENT_KICKOFF = "client_kickoff", _("Client kickoff")
    MIDPOINT = "midpoint", _("Midpoint review")
    FINAL = "final", _("Final report")
    REGULAR = "regular", _("Regular meeting")


class AgendaTemplate(models.Model):
    """The agenda a new meeting of a kind starts with."""

    kind = models.CharField(
        _("kind"), max_length=20, choices=MeetingKind.choices, unique=True
    )
    agenda = models.TextField(_("agenda"))

    class Meta:
        verbose_name = _("agenda template")
        verbose_name_plural = _("agenda templates")

    def __str__(self) -> str:
        return self.get_kind_display()


class Meeting(ClientOwned):
    """A meeting about one client (possibly recurring)."""

    contact_visible = False

    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    duration_minutes = models.PositiveSmallIntegerField(_("minutes long"), default=60)
    location = models.CharField(_("place or link"), max_length=300, blank=True)
    rrule = models.CharField(
        _("repeats (RRULE)"),
        max_length=200,
        blank=True,
        help_text=_("e.g. FREQ=WEEKLY;BYDAY=MO;COUNT=10"),
    )
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    organizer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organizer"),
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="meetings"
    )
    contacts = models.ManyToManyField(Contact, blank=True, related_name="meetings")
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    # Also moved by a change of attendees or action items (the API shows them
    # with the meeting); the API's list filters on it (``updated_since``).
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-pk"]
        indexes = [
            models.Index(fields=["client", "starts_at"], name="meetings_client_start")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting-detail", args=[self.pk])

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def has_started(self) -> bool:
        """The meeting has begun (or is over): its recap may be sent."""
        return self.starts_at <= timezone.now()


class Invitation(models.Model):
    """An iCalendar message as sent for one version of a meeting (REQUEST or
    CANCEL at a SEQUENCE); the e-mails to its attendees attach it."""

    class Method(models.TextChoices):
        REQUEST = "REQUEST", _("Invitation")
        CANCEL = "CANCEL", _("Cancellation")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="invitations"
    )
    method = models.CharField(max_length=10, choices=Method.choices)
    sequence = models.PositiveIntegerField()
    ics = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar invitation")
        verbose_name_plural = _("calendar invitations")
        ordering = ["meeting", "sequence", "pk"]

    def __str__(self) -> str:
        return f"{self.method} {self.meeting_id}#{self.sequence}"


class ActionItem(ClientOwned):
    """A follow-up agreed in a meeting, with an owner and a due date."""

    client_path = "meeting__client"
    contact_visible = False

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="action_items"
    )
    title = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("owner"),
    )
    due_date = models.DateField(_("due"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    # The project task made from it ("Make a task"); the task page shows the
    # meeting it came from.
    task = models.OneToOneField(
        "work.Task",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_item",
        verbose_name=_("task"),
    )

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["done_at", "due_date", "pk"]

    def __str__(self) -> str:
        return self.title


class FeedKey(models.Model):
    """The version of a person's calendar feed link: resetting it makes the
    address they subscribed with stop working (a lost phone, a shared link),
    without touching anyone else's. No row means version 0 (never reset)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_key"
    )
    version = models.PositiveIntegerField(_("version"), default=0)
    reset_at = models.DateTimeField(_("reset at"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed key")
        verbose_name_plural = _("calendar feed keys")

    def __str__(self) -> str:
        return f"{self.user} v{self.version}"
