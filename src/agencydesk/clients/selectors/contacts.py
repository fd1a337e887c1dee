"""Reads about a client's contacts."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet

from agencydesk.core.access import Viewer
from agencydesk.people.models import User, normalize_email

from ..models import Client, Contact, TeamMember


def contacts_for_people_page(*, viewer: Viewer, client: Client) -> QuerySet[Contact]:
    """A client's contacts with their user, by name, for its contacts page."""
    return (
        Contact.objects.visible_to(viewer)
        .filter(client=client)
        .select_related("user")
        .order_by("user__full_name", "pk")
    )


def contact_for_portal(*, viewer: Viewer) -> Contact | None:
    """The contact record of the signed-in contact, with their client."""
    if not viewer.is_contact:
        return None
    return Contact.objects.select_related("client").filter(user=viewer.user).first()


def contact_of_client(
    *, viewer: Viewer, email: str, client_slug: str = ""
) -> Contact | None:
    """The contact with this e-mail address, of the client with this slug
    (any the viewer sees when empty), with user and client, if the viewer
    sees it (the rule of ``ClientScopedQuerySet.visible_to``).

    Written as SQL, with tables and columns from the models' meta: the API's
    ticket create reads its requester here on every request, and compiling
    the ORM's three-table ``select_related`` cost a fifth of its CPU (issue
    14's create target)."""
    if viewer.is_staff:
        scope = viewer.staff_client_ids
    elif viewer.is_contact and Contact.contact_visible:
        scope = frozenset(viewer.client_ids)
    else:
        return None
    select, client_column, converters = _contact_select()
    conditions = [f"{_column(User, 'email')} = %s"]
    params: list[Any] = [normalize_email(email)]
    if client_slug:
        conditions.append(f"{_column(Client, 'slug')} = %s")
        params.append(client_slug)
    if scope is not None:
        if not scope:
            return None
        conditions.append(f"{client_column} IN ({', '.join(['%s'] * len(scope))})")
        params.extend(sorted(scope))
    contact_pk = _column(Contact, "id")
    sql = f"{select} WHERE {' AND '.join(conditions)} ORDER BY {contact_pk} LIMIT 1"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    row = list(row)
    # What the ORM's compiler does to each value (SQLite's text datetimes).
    for index, column, functions in converters:
        for function in functions:
            row[index] = function(row[index], column, connection)
    values = iter(row)
    contact, user, client = (
        model.from_db(
            connection.alias,
            [f.attname for f in model._meta.concrete_fields],
            [next(values) for _f in model._meta.concrete_fields],
        )
        for model in (Contact, User, Client)
    )
    Contact._meta.get_field("user").set_cached_value(contact, user)
    Contact._meta.get_field("client").set_cached_value(contact, client)
    return contact


def _column(model: Any, field: str) -> str:
    quote = connection.ops.quote_name
    return f"{quote(model._meta.db_table)}.{quote(model._meta.get_field(field).column)}"


@cache
def _contact_select() -> tuple[str, str, list[tuple[int, Any, list]]]:
    """``SELECT`` every column of contact, user and client ``FROM`` the three
    joined, the contact's client column, and each column's converters from
    database values; identifiers from the meta."""
    quote = connection.ops.quote_name
    parts = []
    converters = []
    for model in (Contact, User, Client):
        table = model._meta.db_table
        for field in model._meta.concrete_fields:
            column = field.get_col(table)
            functions = connection.ops.get_db_converters(
                column
            ) + column.get_db_converters(connection)
            if functions:
                converters.append((len(parts), column, functions))
            parts.append(f"{quote(table)}.{quote(field.column)}")
    contact, user, client = (quote(m._meta.db_table) for m in (Contact, User, Client))
    column = {
        name: f"{contact}.{quote(Contact._meta.get_field(name).column)}"
        for name in ("user", "client")
    }
    select = (
        f"SELECT {', '.join(parts)} FROM {contact}"  # noqa: S608 - names from meta
        f" INNER JOIN {user} ON {user}.{quote(User._meta.pk.column)} = {column['user']}"
        f" INNER JOIN {client}"
        f" ON {client}.{quote(Client._meta.pk.column)} = {column['client']}"
    )
    return select, column["client"], converters


def contact_list(
    *,
    viewer: Viewer,
    client_id: int | None = None,
    query: str = "",
    updated_since: datetime | None = None,
) -> QuerySet[Contact]:
    """The contacts the viewer sees (a contact: their own client's), with
    user and client, optionally of one client, matching a name or address,
    changed at or after ``updated_since`` (the API's sync)."""
    rows = Contact.objects.visible_to(viewer).select_related("user", "client")
    if client_id is not None:
        rows = rows.filter(client_id=client_id)
    if query:
        rows = rows.filter(
            Q(user__full_name__icontains=query) | Q(user__email__icontains=query)
        )
    if updated_since is not None:
        rows = rows.filter(updated_at__gte=updated_since)
    return rows


def team_of_client(*, viewer: Viewer, client: Client) -> QuerySet[TeamMember]:
    """Who works on a client, with their user, by role and name."""
    return (
        TeamMember.objects.visible_to(viewer)
        .filter(client=client, user__integration="")
        .select_related("user")
        .order_by("role", "user__full_name", "pk")
    )
