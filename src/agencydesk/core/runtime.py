"""The process's own tuning: the garbage collector.

A web process keeps Django, the apps, the compiled templates and Babel's
locale data for its whole life. Python's collector walks every one of those
objects on each full collection, which a page that allocates a few thousand
objects triggers every few requests: on the weekly finance view that was half
the p95 (339 against 179 ms with the long-lived objects frozen, issue 15's
benchmark). Once the process has served its first requests (templates
compiled, locales parsed), ``gc.freeze()`` moves everything alive then out of
the collector's sight; objects still die by reference count, and new garbage
is collected as before. ``GC_FREEZE_AFTER_REQUESTS`` (0: never) says after how
many requests."""

from __future__ import annotations

import gc
import threading
from typing import Any

from django.conf import settings
from django.core.signals import request_finished

_lock = threading.Lock()
_served = 0


def _after_request(sender: Any, **kwargs: Any) -> None:
    global _served
    with _lock:
        _served += 1
        if _served != settings.GC_FREEZE_AFTER_REQUESTS:
            return
    request_finished.disconnect(_after_request, dispatch_uid=__name__)
    # Collect first so that garbage is not frozen with the rest.
    gc.collect()
    gc.freeze()


def connect() -> None:
    if getattr(settings, "GC_FREEZE_AFTER_REQUESTS", 0) > 0:
        request_finished.connect(_after_request, dispatch_uid=__name__)
