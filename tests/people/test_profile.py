"""The person's own profile and password (people.account_views)."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from agencydesk.people.models import User
from tests.factories.people import PASSWORD

PROFILE = "/profile/"
NEW_PASSWORD = "Blue-Kettle-Morning-42"


def test_a_contact_edits_name_language_timezone_and_notifications(contact_a, as_user):
    http = as_user(contact_a.user)

    response = http.post(
        PROFILE,
        {"full_name": "Ani A. Alpha", "language": "ru", "timezone": "Asia/Tokyo"},
    )

    assert response.status_code == 302
    user = User.objects.get(pk=contact_a.user.pk)
    assert (user.full_name, user.language, user.timezone) == (
        "Ani A. Alpha",
        "ru",
        "Asia/Tokyo",
    )
    assert user.notify_by_email is False
    assert response.cookies["django_language"].value == "ru"


def test_an_unknown_timezone_is_refused_and_nothing_changes(manager, as_user):
    response = as_user(manager).post(
        PROFILE,
        {"full_name": "X", "language": "en", "timezone": "Mars/Olympus"},
    )

    assert response.status_code == 422
    assert User.objects.get(pk=manager.pk).full_name == manager.full_name


@pytest.mark.parametrize("who", ["manager", "contact"])
def test_the_user_menu_links_to_the_profile(who, manager, contact_a, as_user):
    user = manager if who == "manager" else contact_a.user
    home = reverse("core:home") if who == "manager" else reverse("portal:home")

    assertContains(as_user(user).get(home), f'href="{PROFILE}"')


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get(PROFILE)

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_change_password_keeps_the_person_signed_in(manager, as_user):
    http = as_user(manager)

    response = http.post(
        reverse("people:password-change"),
        {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 302
    assert User.objects.get(pk=manager.pk).check_password(NEW_PASSWORD)
    assert http.get(PROFILE).status_code == 200


def test_change_password_with_a_wrong_current_one_changes_nothing(manager, as_user):
    response = as_user(manager).post(
        reverse("people:password-change"),
        {
            "old_password": "not-it",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 200
    assert User.objects.get(pk=manager.pk).check_password(PASSWORD)
