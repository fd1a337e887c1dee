"""Refusals of the finance app: a stable code and a translated sentence; a
refusal that belongs to a form field names it in ``extra["field"]``."""

from django.utils.translation import gettext_lazy as _

from agencydesk.core.errors import DomainError


class FinanceError(DomainError):
    code = "finance_error"

    def __init__(self, message=None, *, field: str | None = None) -> None:
        super().__init__(
            str(message or self.default), extra={"field": field} if field else None
        )


class ContractNumberTakenError(FinanceError):
    code = "contract_number_taken"
    default = _("Another contract already has this number.")

    def __init__(self) -> None:
        super().__init__(field="number")


class ContractPartyError(FinanceError):
    code = "contract_party"
    default = _("A contract is made with either a client or a contractor, not both.")


class ContractClosedError(FinanceError):
    code = "contract_closed"
    default = _("This contract is ended or cancelled; nothing was changed.")


class ContractStatusError(FinanceError):
    code = "contract_status"
    default = _("A contract cannot move from this status to that one.")

    def __init__(self) -> None:
        super().__init__(field="status")


class ContractDatesError(FinanceError):
    code = "contract_dates"
    default = _("The end date cannot be before the start date.")

    def __init__(self) -> None:
        super().__init__(field="end")


class ContractAmountError(FinanceError):
    code = "contract_amount"


class CurrencyUnknownError(FinanceError):
    code = "currency_unknown"
    default = _("Choose a known currency.")

    def __init__(self) -> None:
        super().__init__(field="currency")


class ContractProjectError(FinanceError):
    code = "contract_project"
    default = _("Only projects of the contract's client can be linked to it.")

    def __init__(self) -> None:
        super().__init__(field="projects")


class ContractFileMissingError(FinanceError):
    code = "contract_file_missing"
    default = _("An e-signed or active contract needs its file; upload it first.")


class NotYourClientError(FinanceError):
    code = "finance_not_your_client"
    default = _("You manage the contracts of your own clients only.")


class DocumentExpectationError(FinanceError):
    code = "document_expectation"
    default = _("Say what is expected from the other side before giving a date.")

    def __init__(self) -> None:
        super().__init__(field="expected_from_them")


class DocumentHolderError(FinanceError):
    code = "document_holder"
    default = _("Only an original has someone who holds it.")

    def __init__(self) -> None:
        super().__init__(field="original_holder")


class ContractorNameTakenError(FinanceError):
    code = "contractor_name_taken"
    default = _("Another contractor already has this name.")

    def __init__(self) -> None:
        super().__init__(field="name")


class ContractCurrencyLockedError(FinanceError):
    code = "contract_currency_locked"
    default = _(
        "This contract already has invoices, a plan, acts or bills in its "
        "currency; the currency can no longer change."
    )

    def __init__(self) -> None:
        super().__init__(field="currency")


class InvoiceContractError(FinanceError):
    code = "invoice_contract"
    default = _(
        "Invoices are made for client contracts; record a contractor's bill instead."
    )


class InvoiceLinesError(FinanceError):
    code = "invoice_lines"
    default = _("An invoice needs at least one line.")


class InvoiceAmountError(FinanceError):
    code = "invoice_amount"


class InvoiceNotDraftError(FinanceError):
    code = "invoice_issued"
    default = _(
        "An issued invoice is never changed or deleted; correct it with a credit note."
    )


class CreditNoteError(FinanceError):
    code = "credit_note_refused"
    default = _(
        "Only an issued invoice with no payments standing can be credited; "
        "reverse its payments first."
    )


class PaymentRefusedError(FinanceError):
    code = "payment_refused"


class PaymentCurrencyError(FinanceError):
    code = "payment_currency"

    def __init__(self, currency: str) -> None:
        super().__init__(
            _(
                "A payment is recorded in the invoice's currency (%(currency)s); "
                "nothing is converted."
            )
            % {"currency": currency},
            field="currency",
        )


class OverpaymentError(FinanceError):
    code = "payment_too_much"

    def __init__(self, due: str) -> None:
        super().__init__(
            _("This is more than is due on the invoice (%(due)s).") % {"due": due},
            field="amount",
        )


class PaymentReversedError(FinanceError):
    code = "payment_reversed"
    default = _("This payment was already reversed.")


class PlanError(FinanceError):
    code = "plan_refused"


class ActError(FinanceError):
    code = "act_refused"


class BillError(FinanceError):
    code = "bill_refused"


class DepositTakenError(FinanceError):
    code = "deposit_taken"
    default = _(
        "This contract already has a deposit invoice; credit it first to make another."
    )

    def __init__(self) -> None:
        super().__init__(field="is_deposit")


class NothingToInvoiceError(FinanceError):
    """A source (a retainer month, approved time, milestones, approved
    changes) has nothing that may still be billed on this contract."""

    code = "nothing_to_invoice"


class SourceCurrencyError(FinanceError):
    code = "source_currency"


class SourceBilledError(FinanceError):
    code = "source_billed"
    default = _(
        "Some of this was billed meanwhile on another invoice; nothing was changed."
    )


class InvoiceNotSendableError(FinanceError):
    code = "invoice_not_sendable"
    default = _(
        "A draft or a cancelled invoice is not sent: issue the draft first, or "
        "send the credit note that cancels it."
    )


class NoBillingContactError(FinanceError):
    code = "no_billing_contact"
    default = _(
        "The client has no billing contact with an e-mail address to send the "
        "invoice to: add a contact with the billing role on the client's page."
    )


class ScanRefusedError(FinanceError):
    """A signed scan of a type, content or size the portal does not take."""

    code = "scan_refused"

    def __init__(self, message=None) -> None:
        super().__init__(message, field="file")


class NotBillingContactError(FinanceError):
    code = "not_billing_contact"
    default = _(
        "Only a contact with the billing role can send signed documents; "
        "nothing was changed."
    )


class ScanNotExpectedError(FinanceError):
    code = "scan_not_expected"
    default = _("This document is closed: no signed scan is expected for it.")


class ActNotAwaitingSignatureError(FinanceError):
    code = "act_not_awaiting_signature"
    default = _("This act is not waiting for your signature; nothing was changed.")
