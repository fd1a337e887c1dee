"""Parties and contracts, the contract's file in versions, and the document
status table (what is signed, what the other side still owes us)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from agencydesk.core.access import client_scoped
from agencydesk.core.models import FastChoiceLabels
from agencydesk.core.money import CurrencyField

if TYPE_CHECKING:
    from agencydesk.core.access import Viewer

# Holders see and manage the contracts and documents of every client (within
# need-to-know) and of contractors; without it, an account manager sees only
# the clients whose team they are on as account manager or lead.
EVERY_CONTRACT = "finance.manage_every_contract"
# Team roles that make someone "the client's AM" for finance.
MANAGING_ROLES = ("account_manager", "lead")


def _managed_client_ids(viewer: Viewer) -> models.QuerySet:
    from agencydesk.clients.models import TeamMember

    return TeamMember.objects.filter(user=viewer.user, role__in=MANAGING_ROLES).values(
        "client_id"
    )


class ContractorQuerySet(models.QuerySet):
    def visible_to(self, viewer: Viewer) -> ContractorQuerySet:
        """Contractors are internal: finance, admins and leads only."""
        if viewer.is_staff and viewer.has_perm(EVERY_CONTRACT):
            return self.all()
        return self.none()


class Contractor(FastChoiceLabels, models.Model):
    """A freelancer or vendor the agency pays: a party of its own."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    country = CountryField(_("country"), blank=True)
    currency = CurrencyField(_("currency"), default="USD")
    email = models.EmailField(_("e-mail address"), blank=True)
    # Fernet token (core.secrets): account number, IBAN, SWIFT… never listed.
    bank_details_encrypted = models.TextField(blank=True, default="", editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    objects = ContractorQuerySet.as_manager()

    class Meta:
        verbose_name = _("contractor")
        verbose_name_plural = _("contractors")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def has_bank_details(self) -> bool:
        return bool(self.bank_details_encrypted)


def _billing_role() -> str:
    from agencydesk.clients.models import Contact

    return Contact.Role.BILLING


class ContractQuerySet(models.QuerySet):
    path = ""
    # What a client's billing contact sees of these rows in the portal, beyond
    # "of their client": ``None`` is nothing (the default of every finance
    # row but contracts, documents, issued invoices and sent acts — lines,
    # payments, the plan, bills and files stay internal).
    for_contacts: Q | None = Q()

    def visible_to(self, viewer: Viewer) -> ContractQuerySet:
        """Staff, and a contact with the billing role for their client's rows
        the model shows them (``for_contacts``). Need-to-know applies to
        client contracts; contractor contracts have no client and pass it, but
        only holders of ``EVERY_CONTRACT`` see them at all."""
        if not viewer.is_staff:
            return self._for_contact(viewer)
        prefix = self.path
        rows = client_scoped(self, viewer, f"{prefix}client")
        if viewer.has_perm(EVERY_CONTRACT):
            return rows
        return rows.filter(**{f"{prefix}client_id__in": _managed_client_ids(viewer)})

    def _for_contact(self, viewer: Viewer) -> ContractQuerySet:
        if self.for_contacts is None or not viewer.has_contact_role(_billing_role()):
            return self.none()
        return self.filter(
            self.for_contacts, **{f"{self.path}client_id__in": viewer.client_ids}
        )


class DocumentQuerySet(ContractQuerySet):
    """Rows of a contract (files, plan, bills, scans): internal to staff."""

    path = "contract__"
    for_contacts = None


class DocumentRowQuerySet(DocumentQuerySet):
    """The document status table: a billing contact sees their client's rows."""

    for_contacts = ~Q(kind="contractor_bill")


class Contract(FastChoiceLabels, models.Model):
    """A contract with a client or with a contractor (exactly one).

    Not ``ClientOwned``: a contractor contract has no client, and
    ``ClientScopedQuerySet`` would hide it from everyone under need-to-know.
    Its queryset scopes client rows with ``core.access.client_scoped`` (the
    pattern of rows that may have no client) and keeps contractor rows for
    finance."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")
        CANCELLED = "cancelled", _("Cancelled")

    class Signature(models.TextChoices):
        E_SIGNED = "e_signed", _("E-signed")
        PAPER = "paper", _("Paper")

    # Where a status may go; ended and cancelled contracts are closed.
    MOVES = {
        Status.DRAFT: {Status.ACTIVE, Status.CANCELLED},
        Status.ACTIVE: {Status.ENDED, Status.CANCELLED},
        Status.ENDED: set(),
        Status.CANCELLED: set(),
    }

    number = models.CharField(_("number"), max_length=60, unique=True)
    date = models.DateField(_("date"))
    client = models.ForeignKey(
        "clients.Client",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contracts",
        verbose_name=_("client"),
    )
    contractor = models.ForeignKey(
        Contractor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contracts",
        verbose_name=_("contractor"),
    )
    subject = models.CharField(_("subject"), max_length=300)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = CurrencyField(_("currency"))
    tax_rate = models.DecimalField(
        _("tax rate %"), max_digits=5, decimal_places=2, default=0
    )
    deposit_percent = models.DecimalField(
        _("deposit %"), max_digits=5, decimal_places=2, default=0
    )
    net_days = models.PositiveSmallIntegerField(_("payment due in (days)"), default=14)
    payment_schedule = models.TextField(_("payment schedule"), blank=True)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    signature = models.CharField(
        _("signature"),
        max_length=10,
        choices=Signature.choices,
        default=Signature.PAPER,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    projects = models.ManyToManyField(
        "work.Project", blank=True, related_name="contracts", verbose_name=_("projects")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    objects = ContractQuerySet.as_manager()

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["-date", "-pk"]
        permissions = [
            (
                "manage_every_contract",
                _("Can see and manage the contracts of every client and contractor"),
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(client__isnull=False) & Q(contractor__isnull=True))
                | (Q(client__isnull=True) & Q(contractor__isnull=False)),
                name="finance_contract_one_party",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="finance_contract_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(tax_rate__gte=0, tax_rate__lte=100)
                & Q(deposit_percent__gte=0, deposit_percent__lte=100),
                name="finance_contract_percents",
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True)
                | Q(start__isnull=True)
                | Q(end__gte=models.F("start")),
                name="finance_contract_end_after_start",
            ),
        ]
        indexes = [models.Index(fields=["client", "status"])]

    def __str__(self) -> str:
        return f"{self.number} · {self.party_name}"

    def get_absolute_url(self) -> str:
        return reverse("finance:contract-detail", args=[self.pk])

    @property
    def party_name(self) -> str:
        party = self.client if self.client_id else self.contractor
        return party.name if party is not None else ""

    @property
    def is_closed(self) -> bool:
        return self.status in (self.Status.ENDED, self.Status.CANCELLED)

    def next_statuses(self) -> list[str]:
        return sorted(self.MOVES[self.Status(self.status)])


def contract_file_path(instance: ContractFile, filename: str) -> str:
    return f"contracts/{instance.contract_id}/{filename}"


class ContractFile(models.Model):
    """One uploaded version of a contract's file; old versions are kept."""

    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="files"
    )
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(upload_to=contract_file_path, max_length=300)
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("contract file")
        verbose_name_plural = _("contract files")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "number"], name="finance_contract_file_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.filename} (v{self.number})"


