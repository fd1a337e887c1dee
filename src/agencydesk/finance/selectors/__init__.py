"""Reads of the finance app (pages, exports and the API read through here)."""

from .contracts import (
    contract_files_of,
    contract_for_page,
    contract_list,
    contractor_list,
    totals_by_currency,
)
from .documents import EXPECTED_LIMIT, ManagerGroup, document_list, expected_by_manager
from .money import (
    ContractMoney,
    ContractTotals,
    CurrencyTotals,
    act_list,
    bill_list,
    contract_money,
    contract_totals,
    invoice_for_page,
    invoice_for_pdf,
    invoice_list,
    invoice_totals_by_currency,
    payment_list,
)
from .sources import (
    Billable,
    billable_for,
    unbilled_changes,
    unbilled_milestones,
    unbilled_retainers,
    unbilled_time,
)

__all__ = [
    "EXPECTED_LIMIT",
    "Billable",
    "ContractMoney",
    "ContractTotals",
    "CurrencyTotals",
    "ManagerGroup",
    "act_list",
    "bill_list",
    "billable_for",
    "contract_files_of",
    "contract_for_page",
    "contract_list",
    "contract_money",
    "contract_totals",
    "contractor_list",
    "document_list",
    "expected_by_manager",
    "invoice_for_page",
    "invoice_for_pdf",
    "invoice_list",
    "invoice_totals_by_currency",
    "payment_list",
    "totals_by_currency",
    "unbilled_changes",
    "unbilled_milestones",
    "unbilled_retainers",
    "unbilled_time",
]
