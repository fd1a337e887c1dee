"""Invoices against client contracts, their lines, and the payments recorded
against them. An issued invoice is never changed: it is corrected by a credit
note (an invoice of negative amounts linked to the one it corrects)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencydesk.core.models import FastChoiceLabels
from agencydesk.core.money import CurrencyField

from .contracts import Contract, ContractQuerySet, DocumentQuerySet

CENT = Decimal("0.01")


class LineQuerySet(ContractQuerySet):
    path = "invoice__contract__"
    for_contacts = None


class InvoiceQuerySet(DocumentQuerySet):
    """A billing contact sees their client's invoices and credit notes once
    issued (a draft is the agency's working paper)."""

    for_contacts = ~Q(status="draft")


class Invoice(FastChoiceLabels, models.Model):
    """An invoice (or a credit note) of a client contract, in its currency.

    Drafts have no number; the number is taken at issue time from the gap-free
    counter of its series and year (``core.numbering``), so a refused or
    rolled-back issue leaves no gap. Totals are stored: an issued invoice
    never changes, so what was sent is what is read."""

    class Kind(models.TextChoices):
        INVOICE = "invoice", _("Invoice")
        CREDIT_NOTE = "credit_note", _("Credit note")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ISSUED = "issued", _("Issued")
        PAID = "paid", _("Paid")
        CANCELLED = "cancelled", _("Cancelled")

    contract = models.ForeignKey(
        Contract,
        on_delete=models.PROTECT,
        related_name="invoices",
        verbose_name=_("contract"),
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=Kind.choices, default=Kind.INVOICE
    )
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credit_notes",
        verbose_name=_("corrects"),
    )
    series = models.CharField(_("series"), max_length=10, default="INV")
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    sequence = models.PositiveIntegerField(null=True, blank=True, editable=False)
    number = models.CharField(
        _("number"), max_length=40, null=True, blank=True, unique=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    currency = CurrencyField(_("currency"))
    tax_rate = models.DecimalField(_("tax rate %"), max_digits=5, decimal_places=2)
    subtotal = models.DecimalField(
        _("subtotal"), max_digits=14, decimal_places=2, default=0
    )
    tax = models.DecimalField(_("tax"), max_digits=14, decimal_places=2, default=0)
    total = models.DecimalField(_("total"), max_digits=14, decimal_places=2, default=0)
    # Kept by the payment services under the invoice's row lock: the sum of
    # the payments not reversed.
    amount_paid = models.DecimalField(
        _("paid"), max_digits=14, decimal_places=2, default=0
    )
    issue_date = models.DateField(_("issue date"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    paid_date = models.DateField(_("paid on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    # The deposit of its contract: paying it in full is what the onboarding
    # checklist's deposit item waits for (finance only tells, by its signals).
    is_deposit = models.BooleanField(_("deposit invoice"), default=False)
    # The last sending to the client's billing contacts (every sending is
    # also an ``invoice.sent`` event on the client's timeline).
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_to = models.JSONField(_("sent to"), default=list, blank=True)
    # When the overdue sweep first found it past its due date (the
    # ``invoice.overdue`` event is written once), and its last reminder.
    overdue_at = models.DateTimeField(_("overdue since"), null=True, blank=True)
    last_reminded_at = models.DateTimeField(_("last reminded"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-issue_date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "year", "sequence"],
                name="finance_invoice_number_unique",
            ),
            # A draft has no number; anything issued has one.
            models.CheckConstraint(
                condition=Q(status="draft", number__isnull=True)
                | (~Q(status="draft") & Q(number__isnull=False)),
                name="finance_invoice_numbered_when_issued",
            ),
            models.CheckConstraint(
                condition=Q(kind="invoice", corrects__isnull=True)
                | Q(kind="credit_note", corrects__isnull=False),
                name="finance_invoice_credit_note_corrects",
            ),
            models.CheckConstraint(
                condition=Q(amount_paid__gte=0), name="finance_invoice_paid_positive"
            ),
            # One deposit per contract; a cancelled one (credited) gives way
            # to its correction.
            models.UniqueConstraint(
                fields=["contract"],
                condition=Q(is_deposit=True) & ~Q(status="cancelled"),
                name="finance_invoice_one_deposit",
            ),
            models.CheckConstraint(
                condition=Q(is_deposit=False) | Q(kind="invoice"),
                name="finance_invoice_deposit_is_invoice",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_date"]),
            models.Index(fields=["contract", "status"]),
            # The weekly view sums what is due on issued invoices by due date:
            # on PostgreSQL an index-only scan of the few open ones instead
            # of reading their rows scattered over the whole table.
            models.Index(
                fields=["due_date"],
                include=["contract", "currency", "total", "amount_paid"],
                condition=Q(status="issued", kind="invoice"),
                name="finance_invoice_open_due",
            ),
        ]

    def __str__(self) -> str:
        return self.number or str(_("Draft invoice"))

    def get_absolute_url(self) -> str:
        return reverse("finance:invoice-detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_credit_note(self) -> bool:
        return self.kind == self.Kind.CREDIT_NOTE

    @property
    def amount_due(self) -> Decimal:
        if self.is_credit_note or self.status == self.Status.CANCELLED:
            return Decimal("0")
        return self.total - self.amount_paid

    @property
    def may_take_payment(self) -> bool:
        return (
            self.kind == self.Kind.INVOICE
            and self.status == self.Status.ISSUED
            and self.amount_due > 0
        )

    @property
    def may_be_credited(self) -> bool:
        """A whole issued invoice with no payment standing against it."""
        return (
            self.kind == self.Kind.INVOICE
            and self.status == self.Status.ISSUED
            and self.amount_paid == 0
        )

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return bool(
            self.kind == self.Kind.INVOICE
            and self.status == self.Status.ISSUED
            and self.due_date is not None
            and self.due_date < today
        )


class InvoiceLine(models.Model):
    """A line of an invoice: quantity × unit price (negative on a credit note)."""

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(default=0)
    description = models.CharField(_("description"), max_length=300)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=2)
    unit_price = models.DecimalField(_("unit price"), max_digits=14, decimal_places=2)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)

    objects = LineQuerySet.as_manager()

    class Meta:
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        ordering = ["invoice", "position", "pk"]

    def __str__(self) -> str:
        return self.description


class Payment(FastChoiceLabels, models.Model):
    """Money received against an invoice, in the invoice's currency. A payment
    is never deleted: a reversal is recorded on it and re-opens the invoice."""

    class Method(models.TextChoices):
        BANK_TRANSFER = "bank_transfer", _("Bank transfer")
        CARD = "card", _("Card")
        CASH = "cash", _("Cash")
        OTHER = "other", _("Other")

    invoice = models.ForeignKey(
        Invoice,
        on_delete=models.PROTECT,
        related_name="payments",
        verbose_name=_("invoice"),
    )
    date = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = CurrencyField(_("currency"))
    method = models.CharField(
        _("method"),
        max_length=15,
        choices=Method.choices,
        default=Method.BANK_TRANSFER,
    )
    reference = models.CharField(_("reference"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    reversed_at = models.DateTimeField(_("reversed"), null=True, blank=True)
    reversed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reversal_reason = models.CharField(
        _("why it was reversed"), max_length=300, blank=True
    )

    objects = LineQuerySet.as_manager()

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="finance_payment_amount_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"

    @property
    def is_reversed(self) -> bool:
        return self.reversed_at is not None


class InvoiceSource(FastChoiceLabels, models.Model):
    """What a draft's line bills: a client's retainer month, an approved time
    entry, a reached milestone or an approved change request. Each is billed
    once (a unique row per source); deleting the draft, removing the line
    from it or crediting the issued invoice deletes the row and frees it."""

    class Kind(models.TextChoices):
        RETAINER = "retainer", _("Retainer month")
        TIME = "time", _("Approved time")
        MILESTONE = "milestone", _("Milestone")
        CHANGE_REQUEST = "change_request", _("Approved change")

    invoice = models.ForeignKey(
        Invoice, on_delete=models.CASCADE, related_name="sources"
    )
    # Kept across "Change the draft" while the line stays (see
    # services.invoices.invoice_update); a removed line frees its sources.
    line = models.ForeignKey(
        InvoiceLine,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sources",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    # Rows of lower apps: deleting them there drops the mark, never the
    # invoice line (what was billed stays billed).
    budget = models.ForeignKey(
        "timesheets.Budget",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    month = models.DateField(_("month"), null=True, blank=True)
    time_entry = models.OneToOneField(
        "timesheets.TimeEntry",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    milestone = models.OneToOneField(
        "work.Milestone",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    change_request = models.OneToOneField(
        "work.ChangeRequest",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = LineQuerySet.as_manager()

    class Meta:
        verbose_name = _("invoice source")
        verbose_name_plural = _("invoice sources")
        constraints = [
            # One retainer invoice per client budget month, whatever the
            # contract it is billed on.
            models.UniqueConstraint(
                fields=["budget"], name="finance_source_retainer_once"
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="retainer", budget__isnull=False, month__isnull=False)
                    & Q(time_entry__isnull=True)
                    & Q(milestone__isnull=True)
                    & Q(change_request__isnull=True)
                )
                | (
                    Q(kind="time", time_entry__isnull=False, budget__isnull=True)
                    & Q(milestone__isnull=True)
                    & Q(change_request__isnull=True)
                )
                | (
                    Q(kind="milestone", milestone__isnull=False, budget__isnull=True)
                    & Q(time_entry__isnull=True)
                    & Q(change_request__isnull=True)
                )
                | (
                    Q(kind="change_request", change_request__isnull=False)
                    & Q(budget__isnull=True)
                    & Q(time_entry__isnull=True)
                    & Q(milestone__isnull=True)
                ),
                name="finance_source_one_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()
