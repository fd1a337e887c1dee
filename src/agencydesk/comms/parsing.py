"""Read raw e-mail into a ParsedMessage: addresses, bodies, attachments, noise flags.

``parse`` reads mail from anyone, so it never raises: what it cannot read becomes a
defect string and the fields it could read are kept. The MIME tree comes from
Python's ``email`` feed parser (compat32); headers and bodies are decoded here from
the raw values, which tolerates the bogus charsets and broken encodings that
policy.default's accessors raise on, and reads each header once.
"""

from __future__ import annotations

import binascii
import codecs
import hashlib
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import policy as email_policy
from email.message import Message
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from typing import Any, TypeVar
from urllib.parse import unquote_to_bytes

from django.conf import settings

from . import markup as markup_lib

__all__ = [
    "Address",
    "Attachment",
    "ParsedMessage",
    "html_to_text",
    "parse",
    "reply_text",
    "sanitize_html",
]

T = TypeVar("T")


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


# --- charsets -------------------------------------------------------------------

# Labels that mailers use for a subset of what they actually send.
_CHARSET_SUPERSETS = {
    "gb2312": "gb18030",
    "gb_2312-80": "gb18030",
    "euc-cn": "gb18030",
    "x-gbk": "gb18030",
    "gbk": "gb18030",
    "cp936": "gb18030",
    "big5": "big5hkscs",
    "x-big5": "big5hkscs",
    "iso-2022-jp": "iso2022_jp_2",
    "shift_jis": "cp932",
    "x-sjis": "cp932",
    "ks_c_5601-1987": "cp949",
    "euc-kr": "cp949",
    "iso-8859-8-i": "iso-8859-8",
    "us-ascii": "",
    "ascii": "",
    "ansi_x3.4-1968": "",
    "utf8": "utf-8",
    # UTF-7 under the names of the IANA registry and of .NET mailers.
    "csutf7": "utf-7",
    "unicode-1-1-utf-7": "utf-7",
    "unicode-2-0-utf-7": "utf-7",
    "x-unicode-1-1-utf-7": "utf-7",
    "x-unicode-2-0-utf-7": "utf-7",
    "csunicode11utf7": "utf-7",
}
_codec_cache: dict[str, str | None] = {}


def _codec(label: str) -> str | None:
    """The Python codec for a charset label; "" for ASCII, None when unknown."""
    if label in _codec_cache:
        return _codec_cache[label]
    name = _CHARSET_SUPERSETS.get(label, label)
    resolved: str | None = name
    if name:
        try:
            info = codecs.lookup(name)
        except (LookupError, ValueError):
            # x-mac-cyrillic and the like: Python knows them without the x-.
            x_name = name.startswith("x-") and len(name) > 2
            resolved = _codec(name[2:]) if x_name else None
        else:
            # Binary codecs (base64, zlib, rot13 …) are not charsets.
            resolved = name if getattr(info, "_is_text_encoding", True) else None
    if len(_codec_cache) < 512:
        _codec_cache[label] = resolved
    return resolved


def _decode_bytes(data: bytes, charset: str, defects: list[str], where: str) -> str:
    """Decode ``data`` declared as ``charset``, best effort, noting any defect."""
    label = charset.strip().strip("\"'").lower()
    codec = _codec(label)
    if codec == "":
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            defects.append(f"8-bit text without a charset in {where}")
            return data.decode("cp1252", "replace")
    if codec is None:
        defects.append(f"unknown charset {label!r} in {where}")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode("cp1252", "replace")
    try:
        return data.decode(codec)
    except UnicodeError:
        defects.append(f"undecodable bytes in {where} (charset {label!r})")
        try:
            return data.decode(codec, "replace")
        except UnicodeError:
            return data.decode("utf-8", "replace")


def _scrub(text: str) -> str:
    """Drop NUL and lone surrogates, which neither JSON output nor PostgreSQL take."""
    if "\x00" in text:
        text = text.replace("\x00", "")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "replace").decode("utf-8")
    return text


# --- headers --------------------------------------------------------------------

