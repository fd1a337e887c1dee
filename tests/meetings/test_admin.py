"""The admin shows meetings (with their action items and invitations) but never
changes them: attendees hear of every change through the services. Agenda
templates stay editable."""

import pytest
from django.urls import reverse

from agencydesk.meetings import services
from agencydesk.meetings.models import ActionItem, AgendaTemplate, Invitation, Meeting
from tests.meetings.services.test_invitations import _meeting


@pytest.fixture
def superuser(admin_user):
    admin_user.is_superuser = True
    admin_user.save(update_fields=["is_superuser"])
    return admin_user


def _state():
    return (
        list(Meeting.objects.values()),
        list(ActionItem.objects.values()),
        list(Invitation.objects.values()),
    )


def test_a_meeting_is_shown_and_never_changed(
    client_a, contact_a, manager, superuser, as_user
):
    meeting = _meeting(client_a, contact_a, manager)
    services.action_item_add(actor=manager, meeting=meeting, title="Send the brief")
    http = as_user(superuser)
    before = _state()
    change = reverse("admin:meetings_meeting_change", args=[meeting.pk])

    page = http.get(change)
    assert page.status_code == 200
    body = page.content.decode()
    assert 'name="_save"' not in body
    assert "Send the brief" in body
    assert http.post(change, {"title": "Renamed"}).status_code == 403
    assert http.post(reverse("admin:meetings_meeting_add"), {}).status_code == 403
    delete = reverse("admin:meetings_meeting_delete", args=[meeting.pk])
    assert http.post(delete, {"post": "yes"}).status_code == 403

    assert _state() == before


def test_agenda_templates_stay_editable_one_per_kind(superuser, as_user):
    http = as_user(superuser)
    regular = AgendaTemplate.objects.get(kind="regular")
    change = reverse("admin:meetings_agendatemplate_change", args=[regular.pk])
    response = http.post(change, {"kind": "regular", "agenda": "Status\nRisks"})
    assert response.status_code == 302
    assert AgendaTemplate.objects.get(kind="regular").agenda == "Status\nRisks"

    count = AgendaTemplate.objects.count()
    add = reverse("admin:meetings_agendatemplate_add")
    twin = http.post(add, {"kind": "regular", "agenda": "Another"})
    assert twin.status_code == 200
    assert "already exists" in twin.content.decode()
    assert AgendaTemplate.objects.count() == count
