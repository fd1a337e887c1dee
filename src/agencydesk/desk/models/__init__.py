"""Tickets through Screening → Analysis → Planning → Production → Delivery.

One module per concept; every name is importable from ``desk.models`` as before."""

from .choices import (
    ACTIVE_STATUSES,
    CLOSED_STATUSES,
    TICKET_PREFIX,
    Channel,
    Priority,
    SlaState,
    Stage,
    Status,
)
from .messages import (
    Attachment,
    AttachmentQuerySet,
    Message,
    MessageQuerySet,
    TicketChildQuerySet,
    Transition,
    attachment_path,
)
from .ratings import (
    Rating,
)
from .request_types import (
    REQUEST_TYPES,
    RequestType,
    RequestTypeStep,
    Tag,
)
from .sla import (
    RUNNING_CLOCK,
    SlaPolicy,
)
from .steps import (
    TicketStep,
)
from .tickets import (
    Ticket,
    TicketQuerySet,
)

__all__ = [
    "ACTIVE_STATUSES",
    "CLOSED_STATUSES",
    "REQUEST_TYPES",
    "RUNNING_CLOCK",
    "TICKET_PREFIX",
    "Attachment",
    "AttachmentQuerySet",
    "Channel",
    "Message",
    "MessageQuerySet",
    "Priority",
    "Rating",
    "RequestType",
    "RequestTypeStep",
    "SlaPolicy",
    "SlaState",
    "Stage",
    "Status",
    "Tag",
    "Ticket",
    "TicketChildQuerySet",
    "TicketQuerySet",
    "TicketStep",
    "Transition",
    "attachment_path",
]
