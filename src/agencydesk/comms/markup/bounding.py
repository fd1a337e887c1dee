"""``bound`` / ``rewrite`` (markup nh3 reads in linear time), ``clean`` and
``restore``."""

from __future__ import annotations

import re

from .builder import (
    Bounded,
    _Builder,
    _raw_end,
    _too_many_attributes,
)
from .tokens import (
    _AMP,
    _CLEANER,
    _DROPPED,
    _FLAT,
    _LT,
    _NBSP,
    _OWN,
    _RAWTEXT,
    _RCDATA,
    _TABLE_CONTEXT,
    _TAG_START,
    _TOKEN,
    MAX_CHARS,
    MAX_DEPTH,
    MAX_TAGS,
)

# Markup this small, without tables, nh3 reads in bounded time as it is: it
# cannot nest deeper than it has tags, nor hold enough "&" to matter.
_FAST_CHARS = 65_536
_FAST_TAGS = MAX_DEPTH
_FAST_ENTITIES = 1024
_TABLE = re.compile(r"<table", re.I)


def bound(markup: str) -> Bounded:
    """``markup`` as nh3 may read it: see the module's docstring.

    Most mail is small and simple enough to hand over as it is, which gives
    the same result as ``rewrite`` in a fraction of the time.
    """
    if (
        len(markup) <= _FAST_CHARS
        and markup.count("<") <= _FAST_TAGS
        and markup.count("&") + markup.count("\xa0") <= _FAST_ENTITIES
        and not _TABLE.search(markup)
        and "\ufdd0" not in markup
        and "\ufdd1" not in markup
        and "\ufdd2" not in markup
    ):
        return Bounded(markup)
    return rewrite(markup)


def rewrite(markup: str) -> Bounded:
    """``markup`` rewritten for nh3: see the module's docstring."""
    defects = []
    if len(markup) > MAX_CHARS:
        markup = markup[:MAX_CHARS]
        defects.append(f"HTML cut to its first {MAX_CHARS:,} characters")
    if "\ufdd0" in markup or "\ufdd1" in markup or "\ufdd2" in markup:
        markup = _OWN.sub("\ufffd", markup)
    builder = _Builder()
    out = builder.out
    size = len(markup)
    position = 0
    cut = False
    pending: list[str] = []  # text not yet handed to the builder
    next_tag = _TAG_START.search
    token_at = _TOKEN.match
    while position < size:
        found = next_tag(markup, position)
        start = found.start() if found else size
        if start > position:
            pending.append(markup[position:start])
        if found is None:
            break
        if builder.tags >= MAX_TAGS:
            pending.append(_FLAT.sub("", markup[start:]))
            cut = True
            break
        token = token_at(markup, start)
        # The start pattern guarantees a match; an unterminated tag or a
        # comment may run to the end.
        assert token is not None
        position = token.end()
        builder.tags += 1
        name = token.group("start")
        if name is not None:
            if token.group("shut") is None:
                break  # cut off by the end of the text: html5ever drops it
            name = name.lower()
            if name in _DROPPED or name in _RCDATA or name in _RAWTEXT:
                closing = _raw_end(name).search(markup, position)
                content_end = closing.start() if closing else size
                content = markup[position:content_end]
                if closing:
                    end = markup.find(">", closing.end() - 1)
                    position = size if end < 0 else end + 1
                else:
                    position = size
                if name in _DROPPED:
                    continue
                builder.text("".join(pending))
                pending.clear()
                if builder.top() in _TABLE_CONTEXT:
                    builder.cell()
                out.append(f"<{name}>")
                builder.text(content, decode=name in _RCDATA)
                out.append(f"</{name}>")
                continue
            if name == "plaintext":
                builder.text("".join(pending))
                pending.clear()
                out.append("<plaintext>")
                builder.text(markup[position:], decode=False)
                break
            builder.text("".join(pending))
            pending.clear()
            attrs = token.group("attrs")
            if not builder.start(name, attrs, attrs.endswith("/")):
                continue
            if _too_many_attributes(attrs):
                builder.stripped += 1
                out.append(f"<{name}>")
            else:
                out.append(token.group(0))
            continue
        name = token.group("end")
        if name is not None:
            if token.group("endshut") is None:
                continue
            name = name.lower()
            builder.text("".join(pending))
            pending.clear()
            if name in ("br", "p") and builder.top() in _TABLE_CONTEXT:
                # html5ever makes an element of these, moved out of the table.
                builder.cell()
            if builder.end(name):
                out.append(f"</{name}>")
        # Comments, doctypes and bogus comments: nothing.
    builder.text("".join(pending))
    if builder.flattened:
        defects.append(
            f"HTML nested deeper than {MAX_DEPTH} elements: "
            f"{builder.flattened} tags dropped, their text kept"
        )
    if cut:
        defects.append(f"HTML has over {MAX_TAGS:,} tags: the rest read as text")
    if builder.stripped:
        defects.append(
            f"{builder.stripped} HTML tags with oversized attributes lost them"
        )
    return Bounded("".join(out), defects)


def clean(bounded: Bounded) -> str:
    """nh3's sanitised HTML of bounded markup, still with the stand-ins."""
    return _CLEANER.clean(bounded.markup)


def restore(cleaned: str) -> str:
    """Sanitised HTML with the stand-ins turned back into entities."""
    if _AMP in cleaned:
        cleaned = cleaned.replace(_AMP, "&amp;")
    if _LT in cleaned:
        cleaned = cleaned.replace(_LT, "&lt;")
    if _NBSP in cleaned:
        cleaned = cleaned.replace(_NBSP, "&nbsp;")
    return cleaned.strip()
