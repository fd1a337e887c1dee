"""Tickets built through the desk services."""

from agencydesk.desk import services
from agencydesk.desk.models import RequestType, Ticket


def request_type(name: str) -> RequestType:
    return RequestType.objects.get(name=name)


def make_ticket(client, *, actor=None, requester=None, **fields) -> Ticket:
    fields.setdefault("title", "I need a banner for the discount campaign")
    return services.ticket_create(
        actor=actor, client=client, requester=requester, **fields
    )
