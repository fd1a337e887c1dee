"""Writes about people (people.services): making a person's account and
letting a deactivated one sign in again. Sign-in, invitations, roles and
deactivation have their own modules (test_login, test_invitations,
test_roles, test_deactivation)."""

import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied

from agencydesk.people.errors import EmailTakenError
from agencydesk.people.models import User
from agencydesk.people.roles import Role
from agencydesk.people.services import (
    person_create,
    person_deactivate,
    person_reactivate,
)
from tests.factories.people import PASSWORD, make_staff

pytestmark = pytest.mark.django_db


def _create(actor, email, *, is_staff=False, **fields):
    fields.setdefault("full_name", "Nina New")
    return person_create(actor=actor, email=email, is_staff=is_staff, **fields)


# --- person_create ----------------------------------------------------------------


def test_an_address_is_kept_without_case_or_surrounding_spaces(db):
    user = _create(
        None, "  Nina.New@Example.COM \n", language="ru", timezone="Asia/Jakarta"
    )

    user.refresh_from_db()
    assert (user.email, user.language, user.timezone) == (
        "nina.new@example.com",
        "ru",
        "Asia/Jakarta",
    )
    assert not user.is_staff and not user.has_usable_password()


@pytest.mark.parametrize(
    "again", ["nina.new@example.com", "NINA.NEW@EXAMPLE.COM", " Nina.New@example.com "]
)
@pytest.mark.parametrize("is_staff", [False, True])
def test_one_address_is_one_account(again, is_staff, db):
    _create(None, "Nina.New@Example.com")

    with pytest.raises(EmailTakenError):
        _create(None, again, is_staff=is_staff, full_name="Someone Else")

    assert list(
        User.objects.filter(email__iexact="nina.new@example.com").values_list(
            "full_name", flat=True
        )
    ) == ["Nina New"]


def test_a_person_signs_in_with_the_address_however_it_was_typed(db):
    _create(None, " Nina.New@Example.com", password=PASSWORD)

    assert authenticate(email="nina.new@example.com", password=PASSWORD) is not None


def test_staff_are_made_by_holders_of_add_user_only(manager, specialist):
    lead = make_staff(Role.AGENCY_LEAD)

    for refused in (manager, specialist):
        with pytest.raises(PermissionDenied):
            _create(refused, "staff@agency.test", is_staff=True)
    made = _create(lead, "staff@agency.test", is_staff=True)

    assert made.is_staff
    assert User.objects.filter(email="staff@agency.test").count() == 1


def test_contacts_are_made_by_holders_of_add_contact_only(manager, specialist):
    with pytest.raises(PermissionDenied):
        _create(specialist, "contact@client.test")
    assert not User.objects.filter(email="contact@client.test").exists()

    made = _create(manager, "contact@client.test")

    assert not made.is_staff


def test_a_contact_of_a_client_cannot_make_people(contact_a):
    with pytest.raises(PermissionDenied):
        _create(contact_a.user, "friend@client.test")
    assert not User.objects.filter(email="friend@client.test").exists()


# --- person_reactivate ------------------------------------------------------------


def test_a_reactivated_member_of_staff_signs_in_as_before(admin_user):
    sam = make_staff(Role.SPECIALIST, email="sam@agency.test")
    person_deactivate(actor=admin_user, user=sam)
    assert authenticate(email="sam@agency.test", password=PASSWORD) is None

    person_reactivate(actor=admin_user, user=sam)

    sam = User.objects.get(pk=sam.pk)
    assert sam.is_active
    assert authenticate(email="sam@agency.test", password=PASSWORD) == sam
    assert list(sam.groups.values_list("name", flat=True)) == [Role.SPECIALIST]


def test_reactivating_an_active_person_changes_nothing(admin_user, specialist):
    assert person_reactivate(actor=admin_user, user=specialist).is_active
    assert User.objects.get(pk=specialist.pk).is_active


def test_who_may_reactivate_staff(admin_user, manager):
    lead = make_staff(Role.AGENCY_LEAD)
    sam = make_staff(Role.SPECIALIST)
    ada = make_staff(Role.ADMIN)
    User.objects.filter(pk__in=[sam.pk, ada.pk]).update(is_active=False)
    sam.refresh_from_db()
    ada.refresh_from_db()

    with pytest.raises(PermissionDenied):
        person_reactivate(actor=manager, user=sam)
    # Only an admin gives an admin their account back.
    with pytest.raises(PermissionDenied):
        person_reactivate(actor=lead, user=ada)
    assert not User.objects.filter(pk__in=[sam.pk, ada.pk], is_active=True).exists()

    person_reactivate(actor=lead, user=sam)
    person_reactivate(actor=admin_user, user=ada)
    assert User.objects.filter(pk__in=[sam.pk, ada.pk], is_active=True).count() == 2


def test_contacts_are_reactivated_by_holders_of_change_contact(
    manager, specialist, contact_a
):
    person_deactivate(actor=manager, user=contact_a.user)

    with pytest.raises(PermissionDenied):
        person_reactivate(actor=specialist, user=contact_a.user)
    assert not User.objects.get(pk=contact_a.user.pk).is_active

    person_reactivate(actor=manager, user=contact_a.user)
    assert User.objects.get(pk=contact_a.user.pk).is_active
