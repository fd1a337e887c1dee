"""Writes of the finance app, one module per concept:

- ``contractors``: the parties the agency pays (bank details encrypted);
- ``contracts``: contracts, their status and their file in versions;
- ``documents``: the document status table;
- ``invoices``: drafts, issuing with a gap-free number, credit notes;
- ``payments``: payments against invoices and their reversal;
- ``plan``: planned invoices, acts and contractor bills;
- ``sources``: drafts from a retainer month, approved time, milestones and
  approved change requests (each billed once).
- ``sending``: invoices e-mailed to billing contacts, overdue reminders.
- ``digest``: the Monday digest of the weekly view (``weekly_digest_send``).
- ``scans``: signed scans the client's billing contact sends from the portal.
"""

from .contractors import contractor_bank_details, contractor_create, contractor_update
from .contracts import (
    contract_add_file,
    contract_create,
    contract_set_status,
    contract_update,
)
from .documents import document_create, document_update
from .invoices import (
    credit_note_create,
    invoice_create,
    invoice_delete,
    invoice_issue,
    invoice_update,
)
from .payments import payment_record, payment_reverse
from .plan import (
    act_create,
    act_update,
    bill_create,
    bill_update,
    planned_invoice_create,
    planned_invoice_delete,
    planned_invoice_make_invoice,
    planned_invoice_update,
)
from .scans import act_sign_by_client, check_scan, document_receive_signed_scan
from .sending import ReminderRun, invoice_send, invoice_send_reminders
from .sources import (
    invoice_add_approved_changes,
    invoice_from_milestones,
    invoice_from_retainer,
    invoice_from_time,
)

__all__ = [
    "ReminderRun",
    "act_create",
    "act_sign_by_client",
    "act_update",
    "bill_create",
    "bill_update",
    "check_scan",
    "contract_add_file",
    "contract_create",
    "contract_set_status",
    "contract_update",
    "contractor_bank_details",
    "contractor_create",
    "contractor_update",
    "credit_note_create",
    "document_create",
    "document_receive_signed_scan",
    "document_update",
    "invoice_add_approved_changes",
    "invoice_create",
    "invoice_delete",
    "invoice_from_milestones",
    "invoice_from_retainer",
    "invoice_from_time",
    "invoice_issue",
    "invoice_send",
    "invoice_send_reminders",
    "invoice_update",
    "payment_record",
    "payment_reverse",
    "planned_invoice_create",
    "planned_invoice_delete",
    "planned_invoice_make_invoice",
    "planned_invoice_update",
]
