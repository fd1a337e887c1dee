"""Phone numbers in one form, E.164 ("+6281234567890"), so a number typed by
a person and the same number sent by WhatsApp are one string to look up."""

from __future__ import annotations

import re

import phonenumbers

_SEPARATORS = re.compile(r"[\s().\-/]")


def _valid_e164(raw: str, region: str | None) -> str | None:
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def to_e164(raw: str, region: str | None = None) -> str | None:
    """``raw`` as E.164, or None when it is not a valid phone number.

    Read as people type numbers ("+62 812-3456-7890"), in the national form
    of ``region`` (an ISO country code: "0812 3456 7890" with "ID"), and as
    WhatsApp sends them: the digits with the country code and no plus
    ("6281234567890")."""
    text = (raw or "").strip()
    if not text or len(text) > 40:
        return None
    found = _valid_e164(text, region.upper() if region else None)
    if found is not None:
        return found
    digits = _SEPARATORS.sub("", text)
    if digits.isdigit() and not digits.startswith("0"):
        return _valid_e164(f"+{digits}", None)
    return None
