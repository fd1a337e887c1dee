"""HTML of inbound mail, sanitised and turned into text in linear time.

nh3 (ammonia on html5ever) is the HTML parser and the sanitiser. html5ever
is not linear on every input: a scope check walks the stack of open elements
(10,000-deep nesting took 0.14 s, 50,000-deep 4 s, 200,000-deep two
minutes), a foster-parented node searches its parent's children, and a text
node or attribute value full of ``&`` or no-break spaces serialises in
quadratic time. So ``bound`` first reads the markup once, left to right,
with a tokeniser that never rescans (each token ends at its own ``>`` or at
the end of the text, as the HTML tokeniser does), and hands nh3 markup that
has none of those shapes:

- comments, ``<script>``, ``<style>`` and ``<title>`` elements are dropped
  (the sanitiser drops them too); an unclosed one runs to the end, as in a
  browser; a tag cut off by the end of the text is dropped;
- the depth of open elements is capped (``MAX_DEPTH``): a start tag that
  would open an element deeper is dropped, its text kept. The depth is that
  of a simple model of the tree builder which closes an element only where
  html5ever surely closes it too, so it never counts fewer open elements
  than html5ever has;
- text found directly inside a table, which html5ever would move out before
  the table, is put in a cell instead, where it stays in reading order;
- at most ``MAX_TAGS`` tags and ``MAX_CHARS`` characters are read, and a
  tag with thousands of attributes or of ``&`` loses its attributes;
- ``&``, ``<`` and no-break spaces of text are handed over as three
  noncharacters, which the parser keeps as they are, and turned back into
  their entities in the parser's output.

The result is the same markup for ordinary mail, and bounded work for any.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass, field

import nh3

__all__ = ["Bounded", "bound", "clean", "restore", "rewrite", "text_of"]

MAX_DEPTH = 256
MAX_TAGS = 50_000
MAX_CHARS = 2_000_000
# One tag's attributes: html5ever compares each new attribute with the ones
# before it, and escapes ``&`` slowly.
_MAX_ATTRIBUTES = 512
_MAX_ATTRIBUTE_ENTITIES = 1024

# Noncharacters stand for what html5ever serialises slowly; any in the mail
# itself become U+FFFD first.
_AMP, _LT, _NBSP = "\ufdd0", "\ufdd1", "\ufdd2"
_OWN = re.compile("[\ufdd0-\ufdd2]")

_CLEANER = nh3.Cleaner(
    clean_content_tags={"script", "style", "title", "head"},
    # cid: images stay as references for the page that shows the message.
    url_schemes=nh3.ALLOWED_URL_SCHEMES | {"cid"},
)

_SPACE = "\t\n\f\r "
# Where a tag may start; anything else after "<" is text.
_TAG_START = re.compile(r"<[a-zA-Z/!?]")
# One token from "<". Every alternative ends at its own ">" or at the end of
# the text and quantifiers are possessive, so a match never backtracks and
# the scan never returns to a position it has passed.
_ATTRS = (
    r"(?:[\t\n\f\r /]++"
    r"|[^\t\n\f\r />][^\t\n\f\r /=>]*+"
    r"(?:[\t\n\f\r ]*+=[\t\n\f\r ]*+"
    r"""(?:"[^"]*+(?:"|\Z)|'[^']*+(?:'|\Z)|[^\t\n\f\r >]++))?+)*+"""
)
_TOKEN = re.compile(
    r"<(?:"
    rf"(?P<start>[a-zA-Z][^\t\n\f\r />]*+)(?P<attrs>{_ATTRS})(?P<shut>>)?"
    rf"|/(?P<end>[a-zA-Z][^\t\n\f\r />]*+){_ATTRS}(?P<endshut>>)?"
    r"|!--(?:>|->|.*?(?:--!?>|\Z))"
    r"|[!?/][^>]*+(?:>|\Z)"
    r")",
    re.S,
)
# The same tokens, for the part past ``MAX_TAGS``: all of them removed in one
# pass, scripts, styles and titles with their content.
_FLAT = re.compile(
    rf"<(script|style|title)(?![^\t\n\f\r />]){_ATTRS}>"
    r".*?(?:</\1[\t\n\f\r />][^>]*+(?:>|\Z)|\Z)"
    rf"|<[a-zA-Z][^\t\n\f\r />]*+{_ATTRS}(?:>|\Z)"
    rf"|</[a-zA-Z][^\t\n\f\r />]*+{_ATTRS}(?:>|\Z)"
    r"|<!--(?:>|->|.*?(?:--!?>|\Z))"
    r"|<[!?/][^>]*+(?:>|\Z)",
    re.S | re.I,
)
_RAW_END: dict[str, re.Pattern[str]] = {}

