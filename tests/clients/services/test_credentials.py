"""Credentials from the client: a one-time link into the encrypted inventory."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from cryptography.fernet import Fernet
from django.core import signing
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from agencydesk.clients.models import AccessEntry, CredentialRequest
from agencydesk.clients.selectors.credentials import SALT
from agencydesk.clients.services import access as access_inventory
from agencydesk.clients.services import team_member_add
from agencydesk.comms.models import OutboundMessage
from agencydesk.core.models import Event, Notification

pytestmark = pytest.mark.django_db
SECRET = "s3cret-Passw0rd!"


@pytest.fixture(autouse=True)
def key(settings):
    settings.SECRETS_KEY = Fernet.generate_key().decode()


@pytest.fixture
def am(client_a, manager):
    team_member_add(actor=None, client=client_a, user=manager, role="account_manager")
    return manager


def _send(as_user, am, client, contact, days=7):
    http = as_user(am)
    url = reverse("clients:credential-request-send", args=[client.slug])
    return http.post(url, {"contact": contact.pk, "days": days})


def _link(contact) -> str:
    mail = OutboundMessage.objects.filter(to=[contact.user.email]).latest("pk")
    return re.search(r"https?://\S+/clients/access-link/\S+/", mail.text).group(0)


def _rows(*rows):
    data = {}
    for n, (platform, login, secret, notes) in enumerate(rows):
        data.update(
            {
                f"a{n}-platform": platform,
                f"a{n}-login": login,
                f"a{n}-secret": secret,
                f"a{n}-notes": notes,
            }
        )
    return data


def test_contact_submits_through_the_link_and_the_am_reveals_audited(
    as_user, am, client_a, contact_a
):
    assert _send(as_user, am, client_a, contact_a).status_code == 302
    mail = OutboundMessage.objects.get(to=[contact_a.user.email])
    link = _link(contact_a)
    anonymous = HttpClient()

    page = anonymous.get(link)
    assert page.status_code == 200
    assert b'id="credential-form"' in page.content
    done = anonymous.post(
        link,
        _rows(
            ("Google Ads", "ads@alpha.test", SECRET, "MCC 123"),
            ("WordPress", "admin", "wp-pass", ""),
        ),
    )

    assert done.status_code == 200
    assert b'id="credentials-done"' in done.content
    ads = AccessEntry.objects.get(client=client_a, platform="Google Ads")
    assert (ads.account_id, ads.notes, ads.state) == (
        "ads@alpha.test",
        "MCC 123",
        "granted",
    )
    assert SECRET not in ads.secret_encrypted  # encrypted at rest
    assert access_inventory.access_secret_reveal(actor=am, entry=ads) == SECRET
    requested = Event.objects.get(verb="client.credentials_requested", actor=am)
    verbs = list(
        Event.objects.filter(client=client_a, pk__gt=requested.pk)
        .order_by("pk")
        .values_list("verb", "actor")
    )
    assert verbs == [
        ("client.access_added", contact_a.user.pk),
        ("client.access_added", contact_a.user.pk),
        ("client.credentials_submitted", contact_a.user.pk),
        ("client.access_secret_revealed", am.pk),
    ]
    # The AM hears of it; nothing secret is in any mail, note or event.
    assert Notification.objects.filter(recipient=am).exists()
    assert "Google Ads" not in mail.text
    assert not OutboundMessage.objects.filter(text__contains=SECRET).exists()
    assert not Notification.objects.filter(title__contains=SECRET).exists()
    assert not Event.objects.filter(search_text__contains=SECRET.lower()).exists()
    # Only the hash of the link's random part is stored.
    request = CredentialRequest.objects.get()
    assert request.used_at is not None
    assert request.token_hash not in link


def test_the_link_works_once(as_user, am, client_a, contact_a):
    _send(as_user, am, client_a, contact_a)
    link = _link(contact_a)
    anonymous = HttpClient()
    anonymous.post(link, _rows(("Meta", "page", "pw", "")))

    again = anonymous.post(link, _rows(("Meta", "page", "other", "")))

    assert again.status_code == 410
    assert b"already used" in again.content
    assert anonymous.get(link).status_code == 410
    assert AccessEntry.objects.filter(client=client_a).count() == 1


def test_an_expired_link_is_refused(as_user, am, client_a, contact_a):
    _send(as_user, am, client_a, contact_a, days=1)
    link = _link(contact_a)
    CredentialRequest.objects.update(expires_at=timezone.now() - timedelta(hours=1))

    response = HttpClient().post(link, _rows(("Meta", "page", "pw", "")))

    assert response.status_code == 410
    assert b"expired" in response.content
    assert not AccessEntry.objects.exists()


def test_a_link_pointed_at_another_client_is_refused(
    as_user, am, client_a, client_b, contact_a
):
    _send(as_user, am, client_a, contact_a)
    link = _link(contact_a)
    token = link.rstrip("/").rsplit("/", 1)[1]
    payload = signing.loads(token, salt=SALT)
    base = link.rsplit("/", 2)[0]
    forged = signing.dumps({**payload, "c": client_b.pk}, salt="not-ours")
    resigned_other = signing.dumps({**payload, "c": client_b.pk}, salt=SALT)
    anonymous = HttpClient()

    for bad in (token[:-3] + "abc", forged, resigned_other, "garbage"):
        response = anonymous.post(f"{base}/{bad}/", _rows(("Meta", "x", "pw", "")))
        assert response.status_code == 404
    assert not AccessEntry.objects.exists()
    assert CredentialRequest.objects.get().used_at is None


def test_an_empty_submission_keeps_the_link_open(as_user, am, client_a, contact_a):
    _send(as_user, am, client_a, contact_a)
    link = _link(contact_a)
    anonymous = HttpClient()

    empty = anonymous.post(link, _rows(("", "", "", "")))
    nameless = anonymous.post(link, _rows(("", "login", "pw", "")))

    assert (empty.status_code, nameless.status_code) == (422, 422)
    assert b"at least one access" in empty.content
    assert b"Name the platform" in nameless.content
    assert CredentialRequest.objects.get().used_at is None
    assert anonymous.post(link, _rows(("Meta", "", "pw", ""))).status_code == 200


def test_a_contact_of_another_client_cannot_be_sent_a_link(
    as_user, am, client_a, contact_b
):
    response = _send(as_user, am, client_a, contact_b)

    assert response.status_code == 422
    assert not CredentialRequest.objects.exists()
    assert not OutboundMessage.objects.exists()


def test_a_specialist_cannot_send_a_link(as_user, specialist, client_a, contact_a):
    response = _send(as_user, specialist, client_a, contact_a)

    assert response.status_code == 403
    assert not CredentialRequest.objects.exists()


def test_the_mail_is_written_for_the_contact(as_user, am, client_a, contact_a):
    contact_a.user.timezone = "Asia/Jakarta"
    contact_a.user.language = "en"
    contact_a.user.save()
    _send(as_user, am, client_a, contact_a, days=3)

    mail = OutboundMessage.objects.get()
    expires = CredentialRequest.objects.get().expires_at
    with translation.override("en"):
        jakarta = date_format(
            timezone.localtime(expires, ZoneInfo("Asia/Jakarta")), "DATETIME_FORMAT"
        )
        utc = date_format(expires, "DATETIME_FORMAT")
    assert jakarta in mail.text
    assert utc not in mail.text
    assert mail.subject == "Please send the accesses for Alpha Coffee"


# --- Withdrawing a link ---------------------------------------------------------


def test_a_withdrawn_link_opens_nothing_and_stores_nothing(
    as_user, am, client_a, contact_a
):
    _send(as_user, am, client_a, contact_a)
    link = _link(contact_a)
    sent = client_a.credential_requests.get()
    http = as_user(am)

    withdrawn = http.post(
        reverse("clients:credential-request-withdraw", args=[client_a.slug, sent.pk])
    )
    anonymous = HttpClient()
    page = anonymous.get(link)
    posted = anonymous.post(link, _rows(("Ads", "me", "pw", "")))

    assert withdrawn.status_code == 302
    assert (page.status_code, posted.status_code) == (410, 410)
    assert "withdrawn" in page.content.decode()
    assert not client_a.access_entries.exists()
    listed = http.get(reverse("clients:access-list", args=[client_a.slug]))
    assert "Withdrawn" in listed.content.decode()
    assert Event.objects.filter(verb="client.credentials_withdrawn").count() == 1


def test_a_used_link_cannot_be_withdrawn(as_user, am, client_a, contact_a):
    _send(as_user, am, client_a, contact_a)
    HttpClient().post(_link(contact_a), _rows(("Ads", "me", "pw", "")))
    sent = client_a.credential_requests.get()

    response = as_user(am).post(
        reverse("clients:credential-request-withdraw", args=[client_a.slug, sent.pk])
    )

    sent.refresh_from_db()
    assert response.status_code == 302 and sent.withdrawn_at is None
    assert client_a.access_entries.count() == 1
