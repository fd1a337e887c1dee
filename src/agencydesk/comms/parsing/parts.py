"""Leaf parts: transfer encodings (uuencode too), file names, HTML to text."""

from __future__ import annotations

import binascii
import re
from email import policy as email_policy
from email.message import Message
from typing import Any

from agencydesk.comms import markup as markup_lib

from .headers import (
    _header_text,
)

_EXTENSIONS = {
    "text/plain": ".txt",
    "text/html": ".html",
    "text/calendar": ".ics",
    "text/csv": ".csv",
    "text/rfc822-headers": ".txt",
    "message/delivery-status": ".txt",
    "message/disposition-notification": ".txt",
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
}
_UNSAFE_FILENAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')
_FLATTEN = email_policy.compat32.clone(linesep="\r\n")


def sanitize_html(markup: str) -> str:
    """Safe formatting only: no scripts, handlers or javascript: links (nh3).

    The markup is bounded first (``markup.bound``), so this takes linear time
    whatever the mail holds.
    """
    return markup_lib.restore(markup_lib.clean(markup_lib.bound(markup)))


def html_to_text(markup: str) -> str:
    """Plain text of HTML: tags stripped, breaks kept, entities unescaped."""
    return markup_lib.text_of(markup_lib.clean(markup_lib.bound(markup)))


def _payload(part: Message) -> Any:
    """The payload as parsed: a list of parts, or the raw text of a leaf."""
    # get_payload() decodes an 8-bit leaf with its declared charset, replacing
    # what does not fit: the exact bytes are needed here, so read the attribute.
    return part._payload


_UUENCODINGS = frozenset({"x-uuencode", "uuencode", "x-uue", "uue"})
_UU_BEGIN = re.compile(rb"begin(?:-base64)?[ \t]+[0-7]{1,4}[ \t]+(.*?)[ \t]*\Z")


def _transfer_decode(
    part: Message,
    encoding: str,
    defects: list[str],
    where: str,
    names: list[str] | None = None,
) -> bytes:
    """The decoded bytes of a leaf; a uuencoded file's own name goes to ``names``."""
    payload = _payload(part)
    if not isinstance(payload, str):
        return b""
    data = payload.encode("utf-8", "surrogateescape")
    if encoding == "base64":
        compact = data.translate(None, b" \t\r\n")
        try:
            return binascii.a2b_base64(compact, strict_mode=True)
        except binascii.Error:
            defects.append(f"invalid base64 in {where}")
            cleaned = re.sub(rb"[^A-Za-z0-9+/]", b"", compact)
            cleaned = cleaned[: len(cleaned) - (len(cleaned) % 4 == 1)]
            return binascii.a2b_base64(cleaned + b"=" * (-len(cleaned) % 4))
    if encoding == "quoted-printable":
        return binascii.a2b_qp(data)
    if encoding in _UUENCODINGS:
        return _uudecode(data, defects, where, names)
    if encoding not in ("", "7bit", "8bit", "binary"):
        defects.append(f"unknown transfer encoding {encoding!r} in {where}")
    return data


def _uudecode(
    data: bytes, defects: list[str], where: str, names: list[str] | None
) -> bytes:
    """uuencode as mailers write it: a begin line, lines of data, "end"."""
    lines = data.splitlines()
    start = 0
    for number, line in enumerate(lines):
        begin = _UU_BEGIN.match(line.strip())
        if begin:
            start = number + 1
            if names is not None and begin.group(1):
                names.append(begin.group(1).decode("utf-8", "surrogateescape"))
            break
        if line.strip():
            defects.append(f"uuencoded data without a begin line in {where}")
            break
    decoded = bytearray()
    broken = False
    for line in lines[start:]:
        line = line.rstrip(b"\r")
        if line.strip() == b"end":
            break
        if not line.strip():
            continue
        try:
            decoded += binascii.a2b_uu(line)
        except binascii.Error:
            # Some encoders pad lines with garbage: read the declared length.
            length = (((line[0] - 32) & 63) * 4 + 5) // 3
            try:
                decoded += binascii.a2b_uu(line[:length])
            except binascii.Error:
                broken = True
    if broken:
        defects.append(f"invalid uuencoded lines in {where}")
    return bytes(decoded)


def _filename(value: str, defects: list[str], hint: str) -> str:
    name = _header_text(value, defects, hint)
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    return _UNSAFE_FILENAME.sub("_", name).strip(" .")[:200]