_FOLD = re.compile(r"\r?\n")
# Address lists and MIME parameters longer than this are cut (with a defect).
_MAX_STRUCTURED_HEADER = 65_536
_MSGID = re.compile(r"<([^<>\s]+)>")
# A name without "=" matches too (and is skipped), so the scan never goes back
# over a long run of name characters.
_PARAM = re.compile(r'([^\s=;"]++)(?:\s*+=\s*+("(?:[^"\\]|\\.)*+"?|[^;]*+))?+')


def _raw_text(value: str, defects: list[str], hint: str) -> str:
    """Unfold a raw header value and decode bytes sent unencoded (8-bit headers)."""
    if "\n" in value:
        value = _FOLD.sub("", value)
    if value.isascii():
        return value
    raw = value.encode("utf-8", "surrogateescape")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if hint and _codec(hint):
        defects.append(f"8-bit header decoded as {hint!r}")
        return _decode_bytes(raw, hint, defects, "a header")
    defects.append("8-bit header without a charset")
    return raw.decode("cp1252", "replace")


# The head of an encoded word; its text runs to the next "?=", as
# ``email.header`` reads it.
_WORD_HEAD = re.compile(r"=\?([^?]*+)\?([bBqQ])\?")


def _words(value: str, defects: list[str]) -> str:
    """Decode RFC 2047 encoded words in already unfolded text.

    As ``email.header.decode_header`` reads them (white space between two
    encoded words dropped, adjacent words of one charset decoded together),
    in one pass: ``decode_header`` joins bytes and deletes list items in
    quadratic time, over a second for a 1 MB subject.
    """
    if "=?" not in value:
        return value
    pieces: list[str] = []
    run: list[bytes] = []
    run_charset = ""
    position = 0
    after_word = False

    def flush() -> None:
        if run:
            pieces.append(
                _decode_bytes(b"".join(run), run_charset, defects, "an encoded word")
            )
            run.clear()

    search = 0
    while (head := _WORD_HEAD.search(value, search)) is not None:
        tail = value.find("?=", head.end())
        if tail < 0:
            break  # no word after this one can end either
        search = tail + 2
        between = value[position : head.start()]
        if between and not (after_word and between.isspace()):
            flush()
            pieces.append(between if position else between.lstrip())
        charset = head.group(1).partition("*")[0].lower()  # RFC 2231 language
        data = value[head.end() : tail].encode("utf-8", "surrogateescape")
        try:
            if head.group(2) in "bB":
                decoded = binascii.a2b_base64(data + b"=" * (-len(data) % 4))
            else:
                decoded = binascii.a2b_qp(data, header=True)
        except binascii.Error:
            flush()
            word = value[head.start() : search]
            defects.append(f"undecodable encoded word: {_scrub(word)[:80]!r}")
            pieces.append(word)
        else:
            if charset != run_charset:
                flush()
                run_charset = charset
            run.append(decoded)
        position = search
        after_word = True
    flush()
    pieces.append(value[position:])
    return "".join(pieces)


def _header_text(value: str, defects: list[str], hint: str = "") -> str:
    return _scrub(_words(_raw_text(value, defects, hint), defects).strip())


def _params(value: str) -> tuple[str, dict[str, str]]:
    """Split a Content-Type/-Disposition value into its token and raw parameters.

    RFC 2231 continuations and charsets are joined and decoded here; parameter
    values are otherwise returned as sent (they may hold RFC 2047 words).
    """
    head, _, rest = value.partition(";")
    # Real parameters fit in far less; past this only the time grows.
    rest = rest[:_MAX_STRUCTURED_HEADER]
    params: dict[str, str] = {}
    extended: dict[str, list[tuple[int, bool, str]]] = {}
    for match in _PARAM.finditer(rest):
        if match.group(2) is None:
            continue
        key = match.group(1).lower()
        raw = match.group(2).strip()
        if raw.startswith('"'):
            raw = raw[1:-1] if len(raw) > 1 and raw.endswith('"') else raw[1:]
            if "\\" in raw:
                raw = re.sub(r"\\(.)", r"\1", raw)
        name, star, section = key.partition("*")
        if not star:
            params.setdefault(name, raw)
            continue
        index = section.rstrip("*")
        extended.setdefault(name, []).append(
            (int(index) if index.isdigit() else 0, key.endswith("*"), raw)
        )
    for name, sections in extended.items():
        sections.sort(key=lambda item: item[0])
        charset = "utf-8"
        data = bytearray()
        for position, (_, is_encoded, raw) in enumerate(sections):
            if is_encoded:
                if position == 0 and raw.count("'") >= 2:
                    charset, _, raw = raw.split("'", 2)
                    charset = charset or "utf-8"
                data += unquote_to_bytes(raw.encode("utf-8", "surrogateescape"))
            else:
                data += raw.encode("utf-8", "surrogateescape")
        params[name] = _decode_bytes(bytes(data), charset, [], "a parameter")
    return head.strip().lower(), params


