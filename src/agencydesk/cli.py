"""The ``agencydesk`` command: Django's manage.py plus our own sub-commands.

agencydesk serve [--host H] [--port P]   web server and worker together
agencydesk worker                        the background worker only
agencydesk demo                          load the demo agency (idempotent)
agencydesk backup | restore | copy_to_postgres   backups, and SQLite → PostgreSQL
                                         (docs/deployment.md)
agencydesk <django command> …            migrate, check, createsuperuser, …
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time

OWN_COMMANDS = {"serve", "worker", "demo"}


def _setup() -> None:
    import django

    django.setup()


def serve(argv: list[str]) -> int:
    """Run gunicorn and the Huey consumer; Ctrl-C (or SIGTERM) stops both."""
    parser = argparse.ArgumentParser(prog="agencydesk serve")
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
    parser.add_argument("--web-workers", default=os.environ.get("WEB_WORKERS", "2"))
    args = parser.parse_args(argv)
    # Several gunicorn workers: their metrics add up through this folder
    # (emptied by agencydesk.gunicorn_config when gunicorn starts).
    var_dir = os.environ.get("AGENCYDESK_VAR_DIR") or os.path.join(
        os.path.dirname(__file__), os.pardir, os.pardir, "var"
    )
    os.environ.setdefault(
        "PROMETHEUS_MULTIPROC_DIR", os.path.join(var_dir, "prometheus")
    )
    web = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            "python:agencydesk.gunicorn_config",
            "agencydesk.wsgi",
            "--bind",
            f"{args.host}:{args.port}",
            "--workers",
            str(args.web_workers),
            "--access-logfile",
            "-",
        ]
    )
    worker = subprocess.Popen([sys.executable, "-m", "agencydesk.cli", "worker"])
    children = [web, worker]
    print(
        f"Agency Desk is running on http://{args.host}:{args.port}/ — Ctrl-C stops it."
    )

    stopping = False

    def stop(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while not stopping and all(child.poll() is None for child in children):
        time.sleep(0.3)
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 15
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
    print("Agency Desk stopped.")
    failed = [
        child.returncode for child in children if child.returncode not in (0, -15, -2)
    ]
    return 0 if stopping or not failed else 1


def worker(argv: list[str]) -> int:
    """Run the Huey consumer (tasks and periodic tasks), after taking back the
    work a killed earlier process of this worker (same WORKER_ID) held."""
    from django.core.management import call_command

    _setup()
    from agencydesk.core.leases import worker_start

    worker_start()
    # With `-k process` Huey forks its workers: a connection opened here would
    # be shared by every child (and broken by the first to use it).
    from django.db import connections

    connections.close_all()
    call_command("run_huey", *argv)
    return 0


def demo(argv: list[str]) -> int:
    """Load the demo agency and print its logins."""
    _setup()
    from agencydesk.demo import load

    load(out=sys.stdout)
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agencydesk.settings")
    if len(argv) > 1 and argv[1] in OWN_COMMANDS:
        handler = {"serve": serve, "worker": worker, "demo": demo}[argv[1]]
        return handler(argv[2:])
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
