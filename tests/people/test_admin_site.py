"""The Django admin (agencydesk.people.admin_site): admins only, signed in
through the product's rate-limited sign-in."""

from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import Client as HttpClient

from agencydesk.people.models import User
from agencydesk.people.roles import Role
from tests.factories.people import PASSWORD, make_staff

ADMIN_LOGIN = "/admin/login/"
PRODUCT_LOGIN = "/login/"


def _signed_in_as(http: HttpClient) -> int | None:
    user_id = http.session.get("_auth_user_id")
    return int(user_id) if user_id is not None else None


@pytest.fixture
def ada(db):
    return make_staff(Role.ADMIN, email="ada@agency.test", full_name="Ada Admin")


@pytest.mark.parametrize(
    "role",
    [Role.AGENCY_LEAD, Role.ACCOUNT_MANAGER, Role.SPECIALIST, Role.FINANCE],
)
@pytest.mark.parametrize(
    "path", ["/admin/", "/admin/people/user/", "/admin/people/user/add/"]
)
def test_staff_without_the_admin_role_are_refused_the_admin(role, path, as_user, db):
    person = make_staff(role)
    http = as_user(person)

    response = http.get(path, follow=True)

    assert response.status_code == 403
    assert response.redirect_chain[-1][0].startswith(ADMIN_LOGIN)


@pytest.mark.parametrize(
    "role", [Role.AGENCY_LEAD, Role.ACCOUNT_MANAGER, Role.SPECIALIST, Role.FINANCE]
)
def test_staff_without_the_admin_role_cannot_add_a_user_through_the_admin(
    role, as_user, db
):
    http = as_user(make_staff(role))
    before = User.objects.count()

    http.post(
        "/admin/people/user/add/",
        {
            "email": "intruder@agency.test",
            "full_name": "Intruder",
            "password1": "a-long-enough-password",
            "password2": "a-long-enough-password",
        },
    )

    assert User.objects.count() == before
    assert not User.objects.filter(email="intruder@agency.test").exists()


def test_an_admin_opens_the_admin(ada, as_user):
    http = as_user(ada)

    assert http.get("/admin/").status_code == 200
    assert http.get("/admin/people/user/").status_code == 200
    assert http.get(ADMIN_LOGIN).status_code == 302


def test_the_admin_sends_anonymous_people_to_the_products_sign_in(ada, client):
    first = client.get("/admin/people/user/")
    second = client.get(first["Location"])

    assert first.status_code == 302
    assert first["Location"].startswith(ADMIN_LOGIN)
    assert second.status_code == 302
    assert second["Location"] == (
        f"{PRODUCT_LOGIN}?{urlencode({'next': '/admin/people/user/'})}"
    )

    signed_in = client.post(
        second["Location"], {"email": "ada@agency.test", "password": PASSWORD}
    )

    assert signed_in.status_code == 302
    assert signed_in["Location"] == "/admin/people/user/"
    assert _signed_in_as(client) == ada.pk


def test_the_admin_login_page_checks_no_password(ada, client, password_checks):
    response = client.post(
        ADMIN_LOGIN,
        {"username": "ada@agency.test", "password": PASSWORD, "next": "/admin/"},
    )

    assert response.status_code == 302
    assert response["Location"].startswith(PRODUCT_LOGIN)
    assert password_checks() == 0
    assert _signed_in_as(client) is None


def test_thirty_wrong_admin_passwords_are_refused_by_the_limit(
    ada, client, password_checks
):
    # The guesser follows wherever the admin's login page sends them.
    sent_to = client.post(
        ADMIN_LOGIN, {"username": "ada@agency.test", "password": "guess-0"}
    )
    assert sent_to.status_code == 302
    login_url = sent_to["Location"]
    limit = settings.LOGIN_RATE_LIMIT

    statuses = [
        client.post(
            login_url, {"email": "ada@agency.test", "password": f"guess-{n}"}
        ).status_code
        for n in range(limit + 30)
    ]
    right = client.post(login_url, {"email": "ada@agency.test", "password": PASSWORD})

    assert statuses == [400] * limit + [429] * 30
    assert password_checks() == limit
    assert right.status_code == 429
    assert _signed_in_as(client) is None
