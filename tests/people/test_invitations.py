"""Invitations: staff and contacts choose their own password from a one-time
link e-mailed in their language (people.services, clients.services)."""

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pytest_django.asserts import assertContains

from agencydesk.clients import services as client_services
from agencydesk.core.models import Event
from agencydesk.people.errors import PasswordAlreadySetError
from agencydesk.people.models import User
from agencydesk.people.roles import Role
from tests.factories.clients import make_contact
from tests.factories.people import make_staff

from .mailbox import account_mail, link_path

NEW_PASSWORD = "Blue-Kettle-Morning-42"


@pytest.fixture
def lead(db):
    return make_staff(Role.AGENCY_LEAD, email="lead@agency.test", full_name="Lee Lead")


def _choose_password(http: HttpClient, path: str, password: str = NEW_PASSWORD):
    """Open the link (Django moves the token into the session) and post."""
    opened = http.get(path)
    assert opened.status_code == 302
    return http.post(
        opened["Location"], {"new_password1": password, "new_password2": password}
    )


def test_lead_adds_a_contact_with_an_invitation_in_the_contacts_language(
    lead, client_a, as_user
):
    http = as_user(lead)

    response = http.post(
        reverse("clients:contact-add", args=[client_a.slug]),
        {
            "full_name": "Dmitri Petrov",
            "email": "dmitri@alpha.test",
            "role": "day_to_day",
            "language": "ru",
            "invite": "on",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(email="dmitri@alpha.test")
    assert user.language == "ru"
    assert not user.has_usable_password()
    [mail] = account_mail("invitation", user)
    assert mail.to == ["dmitri@alpha.test"]
    with translation.override("ru"):
        # Compared with the catalogue, not a literal: the Russian text comes
        # with the lead engineer's translation of the new strings.
        invited = gettext("%(inviter)s has invited you to Agency Desk.")
        assert invited % {"inviter": "Lee Lead"} in mail.text
        assert gettext("Your invitation to Agency Desk") == mail.subject
    assert Event.objects.filter(verb="client.contact_invited").count() == 1


def test_invited_contact_chooses_a_password_and_signs_in(client_a, client):
    contact = make_contact(client_a, email="ani@alpha.test", password=None)
    client_services.contact_invite(actor=None, contact=contact)
    [mail] = account_mail("invitation", contact.user)

    response = _choose_password(client, link_path(mail))

    assert response.status_code == 302
    assert response["Location"] == reverse("people:login")
    signed_in = client.post(
        reverse("people:login"), {"email": "ani@alpha.test", "password": NEW_PASSWORD}
    )
    assert signed_in.status_code == 302
    assert client.get(reverse("portal:home")).status_code == 200


def test_an_invitation_link_works_once(client_a, client):
    contact = make_contact(client_a, email="ani@alpha.test", password=None)
    client_services.contact_invite(actor=None, contact=contact)
    path = link_path(account_mail("invitation", contact.user)[0])
    _choose_password(client, path)
    password_after_first_use = User.objects.get(pk=contact.user.pk).password

    again = HttpClient().get(path)

    assert again.status_code == 400
    # The page speaks the invited person's language.
    assertContains(again, 'id="invalid-link"', status_code=400)
    with translation.override(contact.user.language):
        expected = translation.gettext(
            "This link no longer works: it has been used already, it has expired, "
            "or it was copied incompletely. Ask for a new one below, or ask the "
            "agency to invite you again."
        )
    assertContains(again, expected, status_code=400)
    assert User.objects.get(pk=contact.user.pk).password == password_after_first_use


def test_an_expired_invitation_link_changes_nothing(client_a, client, settings):
    contact = make_contact(client_a, email="ani@alpha.test", password=None)
    client_services.contact_invite(actor=None, contact=contact)
    path = link_path(account_mail("invitation", contact.user)[0])
    settings.PASSWORD_RESET_TIMEOUT = -1

    response = client.get(path)

    assert response.status_code == 400
    assert not User.objects.get(pk=contact.user.pk).has_usable_password()


def test_a_mangled_invitation_link_answers_400(client, db):
    response = client.get("/welcome/MTIzNDU/not-a-token/")

    assert response.status_code == 400


def test_a_deactivated_persons_link_no_longer_works(client_a, client):
    contact = make_contact(client_a, email="ani@alpha.test", password=None)
    client_services.contact_invite(actor=None, contact=contact)
    path = link_path(account_mail("invitation", contact.user)[0])
    client_services.contact_deactivate(actor=None, contact=contact)

    response = client.get(path)

    assert response.status_code == 400
    assert not User.objects.get(pk=contact.user.pk).has_usable_password()


def test_a_person_with_a_password_is_not_invited_again(contact_a):
    with pytest.raises(PasswordAlreadySetError):
        client_services.contact_invite(actor=None, contact=contact_a)

    assert account_mail("invitation", contact_a.user) == []


def test_lead_invites_a_member_of_staff_from_the_directory(lead, as_user):
    response = as_user(lead).post(
        reverse("people:staff-invite"),
        {
            "full_name": "Nadia Novak",
            "email": "nadia@agency.test",
            "role": Role.SPECIALIST,
            "language": "ru",
            "timezone": "Europe/Moscow",
            "job_title": "Designer",
        },
    )

    assert response.status_code == 302
    nadia = User.objects.get(email="nadia@agency.test")
    assert nadia.is_staff
    assert [g.name for g in nadia.groups.all()] == [Role.SPECIALIST]
    [mail] = account_mail("invitation", nadia)
    assert "/welcome/" in mail.text


def test_a_lead_cannot_make_an_admin(lead, as_user):
    response = as_user(lead).post(
        reverse("people:staff-invite"),
        {
            "full_name": "Eve Evil",
            "email": "eve@agency.test",
            "role": Role.ADMIN,
            "language": "en",
            "timezone": "UTC",
        },
    )

    assert response.status_code == 403
    assert not User.objects.filter(email="eve@agency.test").exists()


def test_a_specialist_may_not_invite(specialist, as_user):
    response = as_user(specialist).post(
        reverse("people:staff-invite"),
        {
            "full_name": "Nadia Novak",
            "email": "nadia@agency.test",
            "role": Role.SPECIALIST,
            "language": "en",
            "timezone": "UTC",
        },
    )

    assert response.status_code == 403
    assert not User.objects.filter(email="nadia@agency.test").exists()


def test_the_invitation_resend_button_sends_a_fresh_link(admin_user, as_user, db):
    nadia = make_staff(Role.SPECIALIST, email="nadia@agency.test", password=None)

    response = as_user(admin_user).post(
        reverse("people:staff-invitation-send", args=[nadia.pk])
    )

    assert response.status_code == 302
    assert len(account_mail("invitation", nadia)) == 1