def _msgids(value: str) -> list[str]:
    found = _MSGID.findall(value)
    return found if found else value.split()


def _ids(headers: dict[str, list[str]], name: str, defects: list[str]) -> list[str]:
    """The message ids of every ``name`` header, without brackets or repeats."""
    found = (
        _scrub(found)
        for value in headers.get(name, [])
        for found in _msgids(_raw_text(value, defects, ""))
    )
    return list(dict.fromkeys(found))


def _headers(part: Message) -> dict[str, list[str]]:
    headers: dict[str, list[str]] = {}
    for name, value in part.raw_items():
        text = value if isinstance(value, str) else str(value)
        headers.setdefault(name.lower(), []).append(text)
    return headers


def _addresses(
    values: Sequence[str], defects: list[str], header: str, hint: str
) -> list[Address]:
    found = []
    for value in values:
        if len(value) > _MAX_STRUCTURED_HEADER:
            # getaddresses takes over a second for a megabyte of "<".
            defects.append(
                f"{header} header cut to its first "
                f"{_MAX_STRUCTURED_HEADER:,} characters"
            )
            value = value[:_MAX_STRUCTURED_HEADER].rpartition(",")[0]
        for name, email in getaddresses([_raw_text(value, defects, hint)]):
            email = _scrub(email.strip())
            if not email and not name:
                continue
            if "@" not in email:
                defects.append(f"invalid address in {header}: {email or name!r}")
                continue
            found.append(Address(_scrub(_words(name, defects).strip()), email.lower()))
    return found


def _date(value: str, defects: list[str]) -> datetime | None:
    text = _raw_text(value, defects, "").strip()
    try:
        moment = parsedate_to_datetime(text)
        if moment.tzinfo is None:
            return moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)
    except (TypeError, ValueError, IndexError, OverflowError):
        defects.append(f"invalid Date header: {_scrub(text)[:80]!r}")
        return None


# --- noise ----------------------------------------------------------------------


def _noise(
    headers: dict[str, list[str]], content_type: str, sender: Address | None
) -> str:
    """Why a message is automatic (RFC 3834 and the usual vendor headers), or ""."""

    def first(name: str) -> str:
        values = headers.get(name)
        return values[0].split(";")[0].strip().lower() if values else ""

    if content_type == "multipart/report":
        return "dsn"
    if first("auto-submitted") not in ("", "no"):
        return "auto-submitted"
    for name in ("x-autoreply", "x-autorespond"):
        if name in headers and first(name) not in ("no", "false", "0"):
            return name
    precedence = first("precedence")
    if precedence in ("bulk", "junk", "list"):
        return f"precedence:{precedence}"
    if "list-id" in headers or "list-unsubscribe" in headers:
        return "list"
    if sender and sender.email.partition("@")[0] in ("mailer-daemon", "postmaster"):
        return "mailer-daemon"
    if first("return-path") == "<>":
        return "null-sender"
    return ""


# --- bodies ---------------------------------------------------------------------

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


# --- parse ----------------------------------------------------------------------


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


def _parse_tree(raw: bytes) -> Message:
    """The MIME tree of ``raw``, built by the compat32 feed parser.

    Every header and body is decoded here from its raw value, so the only thing
    policy.default would add is the parsing of each Content-Type through the
    header registry while the tree is fed: nearly two thirds of parse time, for
    objects this module never reads. compat32 is also the lenient policy, which
    the brief names as the fallback where the default one raises.
    """
    return BytesParser(policy=email_policy.compat32).parsebytes(raw)


DEFAULT_BUDGET_SECONDS = 5.0


