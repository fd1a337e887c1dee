"""Reads of the API app: a token by its secret, a person's tokens."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from agencydesk.core.kept import kept
from agencydesk.desk.models import Ticket

from .models import ApiToken
from .services import secret_hash

# The kept group of tokens by secret hash (core.kept): every API request reads
# its token, which rarely changes. Forgotten on any save or delete of a token
# or a person (a revoked token, a deactivated person: refused at once), and
# one entry when ``token_touch`` notes its last use.
TOKENS = "api-tokens"


def token_for_secret(plaintext: str) -> ApiToken | None:
    """The token a request presents, with its person, or None (kept between
    requests: no query while it is unchanged)."""
    if not plaintext or len(plaintext) > 200:
        return None
    digest = secret_hash(plaintext)
    return kept(
        TOKENS,
        digest,
        lambda: (
            ApiToken.objects.select_related("user").filter(secret_hash=digest).first()
        ),
        keep_none=False,
    )


# The columns a ticket's API representation reads (schemas.tickets.TicketOut):
# a page of 25 tickets with every column of six tables costs more to load than
# to send.
TICKET_OUT_FIELDS = (
    "number", "title", "description", "stage", "status", "priority", "channel",
    "version", "created_at", "updated_at", "closed_at",
    "client__slug", "client__name",
    "request_type__name",
    "requester__user__full_name", "requester__user__email",
    "analyst__full_name", "analyst__email",
    "production_owner__full_name", "production_owner__email",
)  # fmt: skip


def only_ticket_out(tickets: QuerySet[Ticket]) -> QuerySet[Ticket]:
    """Tickets (with their relations selected) reading only what the API shows."""
    return tickets.only(*TICKET_OUT_FIELDS)


def tickets_for_api() -> QuerySet[Ticket]:
    """Tickets with what their API representation names (client, requester,
    owners, request type) in one query: the page's lists (tags, steps) are not
    part of it."""
    return Ticket.objects.select_related(
        "client", "requester__user", "analyst", "production_owner", "request_type"
    )


def tokens_for_user(*, user: Any) -> QuerySet[ApiToken]:
    """A person's tokens for their tokens page, newest first."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def token_of_user(*, user: Any, token_id: int) -> ApiToken:
    """One of the person's own tokens; another person's is 404 like a missing
    one (tokens are personal: no role sees someone else's)."""
    token = tokens_for_user(user=user).filter(pk=token_id).first()
    if token is None:
        raise Http404
    return token
