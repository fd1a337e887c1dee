"""Finance rows carry rules (one party, closed contracts, encrypted bank
details): the admin shows them for support and never writes."""

from django.contrib import admin

from agencydesk.core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import (
    Act,
    Contract,
    ContractFile,
    Contractor,
    ContractorBill,
    Document,
    Invoice,
    InvoiceLine,
    Payment,
)


class ContractFileInline(ReadOnlyInline):
    model = ContractFile
    fields = ("number", "filename", "size", "note", "uploaded_by", "created_at")
    readonly_fields = fields


@admin.register(Contract)
class ContractAdmin(ReadOnlyAdmin):
    list_display = (
        "number",
        "date",
        "client",
        "contractor",
        "amount",
        "currency",
        "status",
    )
    list_filter = ("status", "signature")
    search_fields = ("number", "subject")
    list_select_related = ("client", "contractor")
    exclude = ("projects",)
    inlines = [ContractFileInline]


@admin.register(Contractor)
class ContractorAdmin(ReadOnlyAdmin):
    list_display = ("name", "country", "currency", "is_active")
    search_fields = ("name",)
    # The encrypted column is never shown, even as ciphertext.
    exclude = ("bank_details_encrypted",)


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "contract", "date", "form", "status")
    list_filter = ("kind", "form", "status")
    search_fields = ("title", "number")
    list_select_related = ("contract__client", "contract__contractor")
    raw_id_fields = ("contract", "original_holder")


class InvoiceLineInline(ReadOnlyInline):
    model = InvoiceLine
    fields = ("position", "description", "quantity", "unit_price", "amount")
    readonly_fields = fields


class PaymentInline(ReadOnlyInline):
    model = Payment
    fields = ("date", "amount", "currency", "method", "reference", "reversed_at")
    readonly_fields = fields


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyAdmin):
    """Read-only above all here: an issued invoice is never edited or deleted."""

    list_display = ("number", "kind", "contract", "issue_date", "total", "currency")
    list_filter = ("status", "kind", "series")
    search_fields = ("number",)
    list_select_related = ("contract__client",)
    raw_id_fields = ("contract", "corrects")
    inlines = [InvoiceLineInline, PaymentInline]


@admin.register(Act)
class ActAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "contract", "period_end", "amount", "status")
    list_filter = ("status",)
    raw_id_fields = ("contract",)


@admin.register(ContractorBill)
class ContractorBillAdmin(ReadOnlyAdmin):
    list_display = ("number", "contract", "due_date", "amount", "status")
    list_filter = ("status",)
    raw_id_fields = ("contract",)
