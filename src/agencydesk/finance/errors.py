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
