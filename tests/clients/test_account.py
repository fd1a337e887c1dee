import pytest
from django.core.exceptions import PermissionDenied

from agencydesk.clients.errors import ClientArchivedError
from agencydesk.clients.models import Client
from agencydesk.clients.services import accounts as account
from agencydesk.core.access import SYSTEM
from agencydesk.core.models import Event
from agencydesk.core.timeline import timeline_entries, timeline_for_client
from tests.factories.clients import make_client

pytestmark = pytest.mark.django_db


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
