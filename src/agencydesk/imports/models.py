"""Import runs: one uploaded file, checked (a dry run) and then imported."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agencydesk.core.models import FastChoiceLabels


class ImportRun(FastChoiceLabels, models.Model):
    """A file uploaded for import: what each row would do (or did), and the
    file itself, kept for review whether it was imported or refused."""

    class Kind(models.TextChoices):
        CLIENTS = "clients", _("Clients")
        CONTACTS = "contacts", _("Contacts")
        STAFF = "staff", _("Staff")
        TIME_ENTRIES = "time_entries", _("Time entries")
        KPI_DATA = "kpi_data", _("KPI data")

    class Status(models.TextChoices):
        REFUSED = "refused", _("Refused")
        CHECKED = "checked", _("Checked")
        IMPORTED = "imported", _("Imported")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    imported_at = models.DateTimeField(_("imported"), null=True, blank=True)
    filename = models.CharField(_("file name"), max_length=255)
    # Empty when the file was refused for its size: it was never stored.
    file = models.FileField(upload_to="imports/%Y/%m/", max_length=300, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    # Why the whole file was refused (too large, not a table, a column missing).
    message = models.TextField(_("message"), blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    errors = models.PositiveIntegerField(_("errors"), default=0)
    # One {"row", "action", "key", "messages"} per data row, in file order.
    results = models.JSONField(default=list, blank=True)
    ignored_columns = models.JSONField(default=list, blank=True)
    # The client a kind of one client's data is for (KPI data), and how that
    # kind reads the file (a KPI file's column mapping, as it was when the
    # file was checked: the import reads it the same way).
    client = models.ForeignKey(
        "clients.Client",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("client"),
    )
    options = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]
        permissions = [("import_staff", _("Can import staff"))]
        indexes = [models.Index(fields=["-created_at"], name="imports_run_created")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.filename}"

    def get_absolute_url(self) -> str:
        return reverse("imports:detail", args=[self.pk])

    @property
    def is_kpi_data(self) -> bool:
        return self.kind == self.Kind.KPI_DATA

    @property
    def can_be_imported(self) -> bool:
        """Only a checked file whose every row passed is imported."""
        return (
            self.status == self.Status.CHECKED
            and not self.errors
            and self.rows > 0
            and bool(self.file)
        )
