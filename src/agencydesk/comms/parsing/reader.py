"""``parse``: one raw message to a ParsedMessage, and its shown bodies."""

from __future__ import annotations

import time
from email import policy as email_policy
from email.message import Message
from email.parser import BytesParser

from django.conf import settings

from agencydesk.comms import markup as markup_lib

from .charsets import (
    _scrub,
)
from .headers import (
    _addresses,
    _date,
    _header_text,
    _headers,
    _ids,
    _noise,
    _params,
)
from .message import (
    Address,
    ParsedMessage,
)
from .walker import (
    _Body,
    _Clock,
    _first,
    _guard,
    _mime_defect,
    _OverBudget,
    _Walker,
)


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
