"""Deactivating a person ends their sessions and keeps their history
(people.services.person_deactivate, clients.services.contact_deactivate)."""

from django.contrib.sessions.models import Session
from django.test import Client as HttpClient
from django.urls import reverse
from pytest_django.asserts import assertContains

from agencydesk.core.models import Event
from agencydesk.people.models import User
from agencydesk.people.roles import Role
from tests.factories.people import PASSWORD, make_staff


def _signed_in(email: str) -> HttpClient:
    http = HttpClient()
    assert (
        http.post("/login/", {"email": email, "password": PASSWORD}).status_code == 302
    )
    return http


def _sessions_of(user) -> int:
    return sum(
        1
        for session in Session.objects.all()
        if session.get_decoded().get("_auth_user_id") == str(user.pk)
    )


def test_an_account_manager_deactivates_a_contact(manager, contact_a, contact_b):
    contact_http = _signed_in(contact_a.user.email)
    other = _signed_in(contact_b.user.email)
    manager_http = _signed_in(manager.email)

    response = manager_http.post(
        reverse(
            "clients:contact-deactivate", args=[contact_a.client.slug, contact_a.pk]
        )
    )

    assert response.status_code == 302
    user = User.objects.get(pk=contact_a.user.pk)
    assert user.is_active is False
    assert _sessions_of(user) == 0
    assert contact_http.get(reverse("portal:home")).status_code == 302
    assert other.get(reverse("portal:home")).status_code == 200
    assert Event.objects.filter(verb="client.contact_deactivated").count() == 1
    assert Event.objects.filter(verb="client.contact_added").count() == 2


def test_a_deactivated_contact_cannot_sign_in(manager, contact_a, as_user):
    as_user(manager).post(
        reverse(
            "clients:contact-deactivate", args=[contact_a.client.slug, contact_a.pk]
        )
    )

    response = HttpClient().post(
        "/login/", {"email": contact_a.user.email, "password": PASSWORD}
    )

    assert response.status_code == 400


def test_a_specialist_may_not_deactivate_a_contact(specialist, contact_a, as_user):
    response = as_user(specialist).post(
        reverse(
            "clients:contact-deactivate", args=[contact_a.client.slug, contact_a.pk]
        )
    )

    assert response.status_code == 403
    assert User.objects.get(pk=contact_a.user.pk).is_active is True


def test_a_contact_of_another_client_is_not_found(
    manager, contact_a, client_b, as_user
):
    response = as_user(manager).post(
        reverse("clients:contact-deactivate", args=[client_b.slug, contact_a.pk])
    )

    assert response.status_code == 404
    assert User.objects.get(pk=contact_a.user.pk).is_active is True


def test_a_lead_deactivates_a_member_of_staff(db):
    make_staff(Role.AGENCY_LEAD, email="lead@agency.test")
    anna = make_staff(Role.SPECIALIST, email="anna@agency.test")
    anna_http = _signed_in("anna@agency.test")

    response = _signed_in("lead@agency.test").post(
        reverse("people:staff-deactivate", args=[anna.pk])
    )

    assert response.status_code == 302
    assert User.objects.get(pk=anna.pk).is_active is False
    assert _sessions_of(anna) == 0
    assert anna_http.get(reverse("core:home")).status_code == 302
    assert User.objects.filter(pk=anna.pk).exists()


def test_a_lead_may_not_deactivate_an_admin(db, as_user):
    lead = make_staff(Role.AGENCY_LEAD, email="lead@agency.test")
    admin = make_staff(Role.ADMIN)

    response = as_user(lead).post(reverse("people:staff-deactivate", args=[admin.pk]))

    assert response.status_code == 403
    assert User.objects.get(pk=admin.pk).is_active is True


def test_nobody_deactivates_themselves(admin_user, as_user):
    http = as_user(admin_user)

    response = http.post(
        reverse("people:staff-deactivate", args=[admin_user.pk]), follow=True
    )

    assertContains(response, "You cannot deactivate yourself.")
    assert User.objects.get(pk=admin_user.pk).is_active is True


def test_an_account_manager_may_not_deactivate_staff(manager, specialist, as_user):
    response = as_user(manager).post(
        reverse("people:staff-deactivate", args=[specialist.pk])
    )

    assert response.status_code == 403
    assert User.objects.get(pk=specialist.pk).is_active is True


def test_a_deactivated_member_of_staff_is_reactivated_from_the_directory(
    admin_user, as_user
):
    sam = make_staff(Role.SPECIALIST, full_name="Sam Stopped")
    http = as_user(admin_user)
    http.post(reverse("people:staff-deactivate", args=[sam.pk]))

    listed = http.get(reverse("people:staff-list"), {"state": "deactivated"})
    assertContains(listed, "Sam Stopped")
    assertContains(listed, reverse("people:staff-reactivate", args=[sam.pk]))
    response = http.post(reverse("people:staff-reactivate", args=[sam.pk]))

    sam.refresh_from_db()
    assert response.status_code == 302 and sam.is_active
    assert _signed_in(sam.email)
    assert list(sam.groups.values_list("name", flat=True)) == [Role.SPECIALIST]


def test_only_managers_of_staff_reactivate(manager, as_user):
    sam = make_staff(Role.SPECIALIST)
    User.objects.filter(pk=sam.pk).update(is_active=False)

    response = as_user(manager).post(reverse("people:staff-reactivate", args=[sam.pk]))

    sam.refresh_from_db()
    assert response.status_code == 403 and not sam.is_active


def test_an_active_person_is_not_found_for_reactivation(admin_user, as_user):
    sam = make_staff(Role.SPECIALIST)

    response = as_user(admin_user).post(
        reverse("people:staff-reactivate", args=[sam.pk])
    )

    assert response.status_code == 404


def test_a_session_ended_by_deactivation_stays_ended_after_reactivation(db):
    # Sessions are read from the cache first (cached_db): ending one must
    # forget the cached copy too, or reactivating would revive it.
    from agencydesk.people import services

    lead = make_staff(Role.AGENCY_LEAD, email="lead@agency.test")
    anna = make_staff(Role.SPECIALIST, email="anna@agency.test")
    anna_http = _signed_in(anna.email)
    assert anna_http.get(reverse("core:home")).status_code == 200

    services.person_deactivate(actor=lead, user=anna)
    services.person_reactivate(actor=lead, user=User.objects.get(pk=anna.pk))

    assert anna_http.get(reverse("core:home")).status_code == 302
    assert _signed_in(anna.email).get(reverse("core:home")).status_code == 200
