"""Signed one-click rating links: the requester rates a finished ticket from an
e-mail without signing in.

The link carries the ticket's id signed with the secret key (salt "desk.csat")
and a timestamp, so it cannot be guessed or altered and expires after 60 days.
"""

from __future__ import annotations

from datetime import timedelta

from django.http import Http404
from django.urls import reverse

from agencydesk.core.signing import LinkInvalid, SignedLink

from ..errors import RatingLinkClosedError
from ..models import Ticket

# The salt and the payload ("t": the ticket's id) are those of every rating
# link already mailed, so those links keep working.
RATING_LINK = SignedLink("desk.csat", max_age=timedelta(days=60))


def rating_token(ticket: Ticket) -> str:
    """The signed token naming ``ticket`` in a rating link."""
    return RATING_LINK.make({"t": ticket.pk})


def ticket_from_rating_token(token: str) -> Ticket:
    """The ticket a rating token names; Http404 when the token is tampered
    with, expired, malformed or names no ticket; RatingLinkClosedError when
    the client's account is archived (read-only: it takes no ratings)."""
    try:
        pk = RATING_LINK.read(token, fields=("t",))["t"]
    except LinkInvalid:
        raise Http404 from None
    # The signature is the authority here (the link needs no sign-in), so the
    # lookup is not narrowed to a viewer.
    ticket = Ticket.objects.select_related("rating", "client").filter(pk=pk).first()
    if ticket is None:
        raise Http404
    if ticket.client.is_archived:
        raise RatingLinkClosedError
    return ticket


def rating_url(ticket: Ticket, score: int | None = None) -> str:
    """The path of the ticket's rating link, optionally pre-selecting a score."""
    path = reverse("portal:rate-link", args=[rating_token(ticket)])
    if score is not None:
        path = f"{path}?score={int(score)}"
    return path
