"""The kinds of import, each in its module; ``KINDS`` by name."""

from .accounts import ClientsKind, ContactsKind, StaffKind
from .base import CREATE, ERROR, UNCHANGED, UPDATE, Context, Kind, header_key
from .time_entries import TimeEntriesKind

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (ClientsKind(), ContactsKind(), StaffKind(), TimeEntriesKind())
}

__all__ = [
    "CREATE",
    "ERROR",
    "KINDS",
    "UNCHANGED",
    "UPDATE",
    "Context",
    "Kind",
    "header_key",
]
