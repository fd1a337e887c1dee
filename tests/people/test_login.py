"""Tests for signing in and out (agencydesk.people views and services)."""

from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import Client as HttpClient
from django.urls import reverse
from pytest_django.asserts import assertContains

from agencydesk.people.models import User
from agencydesk.people.roles import Role
from tests.factories.people import PASSWORD, make_staff

LOGIN = "/login/"
WRONG = "The e-mail address or the password is not correct."


@pytest.fixture
def mira(db):
    return make_staff(
        Role.ACCOUNT_MANAGER,
        email="mira@agency.test",
        full_name="Mira Manager",
        language="ru",
    )


def _signed_in_as(http: HttpClient) -> int | None:
    user_id = http.session.get("_auth_user_id")
    return int(user_id) if user_id is not None else None


def _sign_in(http: HttpClient, email: str, password: str, next_url: str = ""):
    url = f"{LOGIN}?{urlencode({'next': next_url})}" if next_url else LOGIN
    return http.post(url, {"email": email, "password": password})


def test_login_page_opens(client, db):
    response = client.get(LOGIN)

    assert response.status_code == 200
    assertContains(response, 'name="email"')
    assertContains(response, 'name="password"')


def test_signed_in_person_opening_the_login_page_goes_home(mira, as_user):
    response = as_user(mira).get(LOGIN)

    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")


@pytest.mark.parametrize(
    "email", ["mira@agency.test", "Mira@Agency.TEST", "  mira@agency.test  "]
)
def test_right_credentials_sign_in_and_set_the_persons_language(email, mira, client):
    response = _sign_in(client, email, PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert _signed_in_as(client) == mira.pk
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"
    assert client.get("/").status_code == 200


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("mira@agency.test", "wrong-password"),
        ("nobody@agency.test", PASSWORD),
        ("mira@agency.test", PASSWORD.upper()),
        ("mira@agency.test", f" {PASSWORD}"),
    ],
)
def test_wrong_credentials_get_one_message_and_no_session(
    email, password, mira, client
):
    response = _sign_in(client, email, password)

    assert response.status_code == 400
    assertContains(response, WRONG, count=1, status_code=400)
    assert _signed_in_as(client) is None
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"email": "", "password": ""},
        {"email": "not-an-email", "password": PASSWORD},
        {"email": "mira@agency.test"},
        {"email": "mira@agency.test", "password": "x" * 10_000},
        {"email": "a" * 10_000 + "@agency.test", "password": PASSWORD},
        {"email": "mira@agency.test\x00", "password": PASSWORD},
    ],
)
def test_garbage_form_is_a_bad_request_not_a_crash(data, mira, client):
    response = client.post(LOGIN, data)

    assert response.status_code == 400
    assert _signed_in_as(client) is None


def test_repeated_failures_from_one_address_refuse_even_the_right_password(
    mira, client
):
    for _ in range(settings.LOGIN_RATE_LIMIT):
        assert _sign_in(client, "mira@agency.test", "wrong-password").status_code == 400

    response = _sign_in(client, "mira@agency.test", PASSWORD)

    assert response.status_code == 429
    assertContains(response, "Too many failed sign-in attempts", status_code=429)
    assert _signed_in_as(client) is None


def test_failures_count_for_the_address_whatever_its_spelling(mira, client):
    spellings = ["mira@agency.test", "MIRA@agency.test", " Mira@Agency.Test "]
    for n in range(settings.LOGIN_RATE_LIMIT):
        _sign_in(client, spellings[n % len(spellings)], "wrong-password")

    assert _sign_in(client, "mira@agency.test", PASSWORD).status_code == 429
    assert _signed_in_as(client) is None


def test_one_below_the_limit_still_signs_in(mira, client):
    for _ in range(settings.LOGIN_RATE_LIMIT - 1):
        _sign_in(client, "mira@agency.test", "wrong-password")

    assert _sign_in(client, "mira@agency.test", PASSWORD).status_code == 302
    assert _signed_in_as(client) == mira.pk


def test_locked_address_does_not_lock_a_colleague(mira, client):
    colleague = make_staff(Role.SPECIALIST, email="sam@agency.test")
    for _ in range(settings.LOGIN_RATE_LIMIT):
        _sign_in(client, "mira@agency.test", "wrong-password")

    response = _sign_in(client, "sam@agency.test", PASSWORD)

    assert response.status_code == 302
    assert _signed_in_as(client) == colleague.pk


@pytest.mark.parametrize(
    ("next_url", "target"),
    [
        ("/clients/", "/clients/"),
        ("/staff/?q=mira", "/staff/?q=mira"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("http://testserver.evil.example/", "/"),
    ],
)
def test_next_is_honoured_only_for_local_paths(next_url, target, mira, client):
    response = _sign_in(client, "mira@agency.test", PASSWORD, next_url)

    assert response.status_code == 302
    assert response["Location"] == target


def test_inactive_person_cannot_sign_in(mira, client):
    User.objects.filter(pk=mira.pk).update(is_active=False)

    response = _sign_in(client, "mira@agency.test", PASSWORD)

    assert response.status_code == 400
    assertContains(response, WRONG, status_code=400)
    assert _signed_in_as(client) is None


def test_sign_out_needs_post(mira, as_user):
    http = as_user(mira)

    response = http.get("/logout/")

    assert response.status_code == 405
    assert _signed_in_as(http) == mira.pk


def test_sign_out_ends_the_session(mira, as_user):
    http = as_user(mira)

    response = http.post("/logout/")

    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert _signed_in_as(http) is None
    assert http.get("/").status_code == 302
