"""Header values: encoded words, MIME parameters, Message-IDs, addresses,
dates, and why a message is automatic."""

from __future__ import annotations

import binascii
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime
from urllib.parse import unquote_to_bytes

from .charsets import (
    _codec,
    _decode_bytes,
    _scrub,
)
from .message import (
    Address,
)

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
