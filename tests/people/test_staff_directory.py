"""The staff directory costs the same queries at any size."""

import pytest
from django.urls import reverse

from agencydesk.people.roles import Role
from tests.factories.people import make_staff


@pytest.mark.parametrize("rows", [2, 12])
def test_the_staff_directory_costs_the_same_queries_at_any_size(
    rows, admin_user, as_user, django_assert_num_queries
):
    for n in range(rows):
        make_staff(Role.SPECIALIST, full_name=f"Person {n:02d}")
    http = as_user(admin_user)
    http.get("/")  # warm the session

    # Session, user, permissions, unread count, navigation, the page's count
    # and rows with their profiles, and the rows' roles: none per row.
    with django_assert_num_queries(STAFF_PAGE_QUERIES):
        response = http.get(reverse("people:staff-list"))
    assert response.content.decode().count("Person ") >= min(rows, 12)


STAFF_PAGE_QUERIES = 4
