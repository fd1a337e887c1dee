"""Need-to-know: with the agency's staff scope on "own", specialists and finance
see only the clients they work on, everywhere (issue #19)."""

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agencydesk.clients.middleware import viewer_for_user
from agencydesk.clients.services import access as access_inventory
from agencydesk.clients.services import materials, team_member_add
from agencydesk.core.access import SYSTEM
from agencydesk.core.models import Agency, ClientOwned
from agencydesk.core.timeline import timeline_record
from agencydesk.desk import services as desk
from agencydesk.people.roles import Role
from tests.factories.clients import make_contact
from tests.factories.desk import make_ticket
from tests.factories.people import make_staff

pytestmark = pytest.mark.django_db

OWN = Agency.StaffScope.OWN_CLIENTS


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _scope(value):
    Agency.objects.filter(pk=1).update(staff_scope=value)


def _on_team(client, person, role="specialist"):
    team_member_add(actor=None, client=client, user=person, role=role)


def _fill(client):
    """A row of every kind a client has: ticket with an internal note and a
    file, access entry, material, timeline event, contact."""
    contact = make_contact(client)
    ticket = make_ticket(
        client,
        requester=contact,
        title=f"{client.name} ticket",
        attachments=[SimpleUploadedFile("brief.pdf", b"%PDF-1.4")],
    )
    desk.ticket_move(actor=None, ticket=ticket, stage="production")
    desk.message_add(actor=None, ticket=ticket, body="Internal", is_internal=True)
    access_inventory.access_entry_create(actor=None, client=client, platform="Ads")
    materials.material_create(
        actor=None,
        client=client,
        title="Brand book",
        kind="brand_book",
        upload=SimpleUploadedFile("book.pdf", b"%PDF-1.4"),
    )
    timeline_record(actor=None, client_id=client.pk, verb="client.updated")
    return ticket


def _client_ids_seen(viewer) -> dict[str, set[int]]:
    """For every client-owned model with rows: the clients whose rows it shows."""
    seen = {}
    for model in apps.get_models():
        if not issubclass(model, ClientOwned):
            continue
        path = model.client_path
        if not model._default_manager.exists():
            continue
        rows = model._default_manager.visible_to(viewer)
        seen[model._meta.label] = set(rows.values_list(path, flat=True))
    return seen


def test_under_own_scope_every_client_owned_model_shows_only_the_own_clients(
    client_a, client_b, specialist
):
    _fill(client_a)
    _fill(client_b)
    _on_team(client_a, specialist)
    _scope(OWN)
    everything = _client_ids_seen(SYSTEM)

    seen = _client_ids_seen(viewer_for_user(specialist))

    # Tickets, messages and internal notes, files, steps, access entries,
    # materials, timeline events, contacts, the client itself: Alpha only.
    both = {label for label, ids in everything.items() if client_b.pk in ids}
    assert {"desk.Ticket", "desk.Message", "clients.AccessEntry"} <= both
    assert {"clients.Material", "core.Event", "clients.Client"} <= both
    assert seen == {label: ids & {client_a.pk} for label, ids in everything.items()}


def test_with_every_client_scope_a_specialist_sees_every_client(
    client_a, client_b, specialist
):
    _fill(client_a)
    _fill(client_b)
    _on_team(client_a, specialist)

    seen = _client_ids_seen(viewer_for_user(specialist))

    assert seen == _client_ids_seen(SYSTEM)


@pytest.mark.parametrize("role", [Role.ADMIN, Role.AGENCY_LEAD, Role.ACCOUNT_MANAGER])
def test_leads_admins_and_account_managers_see_every_client_under_own_scope(
    role, client_a, client_b
):
    _fill(client_a)
    _fill(client_b)
    _scope(OWN)

    seen = _client_ids_seen(viewer_for_user(make_staff(role)))

    assert seen == _client_ids_seen(SYSTEM)


