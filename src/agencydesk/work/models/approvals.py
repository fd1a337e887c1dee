"""Client approvals: deliverables with versions, sent in numbered rounds."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agencydesk.clients.models import Contact
from agencydesk.core.models import ClientOwned

from .projects import (
    Milestone,
    Task,
)

# --- Client approvals -----------------------------------------------------------
# A deliverable of a task (files with versions, or a link) is sent to contacts
# of the task's client in numbered rounds; each contact approves or asks for
# changes (work/services/approvals.py).


def deliverable_path(instance: DeliverableVersion, filename: str) -> str:
    # Content-addressed like desk attachments: the name a person sees is
    # ``filename``, never the stored one.
    return f"deliverables/{instance.sha256[:2]}/{instance.sha256}"


class Deliverable(ClientOwned):
    """Something made for the client that it approves: versions of a file or
    a link, sent in rounds."""

    client_path = "task__project__client"
    contact_visible = False

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="deliverables"
    )
    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliverables",
        verbose_name=_("milestone"),
    )
    title = models.CharField(_("title"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")
        ordering = ["pk"]
        permissions = [
            (
                "send_for_approval",
                "Can add deliverables and send them for the client's approval",
            )
        ]

    def __str__(self) -> str:
        return self.title


class DeliverableVersion(ClientOwned):
    """One upload (or link) of a deliverable; numbered from 1."""

    client_path = "deliverable__task__project__client"
    contact_visible = False

    deliverable = models.ForeignKey(
        Deliverable, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(upload_to=deliverable_path, max_length=200, blank=True)
    filename = models.CharField(_("file"), max_length=255, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("deliverable version")
        verbose_name_plural = _("deliverable versions")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["deliverable", "number"], name="work_version_number_once"
            ),
            models.CheckConstraint(
                condition=~Q(filename="") | ~Q(link=""),
                name="work_version_file_or_link",
            ),
        ]

    def __str__(self) -> str:
        return f"v{self.number}"


class ApprovalRound(ClientOwned):
    """One sending of a version to contacts for their decision."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting on the client")
        APPROVED = "approved", _("Approved")
        CHANGES = "changes", _("Changes requested")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        SUPERSEDED = "superseded", _("Replaced by a newer round")

    client_path = "deliverable__task__project__client"
    contact_visible = False

    deliverable = models.ForeignKey(
        Deliverable, on_delete=models.CASCADE, related_name="rounds"
    )
    number = models.PositiveIntegerField(_("round"))
    version = models.ForeignKey(
        DeliverableVersion, on_delete=models.PROTECT, related_name="rounds"
    )
    message = models.TextField(_("message to the client"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # This round moved the task's ticket to "waiting on customer" (its SLA
    # clock stopped) and moves it back when it closes.
    holds_ticket = models.BooleanField(default=False)
    # The client's local date from which the round is overdue and its
    # contacts are reminded (the reminder delay in business days of the
    # client's calendar, counted when it is sent).
    remind_on = models.DateField(_("overdue from"))
    # The client's local date of the last reminder: at most one a day.
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("approval round")
        verbose_name_plural = _("approval rounds")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["deliverable", "number"], name="work_round_number_once"
            )
        ]
        indexes = [
            # The approvals page reads rounds by status, oldest sent first;
            # the reminder sweep pending ones by the day they fall due.
            models.Index(fields=["status", "sent_at"], name="work_round_status"),
            models.Index(fields=["status", "remind_on"], name="work_round_remind"),
        ]

    def __str__(self) -> str:
        return f"{self.deliverable} #{self.number}"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


class ApprovalRequest(ClientOwned):
    """What one contact is asked in a round, and their decision."""

    class Decision(models.TextChoices):
        APPROVED = "approved", _("Approved")
        CHANGES = "changes", _("Changes requested")

    class Via(models.TextChoices):
        PORTAL = "portal", _("the portal")
        LINK = "link", _("the e-mailed link")

    client_path = "round__deliverable__task__project__client"
    # Contacts see the requests of their client (the portal narrows them to
    # their own); nothing else of a deliverable is theirs to list.
    contact_visible = True

    round = models.ForeignKey(
        ApprovalRound, on_delete=models.CASCADE, related_name="requests"
    )
    contact = models.ForeignKey(
        Contact, on_delete=models.PROTECT, related_name="approval_requests"
    )
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, blank=True
    )
    comment = models.TextField(_("comment"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    via = models.CharField(max_length=10, choices=Via.choices, blank=True)

    class Meta:
        verbose_name = _("approval request")
        verbose_name_plural = _("approval requests")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "contact"], name="work_request_once_per_contact"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round} → {self.contact}"
