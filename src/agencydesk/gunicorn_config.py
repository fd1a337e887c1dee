"""gunicorn's configuration for Agency Desk's web nodes:
``gunicorn -c python:agencydesk.gunicorn_config agencydesk.wsgi``
(``agencydesk serve`` uses it).

- Metrics of several workers add up: with ``PROMETHEUS_MULTIPROC_DIR`` set,
  each worker writes its counts there; the folder is emptied when gunicorn
  starts (counts of an earlier run would be added to this one's) and a dead
  worker's live gauges are dropped (docs/operations.md, "Metrics").
- ``LOG_FORMAT=json`` makes gunicorn's own lines (start, worker restarts,
  the access log) JSON objects too, like the application's.

Plain gunicorn settings (``--bind``, ``--workers``…) still come from the
command line or ``GUNICORN_CMD_ARGS``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

_MULTIPROC_DIR = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")


def on_starting(server: Any) -> None:
    if _MULTIPROC_DIR:
        folder = Path(_MULTIPROC_DIR)
        if folder.is_dir():
            for path in folder.glob("*.db"):
                path.unlink()
        folder.mkdir(parents=True, exist_ok=True)


def child_exit(server: Any, worker: Any) -> None:
    if _MULTIPROC_DIR:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid, _MULTIPROC_DIR)


if os.environ.get("LOG_FORMAT") == "json":
    _json = {"class": "logging.StreamHandler", "formatter": "json"}
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "agencydesk.core.logs.JsonFormatter"}},
        "handlers": {
            "error": {**_json, "stream": "ext://sys.stderr"},
            "access": {**_json, "stream": "ext://sys.stdout"},
        },
        # Replaces gunicorn's defaults whole: the root logger included.
        "root": {"level": "INFO", "handlers": ["error"]},
        "loggers": {
            "gunicorn.error": {
                "handlers": ["error"],
                "level": "INFO",
                "propagate": False,
            },
            "gunicorn.access": {
                "handlers": ["access"],
                "level": "INFO",
                "propagate": False,
            },
        },
    }
