"""``agencydesk mail``: the e-mail tools of the comms app.

agencydesk mail parse FILE [FILE ...] [--json]   what the parser reads from files
agencydesk mail ingest …                          intake (with comms.ingest_command)
"""

from __future__ import annotations

import importlib
import importlib.util
import json
from argparse import ArgumentParser
from pathlib import Path
from types import ModuleType
from typing import Any

from django.core.management.base import BaseCommand, CommandError, OutputWrapper

from agencydesk.comms.parsing import ParsedMessage, parse

INGEST_MODULE = "agencydesk.comms.ingest_command"


# --- ingest hook ------------------------------------------------------------------
# `comms/ingest_command.py` plugs the `ingest` sub-command in, with
# `add_arguments(parser)` and `handle(options, stdout, stderr) -> int`; without that
# module the command offers `parse` only.


def _ingest_module() -> ModuleType | None:
    if importlib.util.find_spec(INGEST_MODULE) is None:
        return None
    return importlib.import_module(INGEST_MODULE)


def add_ingest_arguments(subparsers: Any) -> None:
    """Register `mail ingest` when the intake module is installed."""
    module = _ingest_module()
    if module is None:
        return
    parser = subparsers.add_parser(
        "ingest",
        help=getattr(
            module, "HELP", "Ingest messages from stdin, files, Maildir or mbox."
        ),
    )
    module.add_arguments(parser)


def handle_ingest(
    options: dict[str, Any], stdout: OutputWrapper, stderr: OutputWrapper
) -> int:
    """Run `mail ingest`; its exit status comes from the intake module."""
    module = _ingest_module()
    if module is None:
        raise CommandError("mail ingest is not available in this installation.")
    return module.handle(options, stdout, stderr)


# --- parse --------------------------------------------------------------------------


def _summary(path: str, message: ParsedMessage) -> str:
    """A readable digest of one parsed message (without --json)."""

    def people(addresses: list) -> str:
        return ", ".join(
            f"{a.name} <{a.email}>" if a.name else a.email for a in addresses
        )

    lines = [
        f"== {path}",
        f"From:       {people([message.from_]) if message.from_ else '(none)'}",
        f"To:         {people(message.to)}",
        f"Cc:         {people(message.cc)}",
        f"Subject:    {message.subject}",
        f"Date:       {message.date.isoformat() if message.date else '(none)'}",
        f"Message-ID: {message.message_id or '(none)'}",
        f"Automatic:  {message.auto_reason or 'no'}",
    ]
    lines += [
        f"Attachment: {a.filename} ({a.content_type}, {a.size} bytes)"
        for a in message.attachments
    ]
    lines += [f"Defect:     {defect}" for defect in message.defects]
    lines += ["", message.text, ""]
    return "\n".join(lines)


def parse_files(
    paths: list[str], *, as_json: bool, stdout: OutputWrapper, stderr: OutputWrapper
) -> int:
    """Print what the parser reads from each file; 1 if a file could not be read."""
    status = 0
    for path in paths:
        try:
            raw = Path(path).read_bytes()
        except OSError as error:
            stderr.write(f"mail parse: cannot read {path}: {error.strerror or error}")
            status = 1
            continue
        message = parse(raw)
        if as_json:
            stdout.write(json.dumps(message.as_json(), ensure_ascii=False))
        else:
            stdout.write(_summary(path, message))
    return status


class Command(BaseCommand):
    help = "E-mail tools: parse a message file, ingest messages."
    # An MTA pipe and a diagnostic tool: stderr carries only their own errors,
    # not the project's system-check warnings.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        subparsers = parser.add_subparsers(dest="action", required=True)
        parse_parser = subparsers.add_parser(
            "parse", help="Print what the parser reads from raw message files."
        )
        parse_parser.add_argument("files", nargs="+", metavar="FILE")
        parse_parser.add_argument(
            "--json",
            action="store_true",
            help="One JSON document per file, one per line (issue 4's shape).",
        )
        add_ingest_arguments(subparsers)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "parse":
            status = parse_files(
                options["files"],
                as_json=options["json"],
                stdout=self.stdout,
                stderr=self.stderr,
            )
            if status:
                raise CommandError("Some files could not be read.", returncode=status)
            return
        status = handle_ingest(options, self.stdout, self.stderr)
        if status:
            raise CommandError("mail ingest finished with errors.", returncode=status)
