"""What ``parse`` returns: the message, its addresses and attachments."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class Address:
    """One mailbox of an address header; ``email`` is lower-cased."""

    name: str
    email: str

    def as_json(self) -> dict[str, str]:
        return {"name": self.name, "email": self.email}


@dataclass(frozen=True, slots=True)
class Attachment:
    """A decoded attachment or inline part, with its digest."""

    filename: str
    content_type: str
    size: int
    sha256: str
    content: bytes = field(repr=False)
    is_inline: bool = False
    content_id: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "filename": self.filename,
            "content_type": self.content_type,
            "size": self.size,
            "sha256": self.sha256,
        }


@dataclass(frozen=True, slots=True)
class ParsedMessage:
    """What could be read from one raw message, and the defects met on the way."""

    from_: Address | None = None
    to: list[Address] = field(default_factory=list)
    cc: list[Address] = field(default_factory=list)
    reply_to: list[Address] = field(default_factory=list)
    delivered_to: list[str] = field(default_factory=list)
    subject: str = ""
    date: datetime | None = None
    message_id: str | None = None
    in_reply_to: str | None = None
    references: list[str] = field(default_factory=list)
    text: str = ""
    html: str | None = None
    attachments: list[Attachment] = field(default_factory=list)
    # Detached signatures of signed mail (PGP, S/MIME): not attachments.
    signatures: list[Attachment] = field(default_factory=list)
    auto_submitted: bool = False
    auto_reason: str = ""
    # The time budget ran out while the body was read: text, html and
    # attachments hold only what was read before (see ``parse``).
    over_budget: bool = False
    defects: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The shape printed by ``agencydesk mail parse --json`` (issue 4, item 1)."""
        return {
            "from": self.from_.as_json() if self.from_ else None,
            "to": [address.as_json() for address in self.to],
            "cc": [address.as_json() for address in self.cc],
            "subject": self.subject,
            "date": self.date.isoformat() if self.date else None,
            "message_id": self.message_id,
            "in_reply_to": self.in_reply_to,
            "references": list(self.references),
            "text": self.text,
            "html": self.html,
            "attachments": [attachment.as_json() for attachment in self.attachments],
            "auto_submitted": self.auto_submitted,
            "defects": list(self.defects),
        }
