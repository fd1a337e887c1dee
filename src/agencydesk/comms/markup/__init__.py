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

from .bounding import bound, clean, restore, rewrite
from .builder import Bounded
from .text import text_of
from .tokens import MAX_CHARS, MAX_DEPTH, MAX_TAGS

__all__ = [
    "MAX_CHARS",
    "MAX_DEPTH",
    "MAX_TAGS",
    "Bounded",
    "bound",
    "clean",
    "restore",
    "rewrite",
    "text_of",
]