class Document(FastChoiceLabels, models.Model):
    """A row of the document status table: one paper of a contract, its form,
    who signed, what the other side still owes and by when."""

    class Kind(models.TextChoices):
        CONTRACT = "contract", _("Contract")
        ANNEX = "annex", _("Annex")
        INVOICE = "invoice", _("Invoice")
        ACT = "act", _("Act")
        CONTRACTOR_BILL = "contractor_bill", _("Contractor bill")
        OTHER = "other", _("Other")

    class Form(models.TextChoices):
        ORIGINAL = "original", _("Original")
        SCAN = "scan", _("Scan")
        ELECTRONIC = "electronic", _("Electronic")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent, waiting")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    OPEN = (Status.DRAFT, Status.SENT)

    contract = models.ForeignKey(
        Contract,
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("contract"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    number = models.CharField(_("number"), max_length=60, blank=True)
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    form = models.CharField(
        _("form"), max_length=12, choices=Form.choices, default=Form.ORIGINAL
    )
    signed_by_us = models.BooleanField(_("signed by us"), default=False)
    signed_by_them = models.BooleanField(_("signed by them"), default=False)
    expected_from_them = models.CharField(
        _("expected from the other side"), max_length=500, blank=True
    )
    expected_by = models.DateField(_("expected by"), null=True, blank=True)
    original_holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("original held by"),
    )
    original_location = models.CharField(
        _("where the original is"), max_length=200, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    objects = DocumentRowQuerySet.as_manager()
    # A billing contact may send the scan of a document they signed.
    contact_actions = ("scan",)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["status", "expected_by"]),
            # "Expected from the other side", soonest first, on the weekly
            # view: read in order and stop at the page's rows instead of
            # joining and sorting every awaited document.
            # (PostgreSQL keeps NULLs last in an ascending index, as the
            # query orders them; SQLite takes no NULLS LAST in an index.)
            models.Index(
                fields=["expected_by", "id"],
                condition=Q(status__in=("draft", "sent")) & ~Q(expected_from_them=""),
                name="finance_document_awaited",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """The other side owes something whose date has passed."""
        today = today or timezone.localdate()
        return bool(
            self.is_open
            and self.expected_from_them
            and self.expected_by is not None
            and self.expected_by < today
        )
