"""The production steps of one ticket."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agencydesk.core.models import ClientOwned

from .messages import (
    TicketChildQuerySet,
)
from .tickets import (
    Ticket,
)


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
