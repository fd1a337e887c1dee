"""People in the Django admin: no adding or deleting, and the fields the
people services govern (address, roles, active, staff) are read-only; the
name, language, timezone and staff profile stay editable."""

import pytest

from agencydesk.people.models import User
from agencydesk.people.roles import Role
from tests.factories.people import make_staff


@pytest.fixture
def ada(db):
    return make_staff(Role.ADMIN, email="ada@agency.test", full_name="Ada Admin")


def test_nobody_is_added_through_the_admin(ada, as_user):
    before = User.objects.count()

    response = as_user(ada).post(
        "/admin/people/user/add/",
        {
            "email": "new@agency.test",
            "full_name": "New",
            "password1": "a-long-enough-password",
            "password2": "a-long-enough-password",
        },
    )

    assert response.status_code == 403
    assert User.objects.count() == before


def test_roles_and_activity_are_not_changed_through_the_admin(ada, as_user):
    sam = make_staff(Role.SPECIALIST, full_name="Sam")
    admins = sam.groups.model.objects.get(name=Role.ADMIN)
    http = as_user(ada)
    url = f"/admin/people/user/{sam.pk}/change/"

    response = http.post(
        url,
        {
            "email": "sam@elsewhere.test",
            "full_name": "Sam Renamed",
            "language": "en",
            "timezone": "UTC",
            "is_active": "",
            "is_superuser": "on",
            "groups": [admins.pk],
            "staff_profile-TOTAL_FORMS": "1",
            "staff_profile-INITIAL_FORMS": "1",
            "staff_profile-MIN_NUM_FORMS": "0",
            "staff_profile-MAX_NUM_FORMS": "1",
            "staff_profile-0-id": sam.staff_profile.pk,
            "staff_profile-0-user": sam.pk,
            "staff_profile-0-weekly_capacity_hours": "32",
            "staff_profile-0-hourly_cost": "0",
            "staff_profile-0-default_bill_rate": "0",
            "staff_profile-0-rate_currency": "USD",
        },
    )

    sam.refresh_from_db()
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert sam.full_name == "Sam Renamed"
    assert sam.staff_profile.weekly_capacity_hours == 32
    assert sam.is_active and not sam.is_superuser
    assert sam.email != "sam@elsewhere.test"
    assert list(sam.groups.values_list("name", flat=True)) == [Role.SPECIALIST]


def test_nobody_is_deleted_through_the_admin(ada, as_user):
    sam = make_staff(Role.SPECIALIST)

    response = as_user(ada).post(
        f"/admin/people/user/{sam.pk}/delete/", {"post": "yes"}
    )

    assert response.status_code == 403
    assert User.objects.filter(pk=sam.pk).exists()
