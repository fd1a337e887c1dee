"""Writes of the finance app, one module per concept:

- ``contractors``: the parties the agency pays (bank details encrypted);
- ``contracts``: contracts, their status and their file in versions;
- ``documents``: the document status table.
"""

from .contractors import contractor_bank_details, contractor_create, contractor_update
from .contracts import (
    contract_add_file,
    contract_create,
    contract_set_status,
    contract_update,
)
from .documents import document_create, document_update

__all__ = [
    "contract_add_file",
    "contract_create",
    "contract_set_status",
    "contract_update",
    "contractor_bank_details",
    "contractor_create",
    "contractor_update",
    "document_create",
    "document_update",
]
