"""Stages, statuses, priorities, channels and SLA states of tickets."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

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
