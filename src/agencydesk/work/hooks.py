"""What apps above work lend to scope and change requests.

Work sits below timesheets (hours logged, rates, budgets) and will not import
it; the approvals code knows the revision rounds. Each registers here from its
``AppConfig.ready``:

- ``register_meter_source(unit, fn)``: ``fn(*, client_id, spans, tz)`` answers, for
  each ``(key, first, last, area_id)`` of ``spans``, what was used in that
  period, as ``{key: Decimal}`` (one query for all). Work itself counts
  deliverables (tasks done) and revision rounds (approvals, same app).
- ``register_cost_estimator(fn)``: ``fn(*, client, minutes_by_role, day)``
  answers the cost as ``(Decimal, currency)`` or None (no rate).
- ``register_approval_handler(fn)``: ``fn(*, change_request)`` runs inside an
  approval's transaction (timesheets adds the hours and money to the budget)
  and answers a short label of what it changed, or "".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from typing import Any

Span = tuple[Any, date, date, int | None]
MeterSource = Callable[..., dict[Any, Decimal]]

_METER_SOURCES: dict[str, MeterSource] = {}
_ESTIMATORS: list[Callable[..., tuple[Decimal, str] | None]] = []
_APPROVAL_HANDLERS: list[Callable[..., str]] = []


def register_meter_source(unit: str, fn: MeterSource) -> None:
    _METER_SOURCES[unit] = fn


def meter_used(
    unit: str, *, client_id: int, spans: Iterable[Span], tz: str = "UTC"
) -> dict:
    """What the source of ``unit`` counts for each span (``tz``: the client's
    timezone, where a day begins); 0 without a source."""
    spans = list(spans)
    source = _METER_SOURCES.get(unit)
    if source is None or not spans:
        return {key: Decimal(0) for key, *_rest in spans}
    return source(client_id=client_id, spans=spans, tz=tz)


def register_cost_estimator(fn: Callable[..., tuple[Decimal, str] | None]) -> None:
    if fn not in _ESTIMATORS:
        _ESTIMATORS.append(fn)


def estimate_cost(
    *, client: Any, minutes_by_role: dict[str, int], day: date
) -> tuple[Decimal, str] | None:
    """The first registered estimator's answer (None without one)."""
    for estimator in _ESTIMATORS:
        answer = estimator(client=client, minutes_by_role=minutes_by_role, day=day)
        if answer is not None:
            return answer
    return None


def register_approval_handler(fn: Callable[..., str]) -> None:
    if fn not in _APPROVAL_HANDLERS:
        _APPROVAL_HANDLERS.append(fn)


def run_approval_handlers(*, change_request: Any) -> list[str]:
    return [
        label
        for fn in _APPROVAL_HANDLERS
        if (label := fn(change_request=change_request))
    ]