def test_finance_on_no_team_sees_no_client_under_own_scope(client_a):
    _fill(client_a)
    _scope(OWN)

    seen = _client_ids_seen(viewer_for_user(make_staff(Role.FINANCE)))

    assert seen == {label: set() for label in seen}


def test_a_ticket_assigned_to_a_specialist_brings_its_client_into_scope(
    client_a, client_b, specialist
):
    ticket = _fill(client_b)
    _scope(OWN)
    assert viewer_for_user(specialist).staff_client_ids == frozenset()

    desk.ticket_assign(actor=None, ticket=ticket, analyst=specialist)

    assert viewer_for_user(specialist).staff_client_ids == frozenset({client_b.pk})


def test_the_scope_is_read_in_one_query_once_per_viewer(
    client_a, client_b, specialist, django_assert_num_queries
):
    _on_team(client_a, specialist)
    _on_team(client_b, specialist)
    _scope(OWN)
    specialist.get_all_permissions()  # the request has them from its guard
    viewer = viewer_for_user(specialist)

    with django_assert_num_queries(1):
        assert viewer.staff_client_ids == frozenset({client_a.pk, client_b.pk})
        assert viewer.staff_client_ids == frozenset({client_a.pk, client_b.pk})
        assert viewer.can_see_client(client_a.pk)


def test_a_person_who_sees_every_client_costs_no_query(
    manager, django_assert_num_queries
):
    _scope(OWN)
    manager.get_all_permissions()
    viewer = viewer_for_user(manager)

    with django_assert_num_queries(0):
        assert viewer.staff_client_ids is None


def test_lists_counts_and_search_follow_the_scope(
    client_a, client_b, specialist, as_user
):
    _fill(client_a)
    _fill(client_b)
    _on_team(client_a, specialist)
    _scope(OWN)
    http = as_user(specialist)

    clients = http.get(reverse("clients:client-list")).context["page"]
    queue = http.get(reverse("desk:ticket-list"), {"q": client_b.name}).context["page"]
    home = http.get(reverse("desk:home")).context["counts"]
    other = http.get(client_b.get_absolute_url())

    assert [c.name for c in clients] == [client_a.name]
    assert list(queue) == []
    assert home.total == "1"
    assert other.status_code == 404
    # Pickers name only the own client: a typed address of another's contact
    # is refused.
    created = http.get(reverse("desk:ticket-create")).content.decode()
    assert client_b.name not in created
    suggested = http.get(reverse("core:pick", args=["contacts"])).content.decode()
    assert client_a.name in suggested
    assert client_b.name not in suggested
    theirs = client_b.contacts.get().user.email
    refused = http.post(
        reverse("desk:ticket-create"),
        {"requester": theirs, "channel": "phone", "priority": "normal", "title": "X"},
    )
    assert refused.status_code == 422
    assert refused.context["form"].errors["requester"] == [
        "Choose one of the suggestions: type a name or an e-mail address."
    ]


def test_the_desk_queue_costs_the_same_queries_for_one_or_many_own_clients(
    specialist, as_user, django_assert_num_queries
):
    from tests.factories.clients import make_client

    _scope(OWN)
    http = as_user(specialist)
    counts = []
    for n in (1, 4):
        for _ in range(n):
            client = make_client()
            _on_team(client, specialist)
            make_ticket(client)
        http.get("/")  # warm the session
        with django_assert_num_queries(QUEUE_QUERIES) as context:
            http.get(reverse("desk:ticket-list"))
        counts.append(len(context.captured_queries))
    assert counts == [QUEUE_QUERIES, QUEUE_QUERIES]


# Session, user, permissions (2), the scope (one, whatever the number of
# clients), the page's count, ids and tickets, unread count; the filters'
# pickers list nothing until one types.
QUEUE_QUERIES = 5


def test_the_system_is_never_limited(client_a, client_b):
    _fill(client_a)
    _fill(client_b)
    _scope(OWN)

    seen = _client_ids_seen(SYSTEM)

    assert seen["desk.Message"] == {client_a.pk, client_b.pk}
