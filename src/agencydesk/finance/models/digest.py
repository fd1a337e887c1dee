"""The log of the Monday digest: one row per recipient and week."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WeeklyDigest(models.Model):
    """Written in the transaction that queues the recipient's digest (or
    finds nothing due), so an hourly rerun, or a second worker, sends
    nothing twice in a week: the unique row is the lock."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    week = models.DateField(_("week of"))  # its Monday, in the recipient's zone
    sent = models.BooleanField(_("sent"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("weekly digest")
        verbose_name_plural = _("weekly digests")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "week"], name="finance_weekly_digest_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.week}"