def _budget_seconds() -> float:
    """``MAIL_PARSE_BUDGET_SECONDS``, or the default outside a Django project."""
    if settings.configured:
        return float(
            getattr(settings, "MAIL_PARSE_BUDGET_SECONDS", DEFAULT_BUDGET_SECONDS)
        )
    return DEFAULT_BUDGET_SECONDS


def parse(raw: bytes, *, budget: float | None = None) -> ParsedMessage:
    """Parse one raw message; never raises, reports what it could not read.

    ``budget`` (seconds, default ``MAIL_PARSE_BUDGET_SECONDS``) bounds the
    reading of the body. The headers are always read (each step on them is
    linear); the body's parts and the HTML steps check the clock before each
    one, and once it has run out the rest is skipped: the message comes back
    with ``over_budget=True``, a defect saying so, and what was read before.
    """
    started = time.monotonic()
    clock = _Clock(started + (_budget_seconds() if budget is None else budget))
    defects: list[str] = []
    message = _guard(defects, "the message", lambda: _parse_tree(raw), None)
    if message is None:
        return ParsedMessage(defects=defects)
    headers = _guard(defects, "the headers", lambda: _headers(message), {})
    content_type, params = _guard(
        defects,
        "Content-Type",
        lambda: _params(_first(headers, "content-type")),
        ("", {}),
    )
    hint = params.get("charset", "")
    defects.extend(_mime_defect(defect) for defect in message.defects)

    def addresses(name: str, label: str) -> list[Address]:
        values = headers.get(name, [])
        return _guard(
            defects, label, lambda: _addresses(values, defects, label, hint), []
        )

    senders = addresses("from", "From")
    if "from" not in headers:
        defects.append("missing From header")
    dates = headers.get("date")
    if not dates:
        defects.append("missing Date header")
    message_ids = _guard(
        defects, "Message-ID", lambda: _ids(headers, "message-id", defects), []
    )
    if not message_ids:
        defects.append("missing Message-ID header")
    if "mime-version" not in headers and "content-type" in headers:
        defects.append("missing MIME-Version header")
    sender = senders[0] if senders else None
    reason = _guard(
        defects, "noise headers", lambda: _noise(headers, content_type, sender), ""
    )
    delivered = [
        address.email
        for name in ("delivered-to", "x-original-to", "envelope-to")
        for address in addresses(name, name)
    ]
    to = addresses("to", "To")
    cc = addresses("cc", "Cc")
    reply_to = addresses("reply-to", "Reply-To")
    subject = _guard(
        defects,
        "Subject",
        lambda: _header_text(_first(headers, "subject"), defects, hint),
        "",
    )
    date = (
        _guard(defects, "Date", lambda: _date(dates[0], defects), None)
        if dates
        else None
    )
    in_reply_to = _guard(
        defects,
        "In-Reply-To",
        lambda: next(iter(_ids(headers, "in-reply-to", defects)), None),
        None,
    )
    references = _guard(
        defects, "References", lambda: _ids(headers, "references", defects), []
    )

    walker = _Walker(defects, hint, headers, clock)
    text, html = "", None
    over_budget = False
    try:
        _guard(defects, "the body", lambda: walker.walk(message), None)
        text, html = _guard(
            defects,
            "the body text",
            lambda: _bodies(walker.bodies, defects, clock),
            ("", None),
        )
    except _OverBudget:
        over_budget = True
        spent = time.monotonic() - started
        defects.append(
            f"over the parse time budget ({clock.deadline - started:g} s, "
            f"MAIL_PARSE_BUDGET_SECONDS) after {spent:.1f} s: "
            f"{walker.unread} MIME parts not read"
            if walker.unread
            else f"over the parse time budget ({clock.deadline - started:g} s, "
            f"MAIL_PARSE_BUDGET_SECONDS) after {spent:.1f} s: the body not fully read"
        )
        if not text:
            text = "\n".join(body.content for body in walker.bodies if not body.html)
    return ParsedMessage(
        from_=sender,
        to=to,
        cc=cc,
        reply_to=reply_to,
        delivered_to=list(dict.fromkeys(delivered)),
        subject=subject,
        date=date,
        message_id=message_ids[0] if message_ids else None,
        in_reply_to=in_reply_to,
        references=references,
        text=_scrub(text.replace("\r\n", "\n").rstrip()),
        html=_scrub(html) if html is not None else None,
        attachments=walker.attachments,
        signatures=walker.signatures,
        auto_submitted=bool(reason),
        auto_reason=reason,
        over_budget=over_budget,
        defects=list(dict.fromkeys(_scrub(defect) for defect in defects)),
    )


