"""Writing for a person: every e-mail and notification is written in the
language and timezone of its recipient, whoever triggered it."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.utils import timezone, translation


def _zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


@contextmanager
def for_recipient(person: Any) -> Iterator[None]:
    """Render text (subjects, bodies, dates, numbers) as ``person`` reads
    them: their language and their timezone; the agency's defaults when the
    person has none."""
    language = getattr(person, "language", "") or settings.LANGUAGE_CODE
    zone = _zone(getattr(person, "timezone", "") or settings.TIME_ZONE)
    with translation.override(language), timezone.override(zone):
        yield
