"""Leave and allocations: who is away, and who works for which account when."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from agencydesk.clients.models import Client

MAX_WEEK_MINUTES = 7 * 24 * 60
APPROVE_LEAVE = "planning.approve_leave"


class Leave(models.Model):
    """Days a person is away (vacation, sick, other), requested then approved;
    approved leave reduces their capacity."""

    class Kind(models.TextChoices):
        VACATION = "vacation", _("Vacation")
        SICK = "sick", _("Sick leave")
        OTHER = "other", _("Other leave")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        CANCELLED = "cancelled", _("Cancelled")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="leaves",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("leave")
        verbose_name_plural = _("leave")
        ordering = ["-start", "-pk"]
        permissions = [("approve_leave", _("Can approve leave"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="planning_leave_ends_after_start"
            )
        ]
        indexes = [
            models.Index(fields=["status", "start", "end"], name="planning_leave_span")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.get_kind_display()} {self.start}–{self.end}"

    @property
    def is_decidable(self) -> bool:
        """Only requested leave is approved or rejected."""
        return self.status == self.Status.REQUESTED

    @property
    def is_cancellable(self) -> bool:
        """Requested or approved leave may still be withdrawn."""
        return self.status in (self.Status.REQUESTED, self.Status.APPROVED)

    def can_be_decided_by(self, user) -> bool:
        """Approving or rejecting needs the approval right, on requested leave."""
        return self.is_decidable and user.has_perm(APPROVE_LEAVE)

    def can_be_cancelled_by(self, user) -> bool:
        """A person withdraws their own leave; an approver anyone's."""
        return self.is_cancellable and (
            user.pk == self.user_id or user.has_perm(APPROVE_LEAVE)
        )


class Allocation(models.Model):
    """Time of a person booked for a client account (none: internal) in one ISO
    week, confirmed or tentative."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="allocations",
        verbose_name=_("person"),
    )
    client = models.ForeignKey(
        Client,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="allocations",
        verbose_name=_("client"),
    )
    project = models.CharField(_("project"), max_length=120, blank=True)
    week = models.DateField(_("week (Monday)"))
    minutes = models.PositiveIntegerField(_("minutes"))
    is_tentative = models.BooleanField(_("tentative"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The API's list filters on it (``updated_since``, for syncing).
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["week", "is_tentative", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gt=0) & Q(minutes__lte=MAX_WEEK_MINUTES),
                name="planning_allocation_minutes_range",
            )
        ]
        indexes = [
            # The planner reads a range of weeks for a page of people.
            models.Index(fields=["week", "user"], name="planning_alloc_week_user"),
            # The client view and budgets read one client's weeks.
            models.Index(fields=["client", "week"], name="planning_alloc_client"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.week} {self.client or _('Internal')} {self.minutes}"