_VOID = frozenset(
    {
        "area",
        "base",
        "basefont",
        "bgsound",
        "br",
        "col",
        "embed",
        "frame",
        "hr",
        "image",
        "img",
        "input",
        "keygen",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }
)
# Dropped with their content: the sanitiser drops them as well.
_DROPPED = frozenset({"script", "style", "title"})
# Text up to their end tag: RCDATA decodes references, RAWTEXT does not.
_RCDATA = frozenset({"textarea"})
_RAWTEXT = frozenset({"xmp", "iframe", "noembed", "noframes", "noscript"})
# html5ever keeps one of each; their tags open nothing on its stack.
_SINGLETONS = frozenset({"html", "head", "body"})
_TABLE_PARTS = frozenset(
    {"td", "th", "tr", "tbody", "thead", "tfoot", "caption", "col", "colgroup"}
)
_TABLE_CONTEXT = frozenset({"table", "tbody", "thead", "tfoot", "tr"})
_SECTIONS = frozenset({"tbody", "thead", "tfoot"})
# Inside these a new <table> closes the open one, as in a table's own context.
_TABLE_INNER = frozenset({"caption", "colgroup"})
# Tags allowed directly in a table without being moved out of it.
_IN_TABLE = _TABLE_PARTS | {"table", "form", "input", "template"} | _DROPPED
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Start tags that close an open <p> (quirks mode: <table> does not).
_CLOSES_P = _HEADINGS | frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "center",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dd",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "header",
        "hgroup",
        "hr",
        "li",
        "listing",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "plaintext",
        "pre",
        "section",
        "summary",
        "ul",
        "xmp",
    }
)
# End tags that html5ever honours whenever the element is in scope.
_SCOPED_END = _HEADINGS | frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "button",
        "center",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dd",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "header",
        "hgroup",
        "li",
        "listing",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "ul",
    }
)
_SCOPE_LIMITS = (
    "table",
    "td",
    "th",
    "caption",
    "applet",
    "marquee",
    "object",
    "template",
    "svg",
    "math",
)


@dataclass
class Bounded:
    """Markup that nh3 parses in linear time, and what was cut to get it."""

    markup: str
    defects: list[str] = field(default_factory=list)


