"""The limits, the tokeniser's patterns and the element sets of the model
of html5ever's tree builder."""

from __future__ import annotations

import re

import nh3

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
