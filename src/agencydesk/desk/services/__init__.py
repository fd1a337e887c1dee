"""Writes of the service desk: open, move, assign, reply, promise, rate, sweep.

One module per concern; callers use ``desk.services.<name>`` as before."""

from agencydesk.core.files import file_type_allowed, upload_name

from ._shared import SLA_FIELDS
from .bulk import BulkResult, tickets_bulk_change
from .messages import (
    message_add,
    message_add_automatic,
    message_hold,
    message_review,
)
from .moves import (
    STATUS_MAIL_KINDS,
    register_production_handler,
    tell_requester,
    ticket_move,
)
from .sweep import sla_sweep
from .tickets import (
    FIRST_TICKET_NUMBER,
    rating_submit,
    step_set_done,
    ticket_assign,
    ticket_create,
    ticket_promise,
    ticket_update,
)

__all__ = [
    "FIRST_TICKET_NUMBER",
    "SLA_FIELDS",
    "STATUS_MAIL_KINDS",
    "BulkResult",
    "file_type_allowed",
    "message_add",
    "message_add_automatic",
    "message_hold",
    "message_review",
    "rating_submit",
    "register_production_handler",
    "sla_sweep",
    "step_set_done",
    "tell_requester",
    "ticket_assign",
    "ticket_create",
    "ticket_move",
    "ticket_promise",
    "ticket_update",
    "tickets_bulk_change",
    "upload_name",
]
