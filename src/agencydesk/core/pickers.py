"""Pickers over growing lists: search as you type, submit without JavaScript.

A form field over a list that grows with the agency (clients, contacts, staff)
renders one text input with an empty ``<datalist>``; htmx fills the datalist
from ``core:pick`` as the person types, and the browser offers it natively
(keyboard included). Without JavaScript the person types a key (an e-mail
address, a client's short name), an id or an exact name, and the field
resolves it on submit. A field of several (a meeting's attendees) shows the
chosen as ticked boxes, unticked to remove, and one such input to add one more
(``PickerMultipleField``).

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


# Most objects a multi-value picker takes in one post: each is one lookup.
MANY_MAX = 50


class Posted(list):
    """A multi-value picker's posted value: the keys left ticked, and the text
    typed into its input (``typed``) to add one more."""

    typed: str = ""


@dataclass
class PickedMany:
    """A multi-value picker's value as shown: what is chosen, each a ticked
    box, and the text typed that named nothing (shown again to correct)."""

    chosen: list[Picked]
    typed: str = ""


class PickerMultipleInput(forms.Widget):
    """The chosen as ticked checkboxes (untick to remove) and one picker input
    to add one more, in a fieldset: it works without JavaScript, one addition
    per submit. The input posts as ``<name>_add``."""

    template_name = "core/widgets/picker_multiple.html"
    use_fieldset = True
    add_suffix = "_add"

    def __init__(self, name: str, *, add_label: Any, attrs: dict | None = None):
        super().__init__(attrs)
        self.picker_name = name
        self.add_label = add_label

    def value_from_datadict(self, data, files, name: str) -> Posted:
        getter = getattr(data, "getlist", None)
        ticked = getter(name) if getter else data.get(name)
        if ticked is None:
            ticked = []
        elif isinstance(ticked, str):
            ticked = [ticked]
        keys = (str(key) for key in ticked if isinstance(key, str | int))
        posted = Posted(key for key in keys if key.strip())
        typed = data.get(name + self.add_suffix)
        posted.typed = typed if isinstance(typed, str) else ""
        return posted

    def value_omitted_from_data(self, data, files, name: str) -> bool:
        return name not in data and name + self.add_suffix not in data

    def use_required_attribute(self, initial: Any) -> bool:
        # Ticked boxes are a choice: the input to add one is never required.
        return False

    def id_for_label(self, id_: str) -> str:
        return f"{id_}{self.add_suffix}" if id_ else id_

    def format_value(self, value: Any) -> Any:
        return value

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        if not isinstance(value, PickedMany):
            value = PickedMany([])
        base = widget["attrs"].get("id") or name
        add_id = f"{base}{self.add_suffix}"
        widget["chosen"] = [
            {"key": str(key), "label": key.label, "id": f"{base}_{index}"}
            for index, key in enumerate(value.chosen)
        ]
        widget["add_label"] = self.add_label
        widget["add"] = {
            "name": name + self.add_suffix,
            "value": value.typed or None,
            "attrs": {**widget["attrs"], "id": add_id},
            "list_id": f"{add_id}-options",
            "url": reverse("core:pick", args=[self.picker_name]),
            "current": None,
        }
        return context


class PickerMultipleField(forms.Field):
    """Several objects a picker names, for the form's viewer: the keys left
    ticked plus the text typed to add one, cleaned to a list of instances
    (as ``ModelMultipleChoiceField`` gives a queryset), so services are
    unchanged. Typed text that names nothing is refused as ``PickerField``
    refuses it. A ``core.forms.Form`` built with ``viewer=`` hands the viewer
    to the field."""

    default_error_messages = {
        "invalid_choice": PickerField.default_error_messages["invalid_choice"],
        "gone": _("%(value)s can no longer be chosen: untick it to save."),
        "too_many": _("Choose at most %(limit)d."),
    }

    def __init__(
        self,
        name: str,
        *,
        add_label: Any,
        attrs: dict | None = None,
        **kwargs,
    ) -> None:
        kwargs.setdefault(
            "widget", PickerMultipleInput(name, add_label=add_label, attrs=attrs)
        )
        super().__init__(**kwargs)
        self.picker_name = name
        self.viewer: Viewer = ANONYMOUS
        self._resolved: dict[str, Any] = {}

    def __deepcopy__(self, memo: dict) -> PickerMultipleField:
        # Each form's copy remembers only what it resolved itself.
        result = super().__deepcopy__(memo)
        result._resolved = {}
        return result

    def _picker(self) -> Picker:
        found = picker(self.picker_name)
        if found is None:
            raise LookupError(f"No picker registered as {self.picker_name!r}.")
        return found

    def _resolve(self, item: Any) -> Any:
        """The object ``item`` names (an instance, an id, typed text), or
        None; each text looked up once per form."""
        if isinstance(item, models.Model):
            return item
        text = str(item).strip()
        if text not in self._resolved:
            found = self._picker()
            allowed = text and _searchable(text) and found.allowed(self.viewer)
            self._resolved[text] = found.resolve(self.viewer, text) if allowed else None
        return self._resolved[text]

    @staticmethod
    def _items(value: Any) -> list[Any]:
        if value in (None, ""):
            return []
        if isinstance(value, str | models.Model) or not hasattr(value, "__iter__"):
            return [value]
        return list(value)

    def to_python(self, value: Any) -> list[Any]:
        ticked = self._items(value)
        typed = getattr(value, "typed", "").strip()
        if len(ticked) + bool(typed) > MANY_MAX:
            raise ValidationError(
                self.error_messages["too_many"],
                code="too_many",
                params={"limit": MANY_MAX},
            )
        chosen: list[Any] = []
        for item in ticked:
            obj = self._resolve(item)
            if obj is None:
                raise ValidationError(
                    self.error_messages["gone"],
                    code="gone",
                    params={"value": str(item)},
                )
            if obj not in chosen:
                chosen.append(obj)
        if typed:
            obj = self._resolve(typed)
            if obj is None:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice"
                )
            if obj not in chosen:
                chosen.append(obj)
        return chosen

    def prepare_value(self, value: Any) -> PickedMany:
        if isinstance(value, PickedMany):
            return value
        present = self._picker().present
        chosen: list[Picked] = []
        typed = getattr(value, "typed", "").strip()
        items = self._items(value)
        if typed and self._resolve(typed) is not None:
            # Named someone: shown ticked like the others, the input empty.
            items, typed = [*items, typed], ""
        if len(items) > MANY_MAX:
            # Refused as too many: shown as posted, without a lookup each.
            return PickedMany([Picked(str(i), str(i)) for i in items[:MANY_MAX]])
        for item in items:
            obj = self._resolve(item)
            # A ticked key that names nothing stays, to be unticked.
            key = (
                Picked(*present(obj))
                if obj is not None
                else Picked(str(item), str(item))
            )
            if key not in chosen:
                chosen.append(key)
        return PickedMany(chosen, typed)

    def has_changed(self, initial: Any, data: Any) -> bool:
        def keys(value: Any) -> set[str]:
            shown = self.prepare_value(value)
            return {str(key) for key in shown.chosen} | (
                {shown.typed} if shown.typed else set()
            )

        return keys(initial) != keys(data)
