"""Tests for agencydesk.core.timeline: recording, append-only history, reading."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from pytest_django.asserts import assertContains

from agencydesk.clients import services as client_services
from agencydesk.clients.models import Contact
from agencydesk.core import timeline
from agencydesk.core.access import ANONYMOUS, viewer_for
from agencydesk.core.models import AppendOnlyError, Event
from agencydesk.core.timeline import (
    register_verb,
    timeline_entries,
    timeline_for_client,
    timeline_record,
)


@pytest.fixture
def note_verb(monkeypatch):
    """A verb of another kind than "client", registered for this test only."""
    monkeypatch.setattr(timeline, "_VERBS", dict(timeline._VERBS))
    register_verb("note.added", _("%(actor)s noted: %(text)s"))


def _texts(events) -> list[str]:
    return [entry.text for entry in timeline_entries(events)]


def _timeline(viewer, client, **filters) -> list[str]:
    return _texts(timeline_for_client(viewer=viewer, client_id=client.pk, **filters))


# --- timeline_record ---------------------------------------------------------------


def test_recording_appends_an_event_with_actor_target_and_data(
    manager, client_a, contact_a
):
    event = timeline_record(
        actor=manager,
        client_id=client_a.pk,
        verb="client.updated",
        target=contact_a,
        data={"field": "phone"},
    )

    stored = Event.objects.get(pk=event.pk)
    assert stored.client_id == client_a.pk
    assert stored.actor_id == manager.pk
    assert stored.verb == "client.updated"
    assert stored.target_type == ContentType.objects.get_for_model(Contact)
    assert stored.target_id == str(contact_a.pk)
    assert stored.target_repr == "Ani Alpha"
    assert stored.data == {"field": "phone"}
    assert list(
        Event.objects.filter(client=client_a).order_by("pk").values_list("verb")
    ) == [("client.created",), ("client.contact_added",), ("client.updated",)]


def test_event_without_signed_in_actor_is_told_as_the_system(client_a):
    event = timeline_record(
        actor=AnonymousUser(), client_id=client_a.pk, verb="client.updated"
    )

    assert Event.objects.get(pk=event.pk).actor_id is None
    assert _texts([event]) == ["System updated the account details."]


def test_sentence_uses_actor_and_target_names(manager, client_a, contact_a):
    event = timeline_record(
        actor=manager,
        client_id=client_a.pk,
        verb="client.contact_added",
        target=contact_a,
    )

    assert _texts([event]) == ["Mira Manager added the contact Ani Alpha."]


def test_unregistered_verb_is_refused_and_nothing_is_recorded(manager, client_a):
    before = Event.objects.count()

    with pytest.raises(ValueError) as error:
        timeline_record(actor=manager, client_id=client_a.pk, verb="client.lost")

    assert str(error.value) == "Unregistered timeline verb 'client.lost'."
    assert Event.objects.count() == before


def test_event_cannot_be_changed(client_a):
    event = Event.objects.get(client=client_a)
    event.verb = "client.updated"
    event.data = {"forged": True}

    with pytest.raises(AppendOnlyError):
        event.save()

    stored = Event.objects.get(pk=event.pk)
    assert (stored.verb, stored.data) == ("client.created", {})


def test_event_cannot_be_deleted(client_a):
    event = Event.objects.get(client=client_a)

    with pytest.raises(AppendOnlyError):
        event.delete()

    assert list(Event.objects.filter(client=client_a).values_list("pk", flat=True)) == [
        event.pk
    ]


# --- timeline_for_client ----------------------------------------------------------


def test_client_timeline_is_newest_first_and_only_that_clients(
    manager, client_a, client_b, contact_a, contact_b
):
    timeline_record(actor=manager, client_id=client_a.pk, verb="client.updated")

    assert _timeline(viewer_for(manager), client_a) == [
        "Mira Manager updated the account details.",
        "System added the contact Ani Alpha.",
        "System opened the account Alpha Coffee.",
    ]


def test_timeline_filters_by_kind(note_verb, manager, client_a):
    timeline_record(
        actor=manager, client_id=client_a.pk, verb="note.added", data={"text": "hi"}
    )
    viewer = viewer_for(manager)

    assert _timeline(viewer, client_a, kind="note") == ["Mira Manager noted: hi"]
    assert _timeline(viewer, client_a, kind="client") == [
        "System opened the account Alpha Coffee."
    ]
    assert _timeline(viewer, client_a, kind="meeting") == []


def test_timeline_text_search_looks_at_the_target(manager, client_a, contact_a):
    assert _timeline(viewer_for(manager), client_a, query="ani alpha") == [
        "System added the contact Ani Alpha."
    ]


def test_timeline_text_search_looks_at_the_data(note_verb, manager, client_a):
    timeline_record(
        actor=manager,
        client_id=client_a.pk,
        verb="note.added",
        data={"text": "Invoice INV-7 sent"},
    )
    timeline_record(
        actor=manager, client_id=client_a.pk, verb="note.added", data={"text": "Call"}
    )
    viewer = viewer_for(manager)

    assert _timeline(viewer, client_a, query="inv-7") == [
        "Mira Manager noted: Invoice INV-7 sent"
    ]
    assert _timeline(viewer, client_a, query="no such words") == []


def test_timeline_text_search_does_not_match_data_key_names(
    note_verb, manager, client_a
):
    timeline_record(
        actor=manager, client_id=client_a.pk, verb="note.added", data={"text": "Call"}
    )

    assert _timeline(viewer_for(manager), client_a, query="text") == []


def test_timeline_text_search_finds_non_ascii_data(note_verb, manager, client_a):
    timeline_record(
        actor=manager,
        client_id=client_a.pk,
        verb="note.added",
        data={"text": "Оплата счёта"},
    )

    assert _timeline(viewer_for(manager), client_a, query="счёта") == [
        "Mira Manager noted: Оплата счёта"
    ]


def test_contact_and_anonymous_read_an_empty_timeline(contact_a, client_a):
    contact = viewer_for(contact_a.user, [client_a.pk])

    assert _timeline(contact, client_a) == []
    assert _timeline(ANONYMOUS, client_a) == []


# --- the client page -----------------------------------------------------------------


@pytest.fixture
def gamma(manager):
    client = client_services.client_create(
        actor=manager,
        name="Gamma Tea",
        country="ID",
        timezone="Asia/Jakarta",
        currency="IDR",
    )
    client_services.contact_create(
        actor=manager,
        client=client,
        email="cara@gamma.test",
        full_name="Cara Contact",
    )
    return client


def test_client_page_shows_the_timeline_newest_first(gamma, manager, as_user):
    response = as_user(manager).get(f"/clients/{gamma.slug}/")

    assertContains(response, "<div>Mira Manager added the contact Cara Contact.</div>")
    assertContains(response, "<div>Mira Manager opened the account Gamma Tea.</div>")
    page = response.content.decode()
    assert page.index("added the contact Cara") < page.index("opened the account")


def test_client_page_filters_the_timeline_by_text(gamma, manager, as_user):
    response = as_user(manager).get(f"/clients/{gamma.slug}/", {"q": "cara"})

    assertContains(response, "Mira Manager added the contact Cara Contact.")
    assertContains(response, "opened the account", count=0)


def test_bulk_changes_to_events_are_refused(client_a):
    before = list(Event.objects.values_list("pk", "verb"))

    with pytest.raises(AppendOnlyError):
        Event.objects.filter(client=client_a).update(verb="client.updated")
    with pytest.raises(AppendOnlyError):
        Event.objects.filter(client=client_a).delete()

    assert list(Event.objects.values_list("pk", "verb")) == before
