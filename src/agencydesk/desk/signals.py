"""What the desk tells the apps above it, without knowing them.

``sla_breached`` is sent by the SLA sweep with the tickets whose clock has just
breached (each once); ``ticket_rated`` when a requester rates a ticket. Both
are sent inside the writing transaction, so a receiver's own writes (the
risks app records an escalation) commit or roll back with the desk's.
Keyword arguments: ``tickets`` (a list); ``ticket``, ``rating``, ``actor``."""

from django.dispatch import Signal

sla_breached = Signal()
ticket_rated = Signal()
