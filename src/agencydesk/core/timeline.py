"""The client timeline: one service to record what happened, one selector to read it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .access import Viewer
from .batch import batch_insert
from .models import Event

# verb -> (kind, sentence). The sentence may use %(actor)s, %(target)s and the
# event's data keys. Apps register their verbs at import time.
_VERBS: dict[str, tuple[str, Promise]] = {}
KIND_LABELS: dict[str, Promise] = {}
# Called with each recorded event and its target (or None), inside the writing
# transaction: apps above every other (the API's webhooks) learn what happened
# without the apps below importing them. A listener must not query; it defers
# its work to the commit.
_LISTENERS: list[Callable[[Event, Any], None]] = []


def register_listener(listener: Callable[[Event, Any], None]) -> None:
    """Be told of every event recorded from now on (in an app's ``ready``)."""
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)


def _tell_listeners(event: Event, target: Any) -> None:
    for listener in _LISTENERS:
        listener(event, target)


def register_verb(verb: str, sentence: Promise, *, kind: str | None = None) -> None:
    """Declare how an event verb reads on the timeline."""
    _VERBS[verb] = (kind or verb.split(".", 1)[0], sentence)


def register_kind(kind: str, label: Promise) -> None:
    """Declare a kind of event the timeline can filter on."""
    KIND_LABELS[kind] = label


def timeline_record(
    *,
    actor: Any,
    client_id: int,
    verb: str,
    target: models.Model | None = None,
    data: Mapping[str, Any] | None = None,
) -> Event:
    """Append an event to a client's timeline (call inside the writing
    transaction; in an intake batch it is inserted with the batch's others)."""
    event = batch_insert(
        event_for(actor=actor, client_id=client_id, verb=verb, target=target, data=data)
    )
    _tell_listeners(event, target)
    return event


def timeline_record_many(events: list[Event]) -> list[Event]:
    """Append many events in one insert (each built with ``event_for``)."""
    created = Event.objects.bulk_create(events)
    for event in created:
        _tell_listeners(event, None)
    return created


def event_for(
    *,
    actor: Any,
    client_id: int,
    verb: str,
    target: models.Model | None = None,
    data: Mapping[str, Any] | None = None,
) -> Event:
    if verb not in _VERBS:
        raise ValueError(f"Unregistered timeline verb {verb!r}.")
    # Names and labels are kept in the source language (message ids, where
    # they are translatable) and translated when read, so each reader sees
    # the history in their own language, whoever wrote it.
    with translation.override(None):
        event = Event(
            client_id=client_id,
            actor=actor if actor is not None and actor.is_authenticated else None,
            verb=verb,
            data=_source(dict(data or {})),
        )
        if target is not None:
            event.target_type = ContentType.objects.get_for_model(target)
            event.target_id = str(target.pk)
            event.target_repr = str(target)[:200]
    event.search_text = " ".join([event.target_repr, *_values(event.data)]).lower()
    return event


def _source(data: Any) -> Any:
    """Lazy labels as their message ids (the caller's language left out)."""
    if isinstance(data, Mapping):
        return {key: _source(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [_source(value) for value in data]
    return str(data) if isinstance(data, Promise) else data


def _read(value: Any) -> Any:
    return gettext(value) if isinstance(value, str) and value else value


def _values(data: Any) -> list[str]:
    """The scalar values inside event data, keys left out."""
    if isinstance(data, Mapping):
        return [text for value in data.values() for text in _values(value)]
    if isinstance(data, list | tuple):
        return [text for value in data for text in _values(value)]
    return [] if data is None else [str(data)]


@dataclass(frozen=True)
class TimelineEntry:
    """An event ready to show."""

    at: datetime
    kind: str
    kind_label: str
    actor_name: str
    text: str


class _SafeData(dict):
    def __missing__(self, key: str) -> str:
        return ""


def _entry(event: Event) -> TimelineEntry:
    kind, sentence = _VERBS.get(event.verb, (event.verb.split(".", 1)[0], None))
    actor_name = event.actor.display_name if event.actor else str(_("System"))
    values = _SafeData({key: _read(value) for key, value in event.data.items()})
    values.update(actor=actor_name, target=_read(event.target_repr))
    text = str(sentence) % values if sentence is not None else event.verb
    return TimelineEntry(
        at=event.created_at,
        kind=kind,
        kind_label=str(KIND_LABELS.get(kind, kind)),
        actor_name=actor_name,
        text=text,
    )


def timeline_for_client(
    *,
    viewer: Viewer,
    client_id: int,
    kind: str = "",
    query: str = "",
    since: datetime | None = None,
) -> models.QuerySet[Event]:
    """A client's events, newest first, filtered by kind, text and (for
    syncing) the time they happened from."""
    events = (
        Event.objects.visible_to(viewer)
        .filter(client_id=client_id)
        .select_related("actor")
        .order_by("-created_at", "-pk")
    )
    if kind:
        verbs = [verb for verb, (k, _s) in _VERBS.items() if k == kind]
        events = events.filter(verb__in=verbs)
    if since is not None:
        events = events.filter(created_at__gte=since)
    if query:
        # Lower-cased in Python on both sides: SQLite folds only ASCII case.
        events = events.filter(search_text__contains=query.lower())
    return events


def timeline_entries(events: Any) -> list[TimelineEntry]:
    """Render a page of events as entries."""
    return [_entry(event) for event in events]


register_kind("client", _("Account"))
