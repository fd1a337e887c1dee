"""Forgotten passwords: a reset link by e-mail, the same answer for every
address, limited per address and per network (people.throttle)."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from agencydesk.comms.models import OutboundMessage
from agencydesk.people.models import User
from agencydesk.people.roles import Role
from tests.factories.people import PASSWORD, make_staff

from .mailbox import account_mail, link_path

FORGOT = "/password/forgot/"
NEW_PASSWORD = "Blue-Kettle-Morning-42"


@pytest.fixture
def mira(db):
    return make_staff(Role.ACCOUNT_MANAGER, email="mira@agency.test", language="ru")


def test_a_known_address_gets_a_link_and_the_new_password_works(mira, client):
    response = client.post(FORGOT, {"email": "Mira@Agency.test"})

    assert response.status_code == 302
    assert response["Location"] == reverse("people:password-reset-done")
    [mail] = account_mail("password_reset", mira)
    opened = client.get(link_path(mail))
    client.post(
        opened["Location"],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    mira.refresh_from_db()
    assert mira.check_password(NEW_PASSWORD)
    assert not mira.check_password(PASSWORD)


def test_an_unknown_address_gets_the_same_answer_and_nothing_is_sent(client, db):
    response = client.post(FORGOT, {"email": "nobody@agency.test"})

    assert response.status_code == 302
    assert response["Location"] == reverse("people:password-reset-done")
    assert OutboundMessage.objects.count() == 0


def test_a_deactivated_person_gets_no_link(mira, client):
    User.objects.filter(pk=mira.pk).update(is_active=False)

    response = client.post(FORGOT, {"email": "mira@agency.test"})

    assert response.status_code == 302
    assert account_mail("password_reset", mira) == []


def test_requests_for_one_address_are_limited(mira, client, settings):
    settings.PASSWORD_RESET_RATE_LIMIT = 2
    for _attempt in range(2):
        assert client.post(FORGOT, {"email": "mira@agency.test"}).status_code == 302

    refused = client.post(FORGOT, {"email": "mira@agency.test"})

    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assertContains(refused, "Too many password reset requests", status_code=429)
    assert len(account_mail("password_reset", mira)) == 2


def test_the_limit_answers_alike_for_unknown_addresses(client, settings, db):
    settings.PASSWORD_RESET_RATE_LIMIT = 1
    client.post(FORGOT, {"email": "nobody@agency.test"})

    refused = client.post(FORGOT, {"email": "nobody@agency.test"})

    assert refused.status_code == 429


def test_a_reset_link_works_once(mira, client):
    client.post(FORGOT, {"email": "mira@agency.test"})
    path = link_path(account_mail("password_reset", mira)[0])
    opened = client.get(path)
    client.post(
        opened["Location"],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    again = client.get(path)

    assert again.status_code == 400
    mira.refresh_from_db()
    assert mira.check_password(NEW_PASSWORD)


def test_a_weak_password_is_refused_and_nothing_changes(mira, client):
    client.post(FORGOT, {"email": "mira@agency.test"})
    opened = client.get(link_path(account_mail("password_reset", mira)[0]))

    response = client.post(
        opened["Location"], {"new_password1": "12345", "new_password2": "12345"}
    )

    assert response.status_code == 200
    mira.refresh_from_db()
    assert mira.check_password(PASSWORD)


def test_the_sign_in_page_links_to_forgot_password(client, db):
    assertContains(client.get("/login/"), f'href="{FORGOT}"')