def _bodies(
    bodies: list[_Body], defects: list[str], clock: _Clock
) -> tuple[str, str | None]:
    """The text and the sanitised HTML of the parts shown as the body.

    The text joins, in order, each body's plain text, or the text of its HTML
    where it has no plain alternative with text in it; the HTML joins the
    HTML parts.
    """
    units: dict[int, list[_Body]] = {}
    for body in bodies:
        units.setdefault(body.unit, []).append(body)
    pieces: list[str | None] = []  # None: the text of the next HTML-only unit
    markups: list[str] = []
    html_only: list[str] = []
    for parts in units.values():
        plain = [body.content for body in parts if not body.html]
        markup = "\n".join(body.content for body in parts if body.html)
        if len(plain) == len(parts):
            pieces.extend(plain)
            continue
        markups.append(markup)
        if any(piece.strip() for piece in plain):
            pieces.extend(plain)
        else:
            pieces.append(None)
            html_only.append(markup)
    if not markups:
        return "\n".join(piece or "" for piece in pieces), None
    clock.check()
    cleaned = _guard(
        defects, "the HTML", lambda: _clean("\n".join(markups), defects), None
    )
    html = markup_lib.restore(cleaned) if cleaned is not None else None
    if not html_only:
        return "\n".join(piece or "" for piece in pieces), html
    texts: list[str] = []
    for markup in html_only:
        clock.check()
        if len(markups) == 1:
            source = cleaned
        else:
            source = _guard(defects, "the HTML text", lambda: _clean(markup, []), None)  # noqa: B023 - called at once
        texts.append(markup_lib.text_of(source) if source is not None else "")
    found = iter(texts)
    # Blank plain parts beside HTML-only ones would only add empty lines.
    return "\n".join(
        next(found) if piece is None else piece
        for piece in pieces
        if piece is None or piece.strip()
    ), html


def _clean(markup: str, defects: list[str]) -> str:
    bounded = markup_lib.bound(markup)
    defects.extend(bounded.defects)
    return markup_lib.clean(bounded)


# --- quoted history -------------------------------------------------------------

_ATTRIBUTION = re.compile(
    r"^(?:On\b.{0,300}\bwrote:"
    r"|Pada\b.{0,300}\bmenulis:"
    r"|.{0,300}(?:писал|написал|пишет)(?:\(а\))?:"
    r"|在.{0,300}(?:写道|寫道)\s*[：:]"
    r"|-{2,}\s*(?:Original Message|Pesan Asli|Исходное сообщение"
    r"|Пересылаемое сообщение|原始邮件|原始郵件|Forwarded message)\s*-{2,})\s*$",
    re.I,
)
_OUTLOOK_FROM = re.compile(r"^\*?(?:From|Dari|От|发件人|寄件者)\s*\*?\s*[:：]", re.I)
_OUTLOOK_NEXT = re.compile(
    r"^\*?(?:Sent|Date|To|Dikirim|Tanggal|Kepada|Отправлено|Дата|Кому"
    r"|发送时间|日期|收件人|寄件日期)\s*\*?\s*[:：]",
    re.I,
)


def reply_text(text: str) -> str:
    """The new part of a reply: quoted history and attributions cut off."""
    lines = text.replace("\r\n", "\n").split("\n")
    kept: list[str] = []
    for index, line in enumerate(lines):
        stripped = line.strip()
        joined = (
            f"{stripped} {lines[index + 1].strip()}" if index + 1 < len(lines) else ""
        )
        if _ATTRIBUTION.match(stripped) or (
            joined and stripped[:3] in ("On ", "Pad") and _ATTRIBUTION.match(joined)
        ):
            break
        if _OUTLOOK_FROM.match(stripped) and any(
            _OUTLOOK_NEXT.match(following.strip())
            for following in lines[index + 1 : index + 4]
        ):
            break
        if stripped.startswith(">"):
            continue
        kept.append(line.rstrip())
    result = "\n".join(kept).strip()
    return result or text.strip()