class _Builder:
    """The model of html5ever's stack of open elements, and the output."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.stack: list[str] = []
        self.at: dict[str, list[int]] = {}
        self.tags = 0
        self.flattened = 0
        self.stripped = 0

    def top(self) -> str:
        return self.stack[-1] if self.stack else ""

    def index(self, name: str) -> int:
        found = self.at.get(name)
        return found[-1] if found else -1

    def push(self, name: str) -> None:
        self.at.setdefault(name, []).append(len(self.stack))
        self.stack.append(name)

    def pop_to(self, index: int) -> None:
        """Pop the element at ``index`` and every one above it."""
        stack, at = self.stack, self.at
        while len(stack) > index:
            at[stack.pop()].pop()

    def foreign(self) -> bool:
        return self.index("svg") >= 0 or self.index("math") >= 0

    def text(self, text: str, *, decode: bool = True) -> None:
        if not text:
            return
        if self.top() in _TABLE_CONTEXT and text.strip(_SPACE):
            self.cell()
        if decode and "&" in text:
            text = html_lib.unescape(text)
        if "&" in text:
            text = text.replace("&", _AMP)
        if "<" in text:
            text = text.replace("<", _LT)
        if "\xa0" in text:
            text = text.replace("\xa0", _NBSP)
        self.out.append(text)

    def cell(self) -> None:
        """Put content met directly in a table into a cell, where html5ever
        would move it out before the table; too deep for a cell, close the
        table, so that the content follows it."""
        if self.row_parts("td"):
            self.out.append("<td>")
            self.push("td")
        else:
            self.out.append("</table>")
            self.pop_to(self.index("table"))

    def row_parts(self, name: str) -> bool:
        """Close what a new ``name`` (td, th, tr) closes and add the parents
        html5ever adds; False, with nothing changed, when that is too deep."""
        stack = self.stack
        table = self.index("table")
        length = len(stack)
        if name in ("td", "th"):
            inner = max(self.index("td"), self.index("th"))
            stop: tuple[str, ...] = ("tr", *_SECTIONS, "table")
        else:
            inner = self.index("tr")
            stop = (*_SECTIONS, "table")
        if inner > table:
            length = inner
        while length > table + 1 and stack[length - 1] not in stop:
            length -= 1
        top = stack[length - 1] if length else ""
        missing = []
        if top == "table":
            missing.append("tbody")
        if name != "tr" and top != "tr":
            missing.append("tr")
        if length + len(missing) + 1 > MAX_DEPTH:
            return False
        self.pop_to(length)
        for parent in missing:
            self.push(parent)
        return True

    def start(self, name: str, raw: str, closed_by_slash: bool) -> bool:
        """Model one start tag; False when it is dropped."""
        if name in _SINGLETONS:
            return True
        if self.foreign():
            if closed_by_slash:
                return True
            return self.open(name)
        top = self.top()
        if name in _TABLE_PARTS:
            table = self.index("table")
            if table < 0:
                return False  # html5ever ignores it outside a table
            if name in ("td", "th", "tr"):
                if not self.row_parts(name):
                    return self.flatten()
            elif table + 3 > MAX_DEPTH:
                return self.flatten()
            elif name == "col":
                group = self.index("colgroup")
                if group <= table:
                    self.pop_to(table + 1)
                    self.push("colgroup")
                else:
                    self.pop_to(group + 1)
                return True
            else:
                self.pop_to(table + 1)
            return self.open(name)
        if name == "table" and (top in _TABLE_CONTEXT or top in _TABLE_INNER):
            self.pop_to(self.index("table"))
            return self.open(name)
        if top in _TABLE_CONTEXT:
            if name == "form":
                return True  # html5ever inserts it and closes it at once
            if name not in _IN_TABLE:
                self.cell()
        top = self.top()
        if top == "p" and name in _CLOSES_P:
            self.pop_to(len(self.stack) - 1)
            top = self.top()
        if (
            (name == top and name in ("li", "option", "a", "nobr", "button"))
            or (name in ("dd", "dt") and top in ("dd", "dt"))
            or (name in _HEADINGS and top in _HEADINGS)
            or (name == "optgroup" and top in ("option", "optgroup"))
        ):
            self.pop_to(len(self.stack) - 1)
        if name in _VOID:
            return True
        return self.open(name)

    def open(self, name: str) -> bool:
        if len(self.stack) >= MAX_DEPTH:
            return self.flatten()
        self.push(name)
        return True

    def flatten(self) -> bool:
        self.flattened += 1
        return False

    def end(self, name: str) -> bool:
        """Model one end tag; False when it is dropped."""
        if name in _SINGLETONS:
            return False
        if name in _HEADINGS:
            index = max(self.index(heading) for heading in _HEADINGS)
        else:
            index = self.index(name)
        if index < 0:
            return True
        if index == len(self.stack) - 1:
            self.pop_to(index)
        elif self.foreign():
            pass
        elif name == "table" or name in _TABLE_PARTS:
            if index > self.index("table") or name == "table":
                self.pop_to(index)
        elif name in _SCOPED_END:
            limits = _SCOPE_LIMITS
            if name == "li":
                limits = (*limits, "ol", "ul")
            elif name == "p":
                limits = (*limits, "button")
            if index > max(self.index(limit) for limit in limits):
                self.pop_to(index)
        return True


def _raw_end(name: str) -> re.Pattern[str]:
    pattern = _RAW_END.get(name)
    if pattern is None:
        pattern = re.compile(rf"</{name}[\t\n\f\r />]", re.I)
        _RAW_END[name] = pattern
    return pattern


def _too_many_attributes(attrs: str) -> bool:
    if len(attrs) < _MAX_ATTRIBUTES:
        return False
    entities = attrs.count("&") + attrs.count("\xa0")
    separators = sum(attrs.count(c) for c in "\t\n\f\r /\"'")
    return entities > _MAX_ATTRIBUTE_ENTITIES or separators > 2 * _MAX_ATTRIBUTES


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


# The sanitiser's output is well formed: every tag ends at its ">" outside a
# quoted attribute value, and the text has no "<", so these read it in one pass.
_TEXT_SPACE = re.compile(r"\s+")
_TEXT_TAG = re.compile(r"""<(?:[^>"]++|"[^"]*+")*+>""")
_TEXT_BREAK = re.compile(
    r"<(?:br|hr)\b(?:[^>\"]++|\"[^\"]*+\")*+>"
    r"|</?(?:p|div|tr|h[1-6]|ul|ol|table|blockquote|pre)\b(?:[^>\"]++|\"[^\"]*+\")*+>"
)
_TEXT_ITEM = re.compile(r"<li\b(?:[^>\"]++|\"[^\"]*+\")*+>")
_BLANK_LINES = re.compile(r"\n{3,}")


def text_of(cleaned: str) -> str:
    """Plain text of sanitised HTML: tags stripped, breaks kept, entities read."""
    text = _TEXT_SPACE.sub(" ", cleaned)
    text = _TEXT_ITEM.sub("\n- ", text)
    text = _TEXT_BREAK.sub("\n", text)
    text = _TEXT_TAG.sub("", text)
    # The only references html5ever's serialiser writes in text; "&amp;" last.
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&nbsp;", " ")
    text = text.replace("&amp;", "&")
    text = text.replace(_AMP, "&").replace(_LT, "<")
    text = text.replace(_NBSP, " ").replace("\xa0", " ")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
