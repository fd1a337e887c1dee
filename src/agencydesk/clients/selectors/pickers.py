"""What the client and contact pickers suggest and resolve, in the viewer's
scope: a person never sees the name of a client they may not see."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from agencydesk.core.access import Viewer
from agencydesk.core.pickers import resolve_typed
from agencydesk.people.models import normalize_email

from ..models import Client, Contact


def _clients(viewer: Viewer, *, active: bool) -> QuerySet[Client]:
    clients = Client.objects.visible_to(viewer)
    if active:
        clients = clients.exclude(status=Client.Status.ARCHIVED)
    return clients


def client_pick_search(
    viewer: Viewer, query: str, limit: int, *, active: bool = False
) -> list[tuple[str, str]]:
    """Clients whose name or short name holds ``query``, by name; key = slug."""
    clients = _clients(viewer, active=active)
    if query:
        clients = clients.filter(Q(name__icontains=query) | Q(slug__icontains=query))
    return list(clients.order_by("name", "pk").values_list("slug", "name")[:limit])


def client_pick_resolve(viewer: Viewer, text: str, *, active: bool = False):
    """The client ``text`` names (short name, id or its exact name), if seen."""
    return resolve_typed(
        _clients(viewer, active=active), text, key="slug", labels=["name"]
    )


def client_pick_present(client: Client) -> tuple[str, str]:
    return client.slug, client.name


def active_client_pick_search(
    viewer: Viewer, query: str, limit: int
) -> list[tuple[str, str]]:
    """As ``client_pick_search``, clients not archived (time, plans)."""
    return client_pick_search(viewer, query, limit, active=True)


def active_client_pick_resolve(viewer: Viewer, text: str):
    """As ``client_pick_resolve``, among clients not archived."""
    return client_pick_resolve(viewer, text, active=True)


def _contact_label(name: str, email: str, client: str) -> str:
    return f"{client} — {name or email}"


def contact_pick_search(
    viewer: Viewer, query: str, limit: int
) -> list[tuple[str, str]]:
    """Contacts whose name, e-mail or client's name holds ``query``, by name;
    key = e-mail address."""
    contacts = Contact.objects.visible_to(viewer)
    if query:
        contacts = contacts.filter(
            Q(user__full_name__icontains=query)
            | Q(user__email__icontains=query)
            | Q(client__name__icontains=query)
        )
    rows = contacts.order_by("user__full_name", "pk").values_list(
        "user__email", "user__full_name", "client__name"
    )[:limit]
    return [
        (email, _contact_label(name, email, client)) for email, name, client in rows
    ]


def contact_pick_resolve(viewer: Viewer, text: str):
    """The contact ``text`` names (e-mail, id or exact full name), if seen."""
    contacts = Contact.objects.visible_to(viewer).select_related("client", "user")
    return resolve_typed(
        contacts,
        text,
        key="user__email",
        labels=["user__full_name"],
        normalize=normalize_email,
    )


def contact_pick_present(contact: Contact) -> tuple[str, str]:
    user = contact.user
    return user.email, _contact_label(user.full_name, user.email, contact.client.name)
