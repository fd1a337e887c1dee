"""core.perm_cache: permissions kept between requests, never stale."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client as HttpClient

from agencydesk.core.perm_cache import permissions_epoch_bump
from agencydesk.people import services
from agencydesk.people.models import User
from agencydesk.people.roles import Role
from tests.factories.people import PASSWORD, make_staff

pytestmark = pytest.mark.django_db


def _fresh(user) -> User:
    # A new request loads the person anew, without the request's own cache.
    return User.objects.get(pk=user.pk)


def test_a_second_request_reads_no_permissions(django_assert_num_queries):
    person = make_staff(Role.SPECIALIST)
    assert _fresh(person).has_perm("desk.view_ticket")
    again = _fresh(person)
    with django_assert_num_queries(0):
        assert again.has_perm("desk.view_ticket")
        assert not again.has_perm("people.change_user")


def test_new_roles_count_on_the_next_request():
    admin = make_staff(Role.ADMIN)
    person = make_staff(Role.SPECIALIST)
    assert not _fresh(person).has_perm("people.change_user")

    services.staff_set_roles(actor=admin, user=person, roles=[Role.AGENCY_LEAD])

    assert _fresh(person).has_perm("people.change_user")
    services.staff_set_roles(actor=admin, user=person, roles=[Role.SPECIALIST])
    assert not _fresh(person).has_perm("people.change_user")


def test_a_role_given_other_permissions_in_the_admin_counts_at_once():
    # Roles are edited in the admin by a superuser (admins hold no
    # auth.change_group).
    admin = make_staff(Role.ADMIN, email="root@agency.test")
    User.objects.filter(pk=admin.pk).update(is_superuser=True)
    person = make_staff(Role.SPECIALIST)
    group = Group.objects.get(name=Role.SPECIALIST)
    perm = Permission.objects.get(codename="delete_client")
    assert not _fresh(person).has_perm("clients.delete_client")

    http = HttpClient()
    assert http.login(email="root@agency.test", password=PASSWORD)
    response = http.post(
        f"/admin/auth/group/{group.pk}/change/",
        {
            "name": group.name,
            "permissions": [*group.permissions.values_list("pk", flat=True), perm.pk],
        },
    )
    assert response.status_code == 302
    assert _fresh(person).has_perm("clients.delete_client")


def test_a_data_migration_granting_a_role_moves_the_epoch_on():
    person = make_staff(Role.SPECIALIST)
    assert not _fresh(person).has_perm("clients.delete_client")
    group = Group.objects.get(name=Role.SPECIALIST)
    # What core.migration_helpers.grant does, then its bump.
    group.permissions.add(Permission.objects.get(codename="delete_client"))
    assert not _fresh(person).has_perm("clients.delete_client")  # still cached
    permissions_epoch_bump()
    assert _fresh(person).has_perm("clients.delete_client")


def test_a_deactivated_person_holds_nothing_even_when_cached():
    admin = make_staff(Role.ADMIN)
    person = make_staff(Role.SPECIALIST)
    assert _fresh(person).has_perm("desk.view_ticket")
    services.person_deactivate(actor=admin, user=person)
    assert not _fresh(person).has_perm("desk.view_ticket")
