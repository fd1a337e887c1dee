"""The text of sanitised markup, in one pass."""

from __future__ import annotations

import re

from .tokens import _AMP, _LT, _NBSP

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
