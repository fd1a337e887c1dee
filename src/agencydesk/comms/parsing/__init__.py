"""Read raw e-mail into a ParsedMessage: addresses, bodies, attachments, noise flags.

``parse`` reads mail from anyone, so it never raises: what it cannot read becomes a
defect string and the fields it could read are kept. The MIME tree comes from
Python's ``email`` feed parser (compat32); headers and bodies are decoded here from
the raw values, which tolerates the bogus charsets and broken encodings that
policy.default's accessors raise on, and reads each header once.

One module per concern: ``message`` (what ``parse`` returns), ``charsets``,
``headers`` (encoded words, parameters, addresses, dates, the noise flags),
``parts`` (transfer encodings, file names, HTML to text), ``walker`` (the MIME
tree), ``reader`` (``parse`` itself and the bodies) and ``replies`` (quoted
history).
"""

from .message import Address, Attachment, ParsedMessage
from .parts import html_to_text, sanitize_html
from .reader import DEFAULT_BUDGET_SECONDS, parse
from .replies import reply_text

__all__ = [
    "DEFAULT_BUDGET_SECONDS",
    "Address",
    "Attachment",
    "ParsedMessage",
    "html_to_text",
    "parse",
    "reply_text",
    "sanitize_html",
]
