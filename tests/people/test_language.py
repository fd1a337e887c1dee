"""Tests for switching the interface language (POST /language/)."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from agencydesk.people.models import User

LANGUAGE = "/language/"
# Strings of the login page, in the order the page shows them.
LOGIN_PAGE_STRINGS = ["Sign in to Agency Desk", "E-mail address", "Password", "Sign in"]


@pytest.fixture(scope="session")
def compiled_translations():
    """Compile the .po catalogues, then drop the catalogues already loaded."""
    call_command("compiletranslations", stdout=io.StringIO())
    # Leaving an override of LOCALE_PATHS fires setting_changed, whose receiver
    # forgets every loaded catalogue, so the fresh .mo files are read.
    with override_settings(LOCALE_PATHS=list(settings.LOCALE_PATHS)):
        pass


def _stored_language(user) -> str:
    return User.objects.values_list("language", flat=True).get(pk=user.pk)


def test_signed_in_person_switches_language_and_it_is_remembered(manager, as_user):
    response = as_user(manager).post(LANGUAGE, {"language": "ru", "next": "/clients/"})

    assert response.status_code == 302
    assert response["Location"] == "/clients/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"
    assert _stored_language(manager) == "ru"


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example", "", "javascript:alert(1)"]
)
def test_unsafe_or_missing_next_goes_home(next_url, manager, as_user):
    response = as_user(manager).post(
        LANGUAGE, {"language": "zh-hans", "next": next_url}
    )

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert _stored_language(manager) == "zh-hans"


@pytest.mark.parametrize("language", ["xx", "", "de", "en-us"])
def test_unknown_language_is_refused_and_nothing_is_saved(language, manager, as_user):
    response = as_user(manager).post(LANGUAGE, {"language": language, "next": "/"})

    assert response.status_code == 400
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert _stored_language(manager) == "en"


def test_switching_needs_post(manager, as_user):
    response = as_user(manager).get(LANGUAGE, {"language": "ru"})

    assert response.status_code == 405
    assert _stored_language(manager) == "en"


def test_anonymous_visitor_switches_with_a_cookie_only(client, db):
    users_before = list(User.objects.values_list("pk", "language"))

    response = client.post(LANGUAGE, {"language": "id", "next": "/login/"})

    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "id"
    assert list(User.objects.values_list("pk", "language")) == users_before


def test_login_page_is_served_in_the_chosen_language(compiled_translations, client, db):
    with translation.override("id"):
        indonesian = [escape(gettext(text)) for text in LOGIN_PAGE_STRINGS]
    # Django itself translates "Password", so the catalogue really is Indonesian.
    assert indonesian[2] != "Password"

    response = client.post(LANGUAGE, {"language": "id", "next": "/login/"}, follow=True)

    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="id">' in page
    positions = [page.find(text) for text in indonesian]
    assert -1 not in positions, dict(zip(LOGIN_PAGE_STRINGS, positions, strict=True))
    assert '<label class="form-label" for="id_password">Password</label>' not in page


def test_english_is_served_without_a_choice(compiled_translations, client, db):
    response = client.get("/login/")

    page = response.content.decode()
    assert '<html lang="en">' in page
    assert "Sign in to Agency Desk" in page
