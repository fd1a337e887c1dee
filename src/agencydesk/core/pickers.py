"""Pickers over growing lists: search as you type, submit without JavaScript.

A form field over a list that grows with the agency (clients, contacts, staff)
renders one text input with an empty ``<datalist>``; htmx fills the datalist
from ``core:pick`` as the person types, and the browser offers it natively
(keyboard included). Without JavaScript the person types a key (an e-mail
address, a client's short name), an id or an exact name, and the field
resolves it on submit.

``core`` knows no domain app: apps register their pickers from
``AppConfig.ready`` (``register_picker``), with a search and a resolve that
live in their selectors and read through the viewer's scope.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .access import ANONYMOUS, Viewer

# Longest query a picker searches for: more is no name anyone types.
QUERY_MAX = 100
# Suggestions per answer: enough to choose from, little enough to send.
LIMIT = 20

Search = Callable[[Viewer, str, int], list[tuple[str, str]]]
Resolve = Callable[[Viewer, str], Any]
Present = Callable[[Any], tuple[str, str]]


@dataclass(frozen=True)
class Picker:
    """A searchable list: ``search`` suggests (key, label) pairs, ``resolve``
    turns typed text into the object, ``present`` gives an object's (key,
    label). ``allowed`` says who may search it (staff, by default)."""

    name: str
    search: Search
    resolve: Resolve
    present: Present
    allowed: Callable[[Viewer], bool]


_PICKERS: dict[str, Picker] = {}


def _staff(viewer: Viewer) -> bool:
    return viewer.is_staff


def register_picker(
    name: str,
    *,
    search: Search,
    resolve: Resolve,
    present: Present,
    allowed: Callable[[Viewer], bool] = _staff,
) -> None:
    """Offer a list to pick from (called from an app's ``ready``)."""
    _PICKERS[name] = Picker(name, search, resolve, present, allowed)


def picker(name: str) -> Picker | None:
    """The picker registered under ``name``, if any."""
    return _PICKERS.get(name)


def _searchable(text: str) -> bool:
    # A NUL ends the string for SQLite (matching everything) and is refused by
    # PostgreSQL: no name holds one.
    return len(text) <= QUERY_MAX and "\x00" not in text


def pick_options(viewer: Viewer, name: str, query: str) -> list[tuple[str, str]]:
    """The suggestions a viewer gets for ``query``: none for an unknown
    picker, an overlong or hostile query or a viewer who may not use it."""
    found = _PICKERS.get(name)
    if found is None or not found.allowed(viewer) or not _searchable(query):
        return []
    return found.search(viewer, query.strip(), LIMIT)


def resolve_typed(
    queryset: models.QuerySet,
    text: str,
    *,
    key: str,
    labels: Sequence[str],
    normalize: Callable[[str], str] | None = None,
) -> Any:
    """The one row of ``queryset`` that ``text`` names: by its ``key`` field,
    by id (old bookmarks), or by an exact (case-insensitive) label when only
    one row has it; None otherwise. At most three queries, each indexed or on
    a scoped, exact match. ``normalize`` (for a key stored normalised, such as
    an e-mail address) makes the key lookup an exact, indexed one."""
    text = (text or "").strip()
    if not text or not _searchable(text):
        return None
    if normalize is not None:
        row = queryset.filter(**{key: normalize(text)}).first()
    else:
        row = queryset.filter(**{f"{key}__iexact": text}).first()
    if row is not None:
        return row
    if text.isdigit():
        row = queryset.filter(pk=int(text)).first()
        if row is not None:
            return row
    match = models.Q()
    for label in labels:
        match |= models.Q(**{f"{label}__iexact": text})
    rows = list(queryset.filter(match)[:2])
    return rows[0] if len(rows) == 1 else None


class Picked(str):
    """A picker's value as shown: the key, carrying its label for the
    datalist's one option."""

    label: str = ""

    def __new__(cls, key: str, label: str) -> Picked:
        value = super().__new__(cls, key)
        value.label = label
        return value


class PickerInput(forms.TextInput):
    """A text input suggesting from ``core:pick`` through a datalist."""

    template_name = "core/widgets/picker.html"

    def __init__(self, name: str, attrs: dict | None = None) -> None:
        super().__init__(attrs)
        self.picker_name = name

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["list_id"] = f"{widget['attrs'].get('id') or name}-options"
        widget["url"] = reverse("core:pick", args=[self.picker_name])
        widget["current"] = (
            (str(value), value.label) if isinstance(value, Picked) else None
        )
        return context


class PickerField(forms.Field):
    """Typed text cleaned to the object a picker names, for the form's viewer.

    Accepts the key, a numeric id or a unique exact label and returns the model
    instance (like ``ModelChoiceField``), so services are unchanged. A
    ``core.forms.Form`` built with ``viewer=`` hands the viewer to the field."""

    default_error_messages = {
        "invalid_choice": _(
            "Choose one of the suggestions: type a name or an e-mail address."
        ),
    }

    def __init__(self, name: str, *, attrs: dict | None = None, **kwargs) -> None:
        kwargs.setdefault("widget", PickerInput(name, attrs))
        super().__init__(**kwargs)
        self.picker_name = name
        self.viewer: Viewer = ANONYMOUS
        self._picked: tuple[str, Any] | None = None

    def _picker(self) -> Picker:
        found = picker(self.picker_name)
        if found is None:
            raise LookupError(f"No picker registered as {self.picker_name!r}.")
        return found

    def to_python(self, value: Any) -> Any:
        text = (value or "").strip() if isinstance(value, str) else value
        if text in self.empty_values:
            return None
        if isinstance(text, models.Model):
            return text
        found = self._picker()
        obj = (
            found.resolve(self.viewer, str(text))
            if found.allowed(self.viewer)
            else None
        )
        if obj is None:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        self._picked = (value, obj)
        return obj

    def prepare_value(self, value: Any) -> Any:
        if self._picked is not None and value == self._picked[0]:
            value = self._picked[1]
        if isinstance(value, models.Model):
            return Picked(*self._picker().present(value))
        if isinstance(value, int) and not isinstance(value, bool):
            # An id as initial value: one lookup, through the viewer's scope.
            obj = self._picker().resolve(self.viewer, str(value))
            return Picked(*self._picker().present(obj)) if obj else ""
        return value

    def has_changed(self, initial: Any, data: Any) -> bool:
        initial_key = str(self.prepare_value(initial) or "")
        return initial_key != (data or "").strip()
