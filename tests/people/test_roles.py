"""Tests for staff roles: the groups made by migrations and what each may do."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied

from agencydesk.clients.models import Client
from agencydesk.people.models import StaffProfile, User
from agencydesk.people.roles import Role
from agencydesk.people.services import staff_create, staff_set_roles
from tests.factories.people import make_staff

NEW_CLIENT = {
    "name": "Epsilon Kopi",
    "slug": "",
    "country": "ID",
    "timezone": "Asia/Jakarta",
    "language": "id",
    "currency": "IDR",
    "status": "prospect",
}


def _roles(user) -> list[str]:
    return sorted(user.groups.values_list("name", flat=True))


def test_the_five_roles_exist_after_migrations(db):
    assert sorted(Group.objects.values_list("name", flat=True)) == [
        "account_manager",
        "admin",
        "agency_lead",
        "finance",
        "specialist",
    ]


@pytest.mark.parametrize(
    ("role", "perm", "granted"),
    [
        (Role.ACCOUNT_MANAGER, "clients.add_client", True),
        (Role.SPECIALIST, "clients.add_client", False),
        (Role.SPECIALIST, "clients.view_client", True),
        (Role.FINANCE, "clients.change_client", False),
        (Role.FINANCE, "clients.add_contact", False),
        (Role.ADMIN, "people.add_user", True),
        # Leads invite and deactivate staff (issue #11); not admins.
        (Role.AGENCY_LEAD, "people.add_user", True),
        (Role.AGENCY_LEAD, "people.change_user", True),
        (Role.ACCOUNT_MANAGER, "people.change_user", False),
        (Role.ACCOUNT_MANAGER, "people.add_user", False),
        (Role.ADMIN, "clients.delete_client", True),
        (Role.AGENCY_LEAD, "clients.delete_client", False),
        (Role.AGENCY_LEAD, "clients.delete_teammember", True),
        (Role.ACCOUNT_MANAGER, "clients.delete_teammember", False),
        (Role.AGENCY_LEAD, "core.change_workingcalendar", True),
        (Role.ACCOUNT_MANAGER, "core.change_workingcalendar", False),
        (Role.ADMIN, "core.change_agency", True),
        (Role.ADMIN, "core.delete_agency", False),
        (Role.SPECIALIST, "core.view_event", True),
        (Role.ADMIN, "core.change_event", False),
        (Role.SPECIALIST, "people.view_staffprofile", False),
        (Role.FINANCE, "people.view_staffprofile", True),
    ],
)
def test_role_grants_exactly_its_permissions(role, perm, granted, db):
    assert make_staff(role).has_perm(perm) is granted


def test_staff_create_gives_the_role_and_a_profile(admin_user):
    user = staff_create(
        actor=admin_user,
        email="  Fin@Agency.Test ",
        full_name="Fay Finance",
        role=Role.FINANCE,
        job_title="Bookkeeper",
    )

    user.refresh_from_db()
    assert user.email == "fin@agency.test"
    assert user.is_staff is True
    assert _roles(user) == ["finance"]
    assert StaffProfile.objects.get(user=user).job_title == "Bookkeeper"
    # Finance reads client accounts but does not edit their profiles.
    assert user.has_perm("clients.change_client") is False
    assert user.has_perm("clients.view_client") is True


def test_only_people_admins_may_create_staff(manager):
    with pytest.raises(PermissionDenied):
        staff_create(
            actor=manager,
            email="new@agency.test",
            full_name="New Person",
            role=Role.ADMIN,
        )

    assert User.objects.filter(email="new@agency.test").exists() is False


def test_set_roles_replaces_the_roles(admin_user, specialist):
    staff_set_roles(
        actor=admin_user, user=specialist, roles=[Role.AGENCY_LEAD, Role.FINANCE]
    )

    assert _roles(specialist) == ["agency_lead", "finance"]


def test_only_people_admins_may_change_roles(manager, specialist):
    with pytest.raises(PermissionDenied):
        staff_set_roles(actor=manager, user=specialist, roles=[Role.ADMIN])

    assert _roles(specialist) == ["specialist"]


def test_specialist_cannot_create_a_client(specialist, as_user):
    response = as_user(specialist).post("/clients/new/", NEW_CLIENT)

    assert response.status_code == 403
    assert Client.objects.filter(name="Epsilon Kopi").exists() is False


def test_account_manager_creates_a_client(manager, as_user):
    response = as_user(manager).post("/clients/new/", NEW_CLIENT)

    client = Client.objects.get(name="Epsilon Kopi")
    assert response.status_code == 302
    assert response["Location"] == "/clients/epsilon-kopi/"
    assert (client.slug, client.country.code, client.timezone, client.currency) == (
        "epsilon-kopi",
        "ID",
        "Asia/Jakarta",
        "IDR",
    )
