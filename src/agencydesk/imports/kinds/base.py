"""What each kind of import reads, how it finds the row it already has, and
which service writes it.

A kind cleans a row (the pages' own forms check its shape), names its key
(duplicates in one file are refused) and applies it through the same
services the pages use. A row that matches an existing one updates the
columns an import may change and leaves the others: a differing value of a
column taken only on creation is reported as a note.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from agencydesk.clients.models import Client
from agencydesk.core.access import Viewer

from ..errors import RowInvalidError
from ..models import ImportRun

CREATE, UPDATE, UNCHANGED, ERROR = "create", "update", "unchanged", "error"


@dataclass(frozen=True)
class Column:
    """A column of a kind: its name, the other headers that mean it, and
    whether a row must fill it."""

    name: str
    label: Promise
    aliases: tuple[str, ...] = ()
    required: bool = False
    example: str = ""


@dataclass
class Context:
    """One run's actor and viewer, and the lookups it has made already."""

    actor: Any
    viewer: Viewer
    cache: dict = field(default_factory=dict)

    def once(self, key: Any, load) -> Any:
        if key not in self.cache:
            self.cache[key] = load()
        return self.cache[key]


@dataclass
class Cleaned:
    """A valid row: its key, its values and the row it matches (or None)."""

    key: tuple
    data: dict
    existing: Any = None
    notes: list[str] = field(default_factory=list)
    # The columns the row filled: only those may change an existing row.
    given: frozenset[str] = frozenset()


def header_key(text: str) -> str:
    """``E-mail Address`` → ``e_mail_address``: headers compare this way."""
    return "_".join(text.strip().lower().replace("-", " ").split())


def _form_errors(form: forms.Form, labels: Mapping[str, str]) -> RowInvalidError:
    messages = []
    for name, errors in form.errors.items():
        label = labels.get(name, name)
        messages.extend(f"{label}: {error}" for error in errors)
    return RowInvalidError(*messages)


def _choice(value: str, choices: Sequence[tuple[str, Any]]) -> str:
    """A choice typed as its value or its label (any case) → its value."""
    typed = value.strip().lower()
    for key, label in choices:
        if typed in (str(key).lower(), str(label).lower()):
            return key
    return value


def _flag(value: str, default: bool) -> bool:
    typed = value.strip().lower()
    if not typed:
        return default
    if typed in ("yes", "y", "true", "1", "x", _("yes").lower()):
        return True
    if typed in ("no", "n", "false", "0", _("no").lower()):
        return False
    raise RowInvalidError(_("Write yes or no."))


def _kept(notes: list[str], label: Promise, given: str, stored: Any) -> None:
    if given and given != str(stored):
        notes.append(
            _("%(column)s stays %(value)s: an import does not change it.")
            % {"column": label, "value": stored}
        )


def _client_by_slug(ctx: Context, slug: str) -> Client:
    found = ctx.once(
        ("client", slug),
        lambda: Client.objects.visible_to(ctx.viewer).filter(slug=slug).first(),
    )
    if found is None:
        raise RowInvalidError(
            _("No client has the short name %(slug)s.") % {"slug": slug}
        )
    return found


class Kind:
    """Base of the kinds below."""

    name: str
    columns: tuple[Column, ...]
    # A kind whose files carry lines above the header finds it (parsing).
    is_header = None

    def check_columns(self, mapped: list[str | None]) -> None:
        """Refuse (ImportFileRefusedError) a header the kind cannot read
        beyond a missing required column."""

    def prepare(self, ctx: Context, mapped: list[str | None]) -> None:
        """Work done once before the rows, in the run's transaction."""

    def clean(self, ctx: Context, values: Mapping[str, str]) -> Cleaned:
        raise NotImplementedError

    def apply(self, ctx: Context, row: Cleaned) -> str:
        raise NotImplementedError

    @property
    def label(self) -> str:
        return ImportRun.Kind(self.name).label

    @property
    def labels(self) -> dict[str, str]:
        return {c.name: str(c.label) for c in self.columns}
