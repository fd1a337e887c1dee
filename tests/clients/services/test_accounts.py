"""Writes on the account itself (clients.services.accounts): opening it, its
profile, the communication log; an archived account refuses them."""

import pytest
from django.core.exceptions import PermissionDenied

from agencydesk.clients import services
from agencydesk.clients.errors import ClientArchivedError, ClientSlugTakenError
from agencydesk.clients.models import Client
from agencydesk.clients.services import accounts as account
from agencydesk.core.access import SYSTEM
from agencydesk.core.models import Event
from agencydesk.core.timeline import timeline_entries, timeline_for_client
from tests.factories.clients import make_client

pytestmark = pytest.mark.django_db


def test_new_client_gets_its_own_calendar_in_its_timezone_and_country(manager):
    client = services.client_create(
        actor=manager,
        name="Qingshan Tea",
        country="CN",
        timezone="Asia/Shanghai",
        currency="CNY",
        language="zh-hans",
    )

    assert client.slug == "qingshan-tea"
    assert client.calendar.timezone == "Asia/Shanghai"
    assert str(client.calendar.country) == "CN"
    # An account manager opening an account becomes its account manager.
    events = Event.objects.filter(client=client).order_by("pk")
    assert list(events.values_list("verb", "actor")) == [
        ("client.created", manager.pk),
        ("client.team_added", manager.pk),
    ]
    assert list(client.team.values_list("user", "role")) == [
        (manager.pk, "account_manager")
    ]


def test_slugs_stay_unique_when_names_repeat(db):
    first = make_client("Kopi Nusantara")
    second = make_client("Kopi Nusantara")

    assert (first.slug, second.slug) == ("kopi-nusantara", "kopi-nusantara-2")


def test_a_taken_short_name_is_refused_and_nothing_is_created(client_a, manager):
    before = Client.objects.count()

    with pytest.raises(ClientSlugTakenError):
        services.client_create(
            actor=manager,
            name="Other",
            slug=client_a.slug,
            country="ID",
            timezone="Asia/Jakarta",
            currency="IDR",
        )

    assert Client.objects.count() == before


def test_specialist_cannot_open_a_client_account(specialist):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.client_create(
            actor=specialist, name="X", country="US", timezone="UTC", currency="USD"
        )
    assert not Client.objects.exists()


def test_profile_update_saves_fields_and_records_which_changed(client_a, manager):
    account.client_update_profile(
        actor=manager,
        client=client_a,
        changes={"industry": "Coffee", "goals": "Double online sales", "website": ""},
    )

    client = Client.objects.get(pk=client_a.pk)
    assert (client.industry, client.goals, client.website) == (
        "Coffee",
        "Double online sales",
        "",
    )
    event = Event.objects.filter(verb="client.profile_updated").get()
    assert event.data == {"fields": "industry, goals", "source": ""}


def test_profile_update_refuses_an_unknown_field(client_a, manager):
    with pytest.raises(ValueError):
        account.client_update_profile(
            actor=manager, client=client_a, changes={"status": "archived"}
        )
    assert Client.objects.get(pk=client_a.pk).status == "prospect"


def test_specialist_cannot_edit_the_profile(client_a, specialist):
    with pytest.raises(PermissionDenied):
        account.client_update_profile(
            actor=specialist, client=client_a, changes={"industry": "Tea"}
        )
    assert Client.objects.get(pk=client_a.pk).industry == ""


def test_an_archived_account_refuses_edits_and_logs(manager):
    client = make_client("Old Client", status="archived")
    events = Event.objects.count()

    with pytest.raises(ClientArchivedError):
        account.client_update_profile(
            actor=manager, client=client, changes={"industry": "Tea"}
        )
    with pytest.raises(ClientArchivedError):
        account.communication_log(
            actor=manager, client=client, kind="call", summary="Hello"
        )

    assert Client.objects.get(pk=client.pk).industry == ""
    assert Event.objects.count() == events


def test_a_logged_call_is_on_the_timeline_and_filters_by_kind(client_a, manager):
    account.communication_log(
        actor=manager, client=client_a, kind="call", summary="Agreed on the budget"
    )
    account.communication_log(
        actor=manager, client=client_a, kind="chat", summary="Sent the brief on chat"
    )

    def texts(**filters):
        events = timeline_for_client(viewer=SYSTEM, client_id=client_a.pk, **filters)
        return [entry.text for entry in timeline_entries(events)]

    assert texts(kind="call") == ["Mira Manager logged a call: Agreed on the budget"]
    assert texts(kind="chat", query="BRIEF") == [
        "Mira Manager logged a chat: Sent the brief on chat"
    ]
    assert texts(kind="meeting-note") == []
