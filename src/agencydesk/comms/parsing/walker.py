"""The walk over a MIME tree: bodies and attachments in document order,
within the parse's time budget."""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from email import policy as email_policy
from email.message import Message
from email.parser import BytesParser
from typing import TypeVar

from .charsets import (
    _decode_bytes,
    _scrub,
)
from .headers import (
    _header_text,
    _headers,
    _msgids,
    _params,
)
from .message import (
    Attachment,
)
from .parts import (
    _EXTENSIONS,
    _FLATTEN,
    _UNSAFE_FILENAME,
    _filename,
    _payload,
    _transfer_decode,
)

T = TypeVar("T")

_BODY_TYPES = ("text/plain", "text/html")
# Detached signatures of signed mail (RFC 1847 multipart/signed).
_SIGNATURE_TYPES = frozenset(
    {
        "application/pgp-signature",
        "application/pkcs7-signature",
        "application/x-pkcs7-signature",
    }
)


class _OverBudget(Exception):
    """The parse has used up its time budget."""


@dataclass(slots=True)
class _Clock:
    """The deadline of one parse, checked between steps."""

    deadline: float

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise _OverBudget


@dataclass(slots=True)
class _Body:
    """One part shown as (part of) the body; ``unit`` groups alternatives."""

    unit: int
    html: bool
    content: str


def _guard(defects: list[str], what: str, read: Callable[[], T], default: T) -> T:
    """Run one reading step; an error becomes a defect and the step's default."""
    try:
        return read()
    except _OverBudget:
        raise
    # Broad on purpose: one unreadable field must not cost the others (issue 4).
    except Exception as error:
        defects.append(f"could not read {what}: {type(error).__name__}: {error}")
        return default


class _Walker:
    """Collects bodies and attachments from a MIME tree, in document order."""

    MAX_DEPTH = 40

    def __init__(
        self,
        defects: list[str],
        hint: str,
        root_headers: dict[str, list[str]],
        clock: _Clock,
    ) -> None:
        self.defects = defects
        self.hint = hint
        self.root_headers = root_headers
        self.clock = clock
        self.bodies: list[_Body] = []
        self.attachments: list[Attachment] = []
        self.signatures: list[Attachment] = []
        self.count = 0
        self.unread = 0

    def walk(self, root: Message) -> None:
        # (part, depth, parent subtype, unit): the parts of one
        # multipart/alternative share a unit, shown as one body.
        stack: list[tuple[Message, int, str, int | None]] = [(root, 0, "", None)]
        while stack:
            try:
                self.clock.check()
            except _OverBudget:
                self.unread = len(stack)
                raise
            part, depth, parent, unit = stack.pop()
            self.count += 1
            children = _guard(
                self.defects,
                f"part {self.count}",
                lambda: self.part(part, depth, parent, unit),  # noqa: B023 - called at once
                [],
            )
            if children:
                stack.extend(reversed(children))

    def part(
        self, part: Message, depth: int, parent: str, unit: int | None
    ) -> list[tuple[Message, int, str, int | None]]:
        where = f"part {self.count}"
        headers = _headers(part) if depth else self.root_headers
        content_type, params = _params(_first(headers, "content-type"))
        if "/" not in content_type:
            if content_type:
                self.defects.append(f"invalid Content-Type {content_type!r} in {where}")
            content_type = "message/rfc822" if parent == "digest" else "text/plain"
        if depth and part.defects:
            self.defects.extend(_mime_defect(defect) for defect in part.defects)
        payload = _payload(part)
        if isinstance(payload, list):
            if depth >= self.MAX_DEPTH:
                self.defects.append(f"MIME tree deeper than {self.MAX_DEPTH} parts")
                return []
            if content_type in ("message/rfc822", "message/global") and payload:
                self.forwarded(payload[0])
                return []
            if content_type.startswith("message/"):
                self.attach(
                    content_type,
                    b"".join(sub.as_bytes(policy=_FLATTEN) for sub in payload),
                    headers,
                    {},
                )
                return []
            subtype = content_type.partition("/")[2]
            if subtype == "alternative" and unit is None:
                unit = self.count
            return [(child, depth + 1, subtype, unit) for child in payload]
        if content_type.startswith("multipart/"):
            # No usable boundary (the parser notes the defect): read it as text.
            content_type = "text/plain"
        encoding = _first(headers, "content-transfer-encoding").strip().lower()
        uu_names: list[str] = []
        data = _transfer_decode(part, encoding, self.defects, where, uu_names)
        disposition, disposition_params = _params(
            _first(headers, "content-disposition")
        )
        has_name = "filename" in disposition_params or "name" in params
        # What a mail program shows in the message: a text or HTML part that
        # is not an attachment, named or not when it is marked inline.
        if content_type in _BODY_TYPES and (
            disposition == "inline" or (disposition != "attachment" and not has_name)
        ):
            text = _decode_bytes(
                data,
                params.get("charset", ""),
                self.defects,
                f"{where} ({content_type})",
            )
            self.bodies.append(
                _Body(
                    unit if unit is not None else self.count,
                    content_type == "text/html",
                    text,
                )
            )
            return []
        if content_type in ("message/rfc822", "message/global"):
            self.forwarded(BytesParser(policy=email_policy.compat32).parsebytes(data))
            return []
        if uu_names and not has_name:
            disposition_params = {**disposition_params, "filename": uu_names[0]}
        self.attach(
            content_type,
            data,
            headers,
            params,
            disposition_params,
            signature=content_type in _SIGNATURE_TYPES,
        )
        return []

    def forwarded(self, inner: Message) -> None:
        subject = _header_text(
            _first(_headers(inner), "subject"), self.defects, self.hint
        )
        name = _UNSAFE_FILENAME.sub("_", subject).strip(" .")[:120]
        content = inner.as_bytes(policy=_FLATTEN)
        self.add(f"{name or 'forwarded-message'}.eml", "message/rfc822", content)

    def attach(
        self,
        content_type: str,
        data: bytes,
        headers: dict[str, list[str]],
        params: dict[str, str],
        disposition_params: dict[str, str] | None = None,
        *,
        signature: bool = False,
    ) -> None:
        disposition = _first(headers, "content-disposition").partition(";")[0]
        disposition = disposition.strip().lower()
        raw_name = (disposition_params or {}).get("filename") or params.get("name", "")
        filename = _filename(raw_name, self.defects, self.hint) if raw_name else ""
        content_id = _msgids(_first(headers, "content-id"))
        if not filename:
            if signature:
                filename = "signature.asc" if "pgp" in content_type else "smime.p7s"
            else:
                number = len(self.attachments) + 1
                filename = f"attachment-{number}{_EXTENSIONS.get(content_type, '.bin')}"
        self.add(
            filename,
            content_type,
            data,
            is_inline=disposition == "inline" or (not disposition and bool(content_id)),
            content_id=_scrub(content_id[0]) if content_id else None,
            signature=signature,
        )

    def add(
        self,
        filename: str,
        content_type: str,
        content: bytes,
        *,
        is_inline: bool = False,
        content_id: str | None = None,
        signature: bool = False,
    ) -> None:
        found = self.signatures if signature else self.attachments
        found.append(
            Attachment(
                filename=_scrub(filename),
                content_type=_scrub(content_type),
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                content=content,
                is_inline=is_inline,
                content_id=content_id,
            )
        )


def _first(headers: dict[str, list[str]], name: str) -> str:
    values = headers.get(name)
    return values[0] if values else ""


_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


def _mime_defect(defect: object) -> str:
    name = type(defect).__name__.removesuffix("Defect")
    return "mime: " + _CAMEL.sub(" ", name).lower()
