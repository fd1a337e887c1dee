"""Refusals of an import: the file as a whole, or one of its rows."""

from __future__ import annotations

from agencydesk.core.errors import DomainError


class ImportFileRefusedError(DomainError):
    """The file is not taken at all: too large, not a table, a column missing."""

    code = "import_file_refused"


class ImportNotReadyError(DomainError):
    """The run cannot be imported (already imported, refused, with errors)."""

    code = "import_not_ready"


class RowInvalidError(Exception):
    """A row that cannot be imported, with what is wrong with it."""

    def __init__(self, *messages: str) -> None:
        super().__init__(*messages)
        self.messages = [str(m) for m in messages]
