"""The financial plan of a contract: planned invoices, acts (completion
certificates) closing works per period, and the bills of contractors."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencydesk.core.models import FastChoiceLabels

from .billing import Invoice
from .contracts import Contract, DocumentQuerySet


class PlannedInvoice(models.Model):
    """A line of the plan: an invoice we mean to issue on a date, linked to
    the invoice once it is made."""

    contract = models.ForeignKey(
        Contract,
        on_delete=models.PROTECT,
        related_name="planned_invoices",
        verbose_name=_("contract"),
    )
    what_for = models.CharField(_("what for"), max_length=300)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    planned_date = models.DateField(_("planned date"))
    # Carried to the invoice made from this line.
    is_deposit = models.BooleanField(_("deposit"), default=False)
    invoice = models.OneToOneField(
        Invoice,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="planned",
        verbose_name=_("invoice"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("planned invoice")
        verbose_name_plural = _("planned invoices")
        ordering = ["planned_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="finance_planned_amount_positive"
            )
        ]
        # The weekly view's plan lines of two weeks.
        indexes = [models.Index(fields=["planned_date"])]

    def __str__(self) -> str:
        return self.what_for

    @property
    def is_issued(self) -> bool:
        # Reads the linked invoice: select it with the row.
        return self.invoice is not None and self.invoice.status != "draft"

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """The planned date passed and no invoice was issued for it."""
        today = today or timezone.localdate()
        return not self.is_issued and self.planned_date < today


class ActQuerySet(DocumentQuerySet):
    """A billing contact sees their client's acts once sent to them."""

    for_contacts = ~Q(status="draft")


class Act(FastChoiceLabels, models.Model):
    """A completion certificate: the works of a period, delivered and closed."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent")
        SIGNED = "signed", _("Signed")
        DISPUTED = "disputed", _("Disputed")

    contract = models.ForeignKey(
        Contract,
        on_delete=models.PROTECT,
        related_name="acts",
        verbose_name=_("contract"),
    )
    number = models.CharField(_("number"), max_length=60, blank=True)
    date = models.DateField(_("date"))
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    delivered = models.TextField(_("what was delivered"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    objects = ActQuerySet.as_manager()
    # A billing contact signs an act sent to them (by uploading its scan).
    contact_actions = ("sign",)

    class Meta:
        verbose_name = _("act")
        verbose_name_plural = _("acts")
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="finance_act_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="finance_act_period",
            ),
        ]

    def __str__(self) -> str:
        return self.number or f"{self.period_start} – {self.period_end}"


class ContractorBill(FastChoiceLabels, models.Model):
    """A contractor's bill we have to pay, in the contract's currency."""

    class Status(models.TextChoices):
        TO_PAY = "to_pay", _("To pay")
        PAID = "paid", _("Paid")

    contract = models.ForeignKey(
        Contract,
        on_delete=models.PROTECT,
        related_name="bills",
        verbose_name=_("contract"),
    )
    number = models.CharField(_("number"), max_length=60)
    date = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.TO_PAY
    )
    paid_date = models.DateField(_("paid on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("contractor bill")
        verbose_name_plural = _("contractor bills")
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="finance_bill_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(status="to_pay", paid_date__isnull=True)
                | Q(status="paid", paid_date__isnull=False),
                name="finance_bill_paid_date",
            ),
            models.UniqueConstraint(
                fields=["contract", "number"], name="finance_bill_number_unique"
            ),
        ]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return self.number

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status == self.Status.TO_PAY and self.due_date < today
