"""The admin shows leave and allocations but never changes them: who may
decide leave, overload confirmation and bookings on leave are the services'."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from agencydesk.people.roles import Role
from agencydesk.planning import services
from agencydesk.planning.models import Allocation, Leave
from tests.factories.people import make_staff

WEEK = date(2026, 11, 2)


@pytest.fixture
def superuser(admin_user):
    admin_user.is_superuser = True
    admin_user.save(update_fields=["is_superuser"])
    return admin_user


@pytest.fixture
def rows(db, client_a):
    worker = make_staff(Role.SPECIALIST, full_name="Wendy Worker")
    leave = services.leave_request(
        actor=None, user=worker, kind="vacation", start=WEEK, end=WEEK
    )
    allocation = services.allocation_create(
        actor=None,
        user=worker,
        week=WEEK + timedelta(weeks=1),
        client=client_a,
        minutes=120,
    )
    return {Leave: leave, Allocation: allocation}


def _url(obj, view):
    meta = obj._meta
    args = [obj.pk] if view in ("change", "delete") else []
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", [Leave, Allocation])
def test_governed_rows_are_shown_and_never_changed(model, rows, superuser, as_user):
    http = as_user(superuser)
    obj = rows[model]
    before = list(model.objects.values())

    page = http.get(_url(obj, "change"))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert http.post(_url(obj, "change"), {"status": "approved"}).status_code == 403
    assert http.post(_url(obj, "add"), {}).status_code == 403
    assert http.post(_url(obj, "delete"), {"post": "yes"}).status_code == 403

    assert list(model.objects.values()) == before
