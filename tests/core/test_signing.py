"""Signed links (core.signing): tamper, expiry, revocation by version."""

import time
from datetime import timedelta

import pytest
from django.core import signing

from agencydesk.core.signing import LinkInvalid, SignedLink, short_mac, short_mac_valid

LINK = SignedLink("tests.link", max_age=timedelta(days=1))


def test_a_link_reads_back_what_it_was_made_with():
    token = LINK.make({"t": 42})
    assert LINK.read(token, fields=("t",))["t"] == 42


@pytest.mark.parametrize(
    "mangle", [lambda t: t[:-2] + "xx", lambda t: "x" + t, str.upper]
)
def test_a_tampered_link_is_refused(mangle):
    with pytest.raises(LinkInvalid):
        LINK.read(mangle(LINK.make({"t": 42})), fields=("t",))


def test_a_link_of_another_purpose_is_refused():
    other = SignedLink("tests.other").make({"t": 42})
    with pytest.raises(LinkInvalid):
        LINK.read(other, fields=("t",))


def test_an_expired_link_is_refused(monkeypatch):
    token = LINK.make({"t": 1})
    later = time.time() + timedelta(days=2).total_seconds()
    monkeypatch.setattr(signing.time, "time", lambda: later)
    with pytest.raises(LinkInvalid):
        LINK.read(token, fields=("t",))


def test_a_link_without_expiry_still_opens_much_later(monkeypatch):
    link = SignedLink("tests.feed")
    token = link.make({"u": 7})
    later = time.time() + timedelta(days=3650).total_seconds()
    monkeypatch.setattr(signing.time, "time", lambda: later)
    assert link.read(token, fields=("u",))["u"] == 7


def test_a_missing_or_non_numeric_field_is_refused():
    with pytest.raises(LinkInvalid):
        LINK.read(LINK.make({"x": 1}), fields=("t",))
    with pytest.raises(LinkInvalid):
        LINK.read(LINK.make({"t": "abc"}), fields=("t",))


def test_a_revoked_version_closes_the_old_link_only():
    versions = {7: 1}
    old = LINK.make({"u": 7}, version=1)
    assert LINK.read(old, fields=("u",), version=lambda p: versions.get(p["u"]))
    versions[7] = 2
    with pytest.raises(LinkInvalid):
        LINK.read(old, fields=("u",), version=lambda p: versions.get(p["u"]))
    new = LINK.make({"u": 7}, version=2)
    assert LINK.read(new, fields=("u",), version=lambda p: versions.get(p["u"]))
    with pytest.raises(LinkInvalid):  # the person is gone
        LINK.read(new, fields=("u",), version=lambda p: None)


def test_a_link_made_before_versions_is_version_zero():
    unversioned = LINK.make({"u": 7})
    assert LINK.read(unversioned, fields=("u",), version=lambda p: 0)
    with pytest.raises(LinkInvalid):
        LINK.read(unversioned, fields=("u",), version=lambda p: 1)


def test_short_mac_is_keyed_and_checked_in_constant_time(settings):
    mac = short_mac("desk-reply:1042", salt="tests.reply")
    assert len(mac) == 10 and short_mac_valid(
        "desk-reply:1042", mac, salt="tests.reply"
    )
    assert short_mac_valid("desk-reply:1042", mac.upper(), salt="tests.reply")
    assert not short_mac_valid("desk-reply:1043", mac, salt="tests.reply")
    assert not short_mac_valid("desk-reply:1042", mac, salt="tests.other")
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY = "another key entirely, long enough to be a key"
    assert not short_mac_valid("desk-reply:1042", mac, salt="tests.reply")
    settings.SECRET_KEY_FALLBACKS = [old_key]
    assert short_mac_valid("desk-reply:1042", mac, salt="tests.reply")


def test_short_mac_is_the_reply_address_signature_already_in_use(settings):
    """Addresses mailed before the helper existed stay valid."""
    import hashlib
    import hmac

    before = hmac.new(
        settings.SECRET_KEY.encode(), b"desk-reply:1042:7", hashlib.sha256
    ).hexdigest()[:10]
    assert short_mac("1042:7", salt="desk-reply") == before
