"""SLA policies and what a running clock is."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agencydesk.clients.models import Client

from .choices import (
    Priority,
)


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
