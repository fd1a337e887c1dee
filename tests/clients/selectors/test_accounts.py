"""Reads about client accounts (clients.selectors.accounts): the client list,
the home page's panels, the client page and its last contact."""

import pytest

from agencydesk.clients.middleware import viewer_for_user
from agencydesk.clients.selectors.accounts import (
    client_list_for_staff,
    clients_for_page,
    clients_managed_by,
    clients_with_team,
    last_contact_for_client,
)
from agencydesk.clients.services import communication_log, team_member_add
from agencydesk.core.access import ANONYMOUS, SYSTEM
from tests.factories.clients import make_client, make_contact
from tests.factories.people import make_staff

pytestmark = pytest.mark.django_db


def _names(clients):
    return [client.name for client in clients]


def test_the_list_is_what_the_viewer_may_see(
    client_a, client_b, in_scope, out_of_scope, contact_viewer_a, manager
):
    assert _names(client_list_for_staff(viewer=in_scope)) == ["Alpha Coffee"]
    assert _names(client_list_for_staff(viewer=out_of_scope)) == ["Beta Honey"]
    # Account managers see every client, need-to-know or not.
    assert _names(client_list_for_staff(viewer=viewer_for_user(manager))) == [
        "Alpha Coffee",
        "Beta Honey",
    ]
    # A contact's viewer reaches their own account only; nobody else's, none.
    assert _names(client_list_for_staff(viewer=contact_viewer_a)) == ["Alpha Coffee"]
    assert _names(client_list_for_staff(viewer=ANONYMOUS)) == []


def test_the_list_counts_contacts_and_team_and_filters(client_a, client_b, specialist):
    make_contact(client_a)
    make_contact(client_a)
    team_member_add(actor=None, client=client_a, user=specialist, role="specialist")
    make_client("Alpine Tea", status="active", country="CN", timezone="Asia/Shanghai")

    rows = client_list_for_staff(viewer=SYSTEM)
    counts = [(c.name, c.contact_count, c.team_count) for c in rows]

    assert counts == [
        ("Alpha Coffee", 2, 1),
        ("Alpine Tea", 0, 0),
        ("Beta Honey", 0, 0),
    ]
    assert _names(client_list_for_staff(viewer=SYSTEM, query="ALP")) == [
        "Alpha Coffee",
        "Alpine Tea",
    ]
    assert _names(client_list_for_staff(viewer=SYSTEM, query="beta-honey")) == [
        "Beta Honey"
    ]
    assert _names(client_list_for_staff(viewer=SYSTEM, status="active")) == [
        "Alpine Tea"
    ]
    assert _names(client_list_for_staff(viewer=SYSTEM, country="RU")) == ["Beta Honey"]


def test_the_home_panel_shows_active_accounts_with_their_team(
    client_a, client_b, in_scope, specialist, manager, django_assert_num_queries
):
    make_client("Gone", status="archived")
    team_member_add(actor=None, client=client_b, user=manager, role="account_manager")
    team_member_add(actor=None, client=client_b, user=specialist, role="specialist")

    with django_assert_num_queries(2):
        teams = [
            (c.name, [(m.role, m.user.full_name) for m in c.team.all()])
            for c in clients_with_team(viewer=SYSTEM)
        ]

    assert teams == [
        ("Alpha Coffee", [("specialist", "Ina Inside")]),
        (
            "Beta Honey",
            [("account_manager", "Mira Manager"), ("specialist", "Sam Specialist")],
        ),
    ]
    assert _names(clients_with_team(viewer=in_scope)) == ["Alpha Coffee"]
    assert _names(clients_with_team(viewer=SYSTEM, limit=1)) == ["Alpha Coffee"]


def test_managed_accounts_are_the_active_ones_the_viewer_manages(
    client_a, client_b, manager, specialist
):
    team_member_add(actor=None, client=client_a, user=manager, role="account_manager")
    team_member_add(actor=None, client=client_b, user=manager, role="specialist")
    gone = make_client("Gone")
    team_member_add(actor=None, client=gone, user=manager, role="account_manager")
    gone.status = "archived"
    gone.save(update_fields=["status"])
    team_member_add(actor=None, client=client_b, user=specialist, role="lead")

    assert _names(clients_managed_by(viewer=viewer_for_user(manager))) == [
        "Alpha Coffee"
    ]
    assert _names(clients_managed_by(viewer=viewer_for_user(specialist))) == []


def test_the_client_page_reads_team_contacts_and_calendar_at_once(
    client_a, manager, django_assert_num_queries
):
    team_member_add(actor=None, client=client_a, user=manager, role="account_manager")
    make_contact(client_a, full_name="Zed Alpha")
    make_contact(client_a, full_name="Ann Alpha")

    with django_assert_num_queries(3):
        client = clients_for_page().get(pk=client_a.pk)
        shown = (
            client.calendar.timezone,
            [m.user.full_name for m in client.team.all()],
            [c.user.full_name for c in client.contacts.all()],
        )

    assert shown == ("Asia/Jakarta", ["Mira Manager"], ["Ann Alpha", "Zed Alpha"])


def test_the_last_contact_is_the_latest_call_chat_or_note(
    client_a, client_b, manager, in_scope, out_of_scope
):
    assert last_contact_for_client(viewer=SYSTEM, client=client_a) is None
    communication_log(actor=manager, client=client_a, kind="call", summary="First")
    communication_log(actor=manager, client=client_a, kind="chat", summary="Second")
    communication_log(actor=manager, client=client_b, kind="call", summary="Beta's")
    make_contact(client_a)  # not a conversation

    last = last_contact_for_client(viewer=in_scope, client=client_a)

    assert last.text == "Mira Manager logged a chat: Second"
    # Out of scope, the account's history is not theirs to read.
    assert last_contact_for_client(viewer=out_of_scope, client=client_a) is None


def test_a_specialist_outside_need_to_know_sees_every_account(client_a, client_b):
    # Without the agency's "own clients" scope a specialist sees every account.
    person = make_staff("specialist")
    assert _names(client_list_for_staff(viewer=viewer_for_user(person))) == [
        "Alpha Coffee",
        "Beta Honey",
    ]
