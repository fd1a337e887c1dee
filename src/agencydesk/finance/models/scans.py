"""Signed scans a client sends back from the portal: of a row of the
document status table, or of an act (which it signs)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .contracts import Contract, Document, DocumentQuerySet
from .plan import Act


def signed_scan_path(instance: SignedScan, filename: str) -> str:
    return f"contracts/{instance.contract_id}/scans/{filename}"


class SignedScan(models.Model):
    """One uploaded scan (PDF or image) of a document or an act, kept as the
    contract's file versions are (``clients.services.store_version_file``);
    a second scan of the same paper is kept beside the first."""

    contract = models.ForeignKey(
        Contract, on_delete=models.PROTECT, related_name="scans"
    )
    document = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="scans",
        verbose_name=_("document"),
    )
    act = models.ForeignKey(
        Act,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="scans",
        verbose_name=_("act"),
    )
    file = models.FileField(upload_to=signed_scan_path, max_length=300)
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    # Staff only: the portal shows the client what the scan did (signed,
    # received), not the files themselves.
    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("signed scan")
        verbose_name_plural = _("signed scans")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(document__isnull=False) & Q(act__isnull=True))
                | (Q(document__isnull=True) & Q(act__isnull=False)),
                name="finance_scan_one_paper",
            )
        ]

    def __str__(self) -> str:
        return self.filename
