"""Main navigation entries contributed by the apps (from ``AppConfig.ready``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class NavItem:
    """One link of the navigation, shown to holders of ``perm``: staff's, or
    with ``contacts`` the portal's (client contacts hold no permissions)."""

    name: str
    label: Promise
    url_name: str
    perm: str | None = None
    order: int = 100
    # Hidden from holders of this permission (they reach the page another way).
    unless: str | None = None
    contacts: bool = False
    # For contacts: shown only to those holding this role at their client.
    contact_role: str | None = None


_ITEMS: dict[str, NavItem] = {}


def register_nav(item: NavItem) -> None:
    """Add (or replace) a link of the staff navigation."""
    _ITEMS[item.name] = item


def nav_for(viewer) -> list[dict]:
    """The navigation the viewer may use, in order: the staff's, or the
    portal's for a client contact."""
    if not viewer.is_staff:
        if not viewer.is_contact:
            return []
        return [
            {"name": item.name, "label": item.label, "url": reverse(item.url_name)}
            for item in sorted(_ITEMS.values(), key=lambda i: i.order)
            if item.contacts
            and (
                item.contact_role is None or viewer.has_contact_role(item.contact_role)
            )
        ]
    return [
        {"name": item.name, "label": item.label, "url": reverse(item.url_name)}
        for item in sorted(_ITEMS.values(), key=lambda i: i.order)
        if not item.contacts
        and (item.perm is None or viewer.has_perm(item.perm))
        and not (item.unless and viewer.has_perm(item.unless))
    ]
