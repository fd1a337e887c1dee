"""Working on a task together: comments and files."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from agencydesk.core.models import ClientOwned

from .projects import (
    Task,
)


class TaskComment(ClientOwned):
    """A remark on a task, plain text, that may mention people by @handle.

    Every comment is internal while tasks are staff-only; the flag is kept so
    the portal can show a client the others once it shows tasks."""

    client_path = "task__project__client"
    contact_visible = False

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(_("comment"))
    is_internal = models.BooleanField(_("internal"), default=True)
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("mentioned"),
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("task comment")
        verbose_name_plural = _("task comments")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["task", "created_at"], name="work_comment_task")
        ]

    def __str__(self) -> str:
        return self.body[:40]


def task_file_path(instance: TaskFile, filename: str) -> str:
    # By content, as tickets' attachments: the same file twice is one object.
    return f"tasks/{instance.sha256[:2]}/{instance.sha256}"


class TaskFile(ClientOwned):
    """A file attached to a task (briefs, drafts, references)."""

    client_path = "task__project__client"
    contact_visible = False

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="files")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    file = models.FileField(upload_to=task_file_path, max_length=200)
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("task file")
        verbose_name_plural = _("task files")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["task", "created_at"], name="work_file_task")]

    def __str__(self) -> str:
        return self.filename
