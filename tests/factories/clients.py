"""Clients and contacts built through the services."""

import itertools

from agencydesk.clients import services
from agencydesk.clients.models import Client, Contact

from .people import PASSWORD

_seq = itertools.count(1)


def make_client(name: str | None = None, **fields) -> Client:
    n = next(_seq)
    fields.setdefault("country", "ID")
    fields.setdefault("timezone", "Asia/Jakarta")
    fields.setdefault("currency", "IDR")
    fields.setdefault("language", "id")
    return services.client_create(actor=None, name=name or f"Client {n}", **fields)


def make_contact(client: Client, **fields) -> Contact:
    n = next(_seq)
    fields.setdefault("email", f"contact{n}@{client.slug}.test")
    fields.setdefault("full_name", f"Contact {n} of {client.name}")
    fields.setdefault("password", PASSWORD)
    return services.contact_create(actor=None, client=client, **fields)
