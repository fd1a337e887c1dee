"""Page panels contributed by higher apps (read-only composition).

``core`` knows no domain app, yet the home page and the client page show what
desk, work, finance… know. Apps register a panel from ``AppConfig.ready``; a
panel only reads (it calls its app's selectors) and never writes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class Panel:
    """A block of a composed page: a template and the selector feeding it."""

    name: str
    template: str
    context: Callable[..., dict[str, Any]]
    order: int = 100
    perm: str | None = None


_PANELS: dict[str, list[Panel]] = {}


@dataclass(frozen=True)
class Home:
    """The home page of a role: its panels are those registered on ``page``.

    Someone with several roles lands on the home of the lowest ``rank`` (the
    most senior) and is offered links to the others.
    """

    group: str
    page: str
    title: Any
    rank: int


_HOMES: dict[str, Home] = {}


def register_home(home: Home) -> None:
    """Give a role (a Django group name) its own home page."""
    _HOMES[home.group] = home


def homes_for(user: Any) -> list[Home]:
    """The homes of the user's roles, most senior first (one query)."""
    groups = set(user.groups.values_list("name", flat=True))
    return sorted(
        (home for group, home in _HOMES.items() if group in groups),
        key=lambda home: home.rank,
    )


def register_panel(page: str, panel: Panel) -> None:
    """Add a panel to a composed page ("home", "client")."""
    panels = [p for p in _PANELS.get(page, []) if p.name != panel.name]
    panels.append(panel)
    _PANELS[page] = sorted(panels, key=lambda p: p.order)


def panels_for(page: str, request: HttpRequest, **kwargs: Any) -> list[dict[str, Any]]:
    """The page's panels the viewer may see, each with its rendered context."""
    viewer = request.viewer
    shown = []
    for panel in _PANELS.get(page, []):
        if panel.perm and not viewer.has_perm(panel.perm):
            continue
        shown.append(
            {"template": panel.template, **panel.context(request=request, **kwargs)}
        )
    return shown
