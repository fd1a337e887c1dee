"""Reads of the finance app (pages, exports and the API read through here)."""

from .contracts import (
    contract_files_of,
    contract_for_page,
    contract_list,
    contractor_list,
    totals_by_currency,
)
from .documents import EXPECTED_LIMIT, ManagerGroup, document_list, expected_by_manager

__all__ = [
    "EXPECTED_LIMIT",
    "ManagerGroup",
    "contract_files_of",
    "contract_for_page",
    "contract_list",
    "contractor_list",
    "document_list",
    "expected_by_manager",
    "totals_by_currency",
]
