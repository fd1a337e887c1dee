"""Who vouches for a From: header: a trusted server's Authentication-Results,
or a DKIM signature we verify ourselves."""

import base64

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from agencydesk.comms import mail_auth
from agencydesk.comms.mail_auth import authenticate_sender, parse_authentication_results

from .mails import raw_mail

STAFF = "Rina <rina@agency.test>"


def _with_results(value: str, sender: str = STAFF) -> bytes:
    return raw_mail(sender=sender, headers={"Authentication-Results": value})


def test_results_are_read_past_comments_quotes_and_a_version():
    authserv_id, results = parse_authentication_results(
        "mx.agency.test 1; dkim=pass (good (nested) signature) header.d=agency.test "
        'header.s="sel"; spf=fail smtp.mailfrom=x.example; '
        "dmarc=pass header.from=agency.test"
    )

    assert authserv_id == "mx.agency.test"
    assert [(r.method, r.result) for r in results] == [
        ("dkim", "pass"),
        ("spf", "fail"),
        ("dmarc", "pass"),
    ]
    assert results[0].properties == {"header.d": "agency.test", "header.s": "sel"}


def test_nothing_is_trusted_until_the_agency_names_its_server(settings):
    settings.MAIL_TRUSTED_AUTHSERV_IDS = []

    verdict = authenticate_sender(_with_results("mx.agency.test; dmarc=pass"))

    assert not verdict.ok


def test_dmarc_pass_from_the_trusted_server_authenticates(settings):
    settings.MAIL_TRUSTED_AUTHSERV_IDS = ["mx.agency.test"]

    verdict = authenticate_sender(
        _with_results("MX.agency.test; dmarc=pass (p=reject) header.from=agency.test")
    )

    assert (verdict.ok, verdict.method) == (True, "dmarc")


@pytest.mark.parametrize(
    "results",
    [
        "mx.elsewhere.example; dmarc=pass header.from=agency.test",  # not our server
        "mx.agency.test; dmarc=fail header.from=agency.test",
        "mx.agency.test; dmarc=pass header.from=evil.example",  # not the From domain
        "mx.agency.test; dkim=pass header.d=evil.example",  # signer not aligned
        "mx.agency.test; dkim=pass header.d=test",  # a bare top-level domain
        "mx.agency.test; spf=pass smtp.mailfrom=agency.test",  # SPF alone is no proof
    ],
)
def test_anything_short_of_an_aligned_pass_does_not(settings, results):
    settings.MAIL_TRUSTED_AUTHSERV_IDS = ["mx.agency.test"]

    verdict = authenticate_sender(_with_results(results))

    assert not verdict.ok


def test_aligned_dkim_pass_of_a_parent_domain_authenticates(settings):
    settings.MAIL_TRUSTED_AUTHSERV_IDS = ["mx.agency.test"]

    verdict = authenticate_sender(
        _with_results(
            "mx.agency.test; dkim=pass header.d=agency.test",
            sender="Rina <rina@mail.agency.test>",
        )
    )

    assert verdict.method == "dkim"


def test_only_the_topmost_verdict_of_the_trusted_server_counts(settings):
    """A sender may add an Authentication-Results of our server's name below
    the one our server writes on top: that one is not read."""
    settings.MAIL_TRUSTED_AUTHSERV_IDS = ["mx.agency.test"]
    forged_below = raw_mail(
        sender=STAFF,
        headers={"Authentication-Results": "mx.agency.test; dmarc=pass"},
    )
    ours_on_top = (
        b"Authentication-Results: mx.agency.test; dmarc=fail\r\n" + forged_below
    )

    assert not authenticate_sender(ours_on_top).ok


def test_two_from_addresses_are_never_authenticated(settings):
    settings.MAIL_TRUSTED_AUTHSERV_IDS = ["mx.agency.test"]
    raw = _with_results("mx.agency.test; dmarc=pass").replace(
        b"From: Rina <rina@agency.test>",
        b"From: rina@agency.test, boss@agency.test",
    )

    assert not authenticate_sender(raw).ok


def _dkim_key():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    record = b"v=DKIM1; k=rsa; p=" + base64.b64encode(public)
    return private, record


def test_our_own_dkim_check_authenticates_a_signed_message(settings, monkeypatch):
    import dkim

    settings.MAIL_VERIFY_DKIM = True
    private, record = _dkim_key()
    # This machine reaches no DNS: the key's TXT records are answered here.
    published = {b"sel._domainkey.agency.test.", b"sel._domainkey.evil.example."}
    monkeypatch.setattr(
        mail_auth,
        "DKIM_DNSFUNC",
        lambda name, timeout=5: record if name in published else None,
    )
    message = raw_mail(sender=STAFF, body="Signed reply")

    signed = dkim.sign(message, b"sel", b"agency.test", private) + message
    assert authenticate_sender(signed).method == "dkim-verified"

    # The same signature over a changed body proves nothing.
    tampered = signed.replace(b"Signed reply", b"Pay invoice to IBAN X")
    assert not authenticate_sender(tampered).ok

    # Nor does a valid signature of a domain that is not the From domain's.
    foreign = dkim.sign(message, b"sel", b"evil.example", private) + message
    assert dkim.verify(foreign, dnsfunc=mail_auth.DKIM_DNSFUNC)
    assert not authenticate_sender(foreign).ok

    # And without the setting nothing is looked up.
    settings.MAIL_VERIFY_DKIM = False
    assert not authenticate_sender(signed).ok


def test_a_huge_or_hostile_header_block_is_read_in_bounded_time(settings):
    import time

    settings.MAIL_TRUSTED_AUTHSERV_IDS = ["mx.agency.test"]
    hostile = (
        b"Authentication-Results: mx.agency.test; " + b"(" * 200_000 + b"\r\n"
    ) * 30 + raw_mail(sender=STAFF)

    started = time.perf_counter()
    verdict = authenticate_sender(hostile)

    assert not verdict.ok
    assert time.perf_counter() - started < 1
