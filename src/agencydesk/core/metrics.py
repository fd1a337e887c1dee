"""Prometheus metrics at ``/metrics`` (docs/operations.md, "Metrics").

Two kinds, counted in two ways so that several web processes and nodes
still add up:

- **Request rate and latency** are counted by each web process as it
  answers. With ``PROMETHEUS_MULTIPROC_DIR`` set (``agencydesk serve`` and the
  gunicorn config ``agencydesk.gunicorn_config`` do), prometheus_client keeps
  each process's counts in files there and a scrape adds them all up, so the
  answer does not depend on which gunicorn worker took the scrape. Without it
  the counts are the answering process's own (right for one process only).
- **State** (queue depth, outbox and webhook backlogs, inbound messages kept
  for review, heartbeats, SLA sweep duration) is read from the database and
  the queue at scrape time: every node answers the same, nothing is kept in
  a process, and a worker on another machine is seen too. Apps register
  their readers with ``register_gauge`` from ``AppConfig.ready`` (``core``
  knows no domain app), like page panels.

Labels stay bounded: the view is the URL pattern's name (never the path), the
method one of a fixed list, the status its class ("2xx").
"""

from __future__ import annotations

import ipaddress
import logging
import os
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

# The value class of prometheus_client is chosen when it is first imported:
# the folder must exist by then.
_MULTIPROC_DIR = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
if _MULTIPROC_DIR:
    Path(_MULTIPROC_DIR).mkdir(parents=True, exist_ok=True)

from django.conf import settings  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.utils.crypto import constant_time_compare  # noqa: E402
from prometheus_client import (  # noqa: E402
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily  # noqa: E402

from .net import request_address  # noqa: E402

logger = logging.getLogger(__name__)
# A "_created" series per counter doubles the output for nothing Prometheus
# needs (it detects counter resets itself).
disable_created_metrics()

PREFIX = "agencydesk_"
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNMATCHED = "<unmatched>"

# This process's own counts; a scrape in multiprocess mode reads every
# process's files instead.
_PROCESS = CollectorRegistry()

REQUESTS = Counter(
    f"{PREFIX}http_requests",
    "HTTP requests answered, by URL pattern name, method and status class.",
    ["view", "method", "status"],
    registry=_PROCESS,
)
LATENCY = Histogram(
    f"{PREFIX}http_request_duration_seconds",
    "Time to answer an HTTP request (to the first byte of a streamed answer).",
    ["view", "method"],
    registry=_PROCESS,
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)


def view_label(request: HttpRequest) -> str:
    """The URL pattern's name ("desk:ticket-detail"), or ``<unmatched>`` for a
    path no pattern matched (a 404, or a redirect before resolving)."""
    match = getattr(request, "resolver_match", None)
    return UNMATCHED if match is None else match.view_name


def observe(request: HttpRequest, status: int, seconds: float) -> None:
    view = view_label(request)
    method = request.method if request.method in METHODS else "other"
    REQUESTS.labels(view, method, f"{status // 100}xx").inc()
    LATENCY.labels(view, method).observe(seconds)


class RequestMetricsMiddleware:
    """Counts and times every request (first in MIDDLEWARE, so the time
    includes the other middleware and the status is the one sent)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        observe(request, response.status_code, time.perf_counter() - started)
        return response


Samples = Iterable[tuple[Sequence[str], float]]


@dataclass(frozen=True)
class StateGauge:
    """A gauge computed at scrape time: ``read`` yields (label values, value)
    and needs the ``needs`` parts (see ``register_parts``) to be up."""

    name: str
    documentation: str
    read: Callable[[], Samples]
    labels: tuple[str, ...] = ()
    needs: tuple[str, ...] = ("database",)


_GAUGES: dict[str, StateGauge] = {}
_parts_check: Callable[[], Mapping[str, bool]] | None = None


def register_gauge(
    name: str,
    documentation: str,
    read: Callable[[], Samples],
    labels: Sequence[str] = (),
    needs: Sequence[str] = ("database",),
) -> None:
    """Add a gauge read at scrape time (``name`` without the prefix)."""
    _GAUGES[name] = StateGauge(
        PREFIX + name, documentation, read, tuple(labels), tuple(needs)
    )


def register_parts(check: Callable[[], Mapping[str, bool]]) -> None:
    """The check of the parts the gauges need (part name → up), run once per
    scrape and shown as ``agencydesk_dependency_up``."""
    global _parts_check
    _parts_check = check


class StateCollector:
    """Checks the parts once, then reads every registered gauge. A gauge whose
    part is down is not even tried (a database that drops packets would cost
    each gauge its connect timeout, and the scrape its deadline); one that
    fails anyway is left out too; both are named in
    ``agencydesk_metrics_read_failed``."""

    def collect(self) -> Iterable[GaugeMetricFamily]:
        parts = dict(_parts_check()) if _parts_check else {}
        up = GaugeMetricFamily(
            f"{PREFIX}dependency_up",
            "1 when the part (database, cache, queue, storage) answers, else 0.",
            labels=["part"],
        )
        for part, ok in parts.items():
            up.add_metric([part], 1.0 if ok else 0.0)
        yield up
        failed = GaugeMetricFamily(
            f"{PREFIX}metrics_read_failed",
            "1 for each gauge that could not be read in this scrape.",
            labels=["gauge"],
        )
        for gauge in list(_GAUGES.values()):
            if any(parts.get(part) is False for part in gauge.needs):
                failed.add_metric([gauge.name], 1.0)
                continue
            family = GaugeMetricFamily(
                gauge.name, gauge.documentation, labels=list(gauge.labels)
            )
            try:
                for labels, value in gauge.read():
                    family.add_metric([str(v) for v in labels], float(value))
            except Exception:
                logger.warning("metrics: %s not read", gauge.name, exc_info=True)
                failed.add_metric([gauge.name], 1.0)
                continue
            yield family
        yield failed


_STATE = StateCollector()
_PROCESS.register(_STATE)


def exposition() -> tuple[bytes, str]:
    """The text a scrape receives, and its content type."""
    if _MULTIPROC_DIR:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry, path=_MULTIPROC_DIR)
        registry.register(_STATE)
    else:
        registry = _PROCESS
    return generate_latest(registry), CONTENT_TYPE_LATEST


def _allowed_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    # Validated when the settings load: a bad entry stops the start.
    return [ipaddress.ip_network(n, strict=False) for n in settings.METRICS_ALLOW_IPS]


def _address_allowed(request: HttpRequest) -> bool:
    text = request_address(request)
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return False
    if address.version == 6 and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return any(address in network for network in _allowed_networks())


def _token_valid(authorization: str) -> bool:
    scheme, _, token = authorization.partition(" ")
    return scheme.lower() == "bearer" and constant_time_compare(
        token.strip(), settings.METRICS_TOKEN
    )


def metrics_allowed(request: HttpRequest) -> bool:
    """Whether the caller may scrape: off while neither ``METRICS_TOKEN`` nor
    ``METRICS_ALLOW_IPS`` is set; with both, both must hold."""
    token, networks = settings.METRICS_TOKEN, settings.METRICS_ALLOW_IPS
    if not token and not networks:
        return False
    if token and not _token_valid(request.headers.get("Authorization", "")):
        return False
    return not networks or _address_allowed(request)
