"""Reads of the API app: a token by its secret, a person's tokens."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.http import Http404

from agencydesk.clients.models import Client, Contact
from agencydesk.core.access import Viewer
from agencydesk.core.kept import kept
from agencydesk.desk.models import RequestType, Ticket
from agencydesk.people.models import User, display_name_of

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


# A ticket's API representation is its own row and the names it points at,
# read in two queries: one joining the six tables cost PostgreSQL more to plan
# (1-3 ms at a million tickets) than both of these to run, and plain rows skip
# building model instances (schemas.tickets.TicketOut documents the shape).
TICKET_ROW_FIELDS = (
    "id", "number", "title", "description", "stage", "status", "priority", "channel",
    "version", "created_at", "updated_at", "closed_at",
    "client_id", "request_type_id", "requester_id", "analyst_id",
    "production_owner_id",
)  # fmt: skip

Names = dict[tuple[str, int], tuple[str, str]]


def ticket_rows(tickets: QuerySet[Ticket]) -> list[dict[str, Any]]:
    """The rows (as dicts) of already filtered, ordered and sliced tickets."""
    return list(tickets.values(*TICKET_ROW_FIELDS))


def ticket_row(ticket: Ticket) -> dict[str, Any]:
    """The row of a ticket at hand (just written: no need to read it again)."""
    return {name: getattr(ticket, name) for name in TICKET_ROW_FIELDS}


def _ids(rows: list[dict[str, Any]], *fields: str) -> set[int]:
    return {row[field] for row in rows for field in fields if row[field]}


def _quoted(model: Any, field: str | None = None) -> str:
    """A model's table, or (``field``) its column, quoted for the database."""
    meta = model._meta
    name = meta.db_table if field is None else meta.get_field(field).column
    return connection.ops.quote_name(name)


def _names(rows: list[dict[str, Any]]) -> Names:
    """Slug and name of each client, name of each request type, e-mail and full
    name of each person the rows point at, in one query (a union).

    Written as SQL, with the tables and columns taken from the models: it is
    the same statement on every list page, and compiling its four ORM parts
    cost more CPU than the rest of the request (issue 14's list target)."""
    user, contact = _quoted(User), _quoted(Contact)
    email, full_name = (
        f"{user}.{_quoted(User, 'email')}",
        f"{user}.{_quoted(User, 'full_name')}",
    )
    parts: list[str] = []
    params: list[Any] = []

    def part(
        letter: str, key: str, first: str, second: str, source: str, ids: set[int]
    ) -> None:
        marks = ", ".join(["%s"] * len(ids))
        # Identifiers come from the models' meta, every value is a parameter.
        parts.append(
            f"SELECT '{letter}', {key}, {first}, {second} FROM {source}"  # noqa: S608
            f" WHERE {key} IN ({marks})"
        )
        params.extend(ids)

    if ids := _ids(rows, "client_id"):
        table = _quoted(Client)
        part(
            "c", f"{table}.{_quoted(Client, 'id')}",
            f"{table}.{_quoted(Client, 'slug')}", f"{table}.{_quoted(Client, 'name')}",
            table, ids,
        )  # fmt: skip
    if ids := _ids(rows, "request_type_id"):
        table = _quoted(RequestType)
        part(
            "r", f"{table}.{_quoted(RequestType, 'id')}",
            "''", f"{table}.{_quoted(RequestType, 'name')}",
            table, ids,
        )  # fmt: skip
    if ids := _ids(rows, "requester_id"):
        part(
            "k", f"{contact}.{_quoted(Contact, 'id')}", email, full_name,
            f"{contact} JOIN {user} ON {user}.{_quoted(User, 'id')}"
            f" = {contact}.{_quoted(Contact, 'user')}",
            ids,
        )  # fmt: skip
    if ids := _ids(rows, "analyst_id", "production_owner_id"):
        part("u", f"{user}.{_quoted(User, 'id')}", email, full_name, user, ids)
    if not parts:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return {(letter, pk): (first, second) for letter, pk, first, second in cursor}


def _person(names: Names, letter: str, pk: int | None) -> str | None:
    if not pk or (letter, pk) not in names:
        return None
    email, full_name = names[letter, pk]
    return display_name_of(full_name=full_name, email=email)


def ticket_names_at_hand(ticket: Ticket) -> Names | None:
    """The names a ticket points at when every one is already loaded on it
    (a ticket just created with its client in hand), else None."""
    names: Names = {("c", ticket.client_id): ("", "")}
    if not Ticket.client.is_cached(ticket):
        return None
    names["c", ticket.client_id] = (ticket.client.slug, ticket.client.name)
    for field, letter in (
        ("request_type", "r"),
        ("requester", "k"),
        ("analyst", "u"),
        ("production_owner", "u"),
    ):
        pk = getattr(ticket, f"{field}_id")
        if not pk:
            continue
        if not getattr(Ticket, field).is_cached(ticket):
            return None
        related = getattr(ticket, field)
        if letter == "r":
            names[letter, pk] = ("", related.name)
        else:
            person = related.user if letter == "k" else related
            names[letter, pk] = (person.email, person.full_name)
    return names


def ticket_representations(
    *, viewer: Viewer, rows: list[dict[str, Any]], names: Names | None = None
) -> list[dict[str, Any]]:
    """The API's shape of each ticket row (``TicketOut``). Who works on a
    ticket is the agency's business: a contact sees null owners. ``names``:
    those the rows point at, when already at hand (else read in one query)."""
    names = _names(rows) if names is None else names
    staff = viewer.is_staff
    out = []
    for row in rows:
        client_slug, client_name = names["c", row["client_id"]]
        request_type = names.get(("r", row["request_type_id"] or 0))
        out.append(
            {
                "number": row["number"],
                "reference": Ticket.reference_for(row["number"]),
                "title": row["title"],
                "description": row["description"],
                "client": client_slug,
                "client_name": client_name,
                "stage": row["stage"],
                "status": row["status"],
                "priority": row["priority"],
                "channel": row["channel"],
                "request_type": request_type[1] if request_type else None,
                "requester": _person(names, "k", row["requester_id"]),
                "analyst": _person(names, "u", row["analyst_id"]) if staff else None,
                "production_owner": (
                    _person(names, "u", row["production_owner_id"]) if staff else None
                ),
                "version": row["version"],
                "created_at": row["created_at"],
                "updated_at": row["updated_at"],
                "closed_at": row["closed_at"],
            }
        )
    return out


def tickets_for_api() -> QuerySet[Ticket]:
    """Tickets as the API's writes act on them, with the client (every service
    reads it) in the same query."""
    return Ticket.objects.select_related("client")


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
