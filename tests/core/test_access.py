"""Tests for agencydesk.core.access: viewers, scoping, access_object and guards."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from agencydesk.clients.models import Client, Contact
from agencydesk.core.access import ANONYMOUS, Viewer, access_object, viewer_for
from agencydesk.core.agency import agency_get
from agencydesk.core.models import Event, WorkingCalendar
from agencydesk.people.models import User
from agencydesk.people.roles import Role
from agencydesk.people.services import staff_set_roles
from tests.factories.clients import make_contact
from tests.factories.people import make_staff


@pytest.fixture
def contact_viewer(contact_a):
    return viewer_for(contact_a.user, [contact_a.client_id])


@pytest.fixture
def staff_without_role(db):
    user = make_staff(Role.SPECIALIST, full_name="Nora Norole")
    return staff_set_roles(actor=None, user=user, roles=[])


def _pks(queryset) -> list[int]:
    return sorted(queryset.values_list("pk", flat=True))


# --- Viewer / viewer_for ---------------------------------------------------------


@pytest.mark.parametrize("user", [None, AnonymousUser()])
def test_nobody_signed_in_is_the_anonymous_viewer(user, client_a):
    viewer = viewer_for(user)

    assert viewer is ANONYMOUS
    assert viewer.is_authenticated is False
    assert viewer.is_staff is False
    assert viewer.is_contact is False
    assert viewer.has_perm("clients.view_client") is False
    assert viewer.can_see_client(client_a.pk) is False


def test_inactive_person_is_treated_as_anonymous(manager):
    User.objects.filter(pk=manager.pk).update(is_active=False)
    manager.refresh_from_db()

    assert viewer_for(manager) is ANONYMOUS


def test_staff_viewer_sees_every_client_and_holds_the_role_permissions(
    manager, client_a, client_b
):
    viewer = viewer_for(manager, [client_a.pk])

    assert viewer == Viewer(user=manager, is_staff=True, client_ids=frozenset())
    assert viewer.is_contact is False
    assert viewer.can_see_client(client_a.pk) is True
    assert viewer.can_see_client(client_b.pk) is True
    assert viewer.has_perm("clients.add_client") is True
    assert viewer.has_perm("people.add_user") is False


def test_contact_viewer_sees_only_their_client_and_holds_no_permission(
    contact_a, client_b
):
    viewer = viewer_for(contact_a.user, [contact_a.client_id])

    assert viewer == Viewer(
        user=contact_a.user, client_ids=frozenset({contact_a.client_id})
    )
    assert viewer.is_contact is True
    assert viewer.can_see_client(contact_a.client_id) is True
    assert viewer.can_see_client(client_b.pk) is False
    assert viewer.has_perm("clients.view_client") is False


def test_signed_in_person_without_staff_flag_or_client_is_not_a_contact(client_a):
    user = User.objects.create_user("orphan@example.test", "pw", full_name="Orphan")

    viewer = viewer_for(user)

    assert viewer.is_authenticated is True
    assert viewer.is_contact is False
    assert viewer.can_see_client(client_a.pk) is False
    assert _pks(Client.objects.visible_to(viewer)) == []


# --- ClientScopedQuerySet.visible_to --------------------------------------------


def test_staff_see_every_client_contact_and_event(
    manager, client_a, client_b, contact_a, contact_b
):
    viewer = viewer_for(manager)

    assert _pks(Client.objects.visible_to(viewer)) == sorted([client_a.pk, client_b.pk])
    assert _pks(Contact.objects.visible_to(viewer)) == sorted(
        [contact_a.pk, contact_b.pk]
    )
    # Each client has its "opened" and "contact added" events.
    assert _pks(Event.objects.visible_to(viewer)) == _pks(Event.objects.all())
    assert Event.objects.visible_to(viewer).count() == 4


def test_contact_sees_only_their_own_client_and_its_contacts(
    contact_viewer, client_a, contact_a, contact_b
):
    colleague = make_contact(client_a, full_name="Arun Alpha")

    assert _pks(Client.objects.visible_to(contact_viewer)) == [client_a.pk]
    assert _pks(Contact.objects.visible_to(contact_viewer)) == sorted(
        [contact_a.pk, colleague.pk]
    )


def test_contact_never_sees_timeline_events_even_of_their_own_client(
    contact_viewer, client_a
):
    assert Event.objects.filter(client=client_a).count() == 2

    assert _pks(Event.objects.visible_to(contact_viewer)) == []


def test_anonymous_sees_no_client_contact_or_event(client_a, contact_a):
    assert _pks(Client.objects.visible_to(ANONYMOUS)) == []
    assert _pks(Contact.objects.visible_to(ANONYMOUS)) == []
    assert _pks(Event.objects.visible_to(ANONYMOUS)) == []


# --- access_object ---------------------------------------------------------------


def test_contact_gets_their_own_client(contact_viewer, client_a):
    assert access_object(contact_viewer, Client, client_a.pk) == client_a


def test_staff_get_any_client_by_slug(manager, client_b):
    client = access_object(viewer_for(manager), Client, "beta-honey", field_name="slug")

    assert client == client_b


def test_other_clients_object_is_not_found_for_a_contact(
    contact_viewer, client_b, contact_b
):
    with pytest.raises(Http404):
        access_object(contact_viewer, Client, client_b.pk)
    with pytest.raises(Http404):
        access_object(contact_viewer, Contact, contact_b.pk)


def test_event_of_own_client_is_not_found_for_a_contact(contact_viewer, client_a):
    event = Event.objects.filter(client=client_a).first()

    with pytest.raises(Http404):
        access_object(contact_viewer, Event, event.pk)


def test_anonymous_gets_not_found_for_an_existing_client(client_a):
    with pytest.raises(Http404):
        access_object(ANONYMOUS, Client, client_a.pk)


def test_missing_client_is_not_found(manager, client_a):
    with pytest.raises(Http404):
        access_object(viewer_for(manager), Client, client_a.pk + 1000)


@pytest.mark.parametrize(
    "garbage", ["abc", "", "1.5", None, [1], {"pk": 1}, 2**63, 10**30, -1]
)
def test_garbage_primary_key_is_not_found(garbage, manager, client_a):
    with pytest.raises(Http404):
        access_object(viewer_for(manager), Client, garbage)


def test_object_outside_the_given_queryset_is_not_found(manager, client_a):
    active = Client.objects.filter(status=Client.Status.ACTIVE)

    with pytest.raises(Http404):
        access_object(viewer_for(manager), active, client_a.pk)


@pytest.mark.parametrize(
    ("role", "action"),
    [
        (Role.SPECIALIST, "change"),
        (Role.FINANCE, "add"),
        (Role.ACCOUNT_MANAGER, "delete"),
    ],
)
def test_staff_lacking_the_model_permission_are_denied(role, action, client_a):
    viewer = viewer_for(make_staff(role))

    with pytest.raises(PermissionDenied):
        access_object(viewer, Client, client_a.pk, action=action)


def test_staff_holding_the_model_permission_may_act(client_a):
    viewer = viewer_for(make_staff(Role.ACCOUNT_MANAGER))

    assert access_object(viewer, Client, client_a.pk, action="change") == client_a


def test_contact_may_view_but_not_change_their_client(contact_viewer, client_a):
    with pytest.raises(PermissionDenied):
        access_object(contact_viewer, Client, client_a.pk, action="change")


def test_unscoped_model_is_staff_only_and_checked_by_permission(db):
    calendar_id = agency_get().calendar_id
    lead = viewer_for(make_staff(Role.AGENCY_LEAD))
    specialist = viewer_for(make_staff(Role.SPECIALIST))

    assert access_object(lead, WorkingCalendar, calendar_id).pk == calendar_id
    with pytest.raises(PermissionDenied):
        access_object(specialist, WorkingCalendar, calendar_id)


def test_unscoped_model_is_not_found_for_a_contact(contact_viewer):
    with pytest.raises(Http404):
        access_object(contact_viewer, WorkingCalendar, agency_get().calendar_id)


# --- staff_required / contact_required through real pages ------------------------


@pytest.mark.parametrize(
    ("url", "login_next"),
    [
        ("/clients/?status=active", "/clients/%3Fstatus%3Dactive"),
        ("/clients/new/", "/clients/new/"),
        ("/staff/", "/staff/"),
        ("/portal/", "/portal/"),
    ],
)
def test_anonymous_visitor_is_sent_to_login_with_next(url, login_next, client, db):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={login_next}"


@pytest.mark.parametrize(
    "url", ["/clients/", "/clients/new/", "/clients/alpha-coffee/", "/staff/"]
)
def test_contact_is_refused_staff_pages(url, contact_a, as_user):
    assert as_user(contact_a.user).get(url).status_code == 403


@pytest.mark.parametrize("url", ["/clients/", "/clients/alpha-coffee/"])
def test_staff_without_a_role_are_refused_staff_pages(
    url, staff_without_role, client_a, as_user
):
    assert as_user(staff_without_role).get(url).status_code == 403


def test_staff_page_needs_its_own_permission(specialist, manager, as_user):
    assert as_user(specialist).get("/clients/new/").status_code == 403
    assert as_user(manager).get("/clients/new/").status_code == 200


def test_staff_page_opens_for_staff_holding_the_permission(
    specialist, client_a, as_user
):
    response = as_user(specialist).get(
        reverse("clients:client-detail", args=["alpha-coffee"])
    )

    assert response.status_code == 200


def test_missing_client_page_is_not_found_for_staff(manager, as_user):
    response = as_user(manager).get(reverse("clients:client-detail", args=["nobody"]))

    assert response.status_code == 404


def test_portal_is_for_contacts_only(contact_a, manager, as_user):
    orphan = User.objects.create_user("orphan@example.test", "pw", full_name="Orphan")

    assert as_user(contact_a.user).get("/portal/").status_code == 200
    assert as_user(manager).get("/portal/").status_code == 403
    assert as_user(orphan).get("/portal/").status_code == 403
