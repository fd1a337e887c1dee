"""Log lines an operator's tools can read (docs/operations.md, "Logs").

``LOG_FORMAT=json`` writes one JSON object per line: time (UTC, ISO 8601),
level, logger, message, and during a request its id, method and path; an
error's traceback goes in ``exc_info``. Every request gets an id: the load
balancer's ``X-Request-ID`` when it sends a sane one, else a new one; it is
sent back in the answer's ``X-Request-ID`` so a user's report can be found.

Imported by the logging configuration before Django is set up (and by
gunicorn's): the standard library only here.
"""

from __future__ import annotations

import json
import logging
import re
import traceback
import uuid
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

_REQUEST: ContextVar[dict[str, str] | None] = ContextVar("request", default=None)
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")


def current_request() -> dict[str, str] | None:
    """The id, method and path of the request being answered, if any."""
    return _REQUEST.get()


class RequestIdMiddleware:
    """Gives every request an id, seen by every log line written while it is
    answered and sent back in ``X-Request-ID``."""

    def __init__(self, get_response: Callable[[Any], Any]):
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        offered = request.headers.get("X-Request-ID", "")
        request_id = offered if _REQUEST_ID.fullmatch(offered) else uuid.uuid4().hex
        request.request_id = request_id
        token = _REQUEST.set(
            {"request_id": request_id, "method": request.method, "path": request.path}
        )
        try:
            response = self.get_response(request)
        finally:
            _REQUEST.reset(token)
        response["X-Request-ID"] = request_id
        return response


class JsonFormatter(logging.Formatter):
    """One JSON object per line (see the module's docstring)."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = current_request()
        if request is None and hasattr(record, "request"):
            # Django's own request errors carry the request.
            http = record.request
            request = {
                "request_id": getattr(http, "request_id", ""),
                "method": getattr(http, "method", ""),
                "path": getattr(http, "path", ""),
            }
        if request:
            line.update({k: v for k, v in request.items() if v})
        if record.name == "gunicorn.access" and isinstance(record.args, Mapping):
            line.update(_access_fields(record.args))
        status = getattr(record, "status_code", None)
        if isinstance(status, int):
            line["status"] = status
        if record.exc_info:
            line["exc_info"] = "".join(traceback.format_exception(*record.exc_info))
        elif record.exc_text:
            line["exc_info"] = record.exc_text
        if record.stack_info:
            line["stack_info"] = record.stack_info
        return json.dumps(line, ensure_ascii=False, default=str)


def _access_fields(atoms: Mapping[str, Any]) -> dict[str, Any]:
    """gunicorn's access-log atoms as fields of their own."""
    fields = {
        "request_id": atoms.get("{x-request-id}o"),
        "method": atoms.get("m"),
        "path": atoms.get("U"),
        "remote_addr": atoms.get("h"),
        "duration_ms": atoms.get("M"),
    }
    status = str(atoms.get("s", ""))
    if status.isdigit():
        fields["status"] = int(status)
    return {k: v for k, v in fields.items() if v not in (None, "", "-")}
