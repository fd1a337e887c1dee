"""The requester's rating of a finished ticket."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agencydesk.core.models import ClientOwned

from .messages import (
    TicketChildQuerySet,
)
from .tickets import (
    Ticket,
)


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
