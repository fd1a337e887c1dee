"""The meeting pages' staff pickers: the agency attendees are ticked boxes plus
one input to add a person by typing (one per save, without JavaScript), and an
action's owner is typed; none of the pages lists every member of staff."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from agencydesk.meetings import services
from agencydesk.meetings.models import ActionItem, Meeting
from agencydesk.people.roles import Role
from tests.factories.people import make_staff

pytestmark = pytest.mark.django_db

CHOOSE = "Choose one of the suggestions: type a name or an e-mail address."
SOON = timezone.now().replace(microsecond=0) + datetime.timedelta(days=7)


@pytest.fixture
def other(db):
    return make_staff(Role.SPECIALIST, full_name="Olga Other")


@pytest.fixture
def meeting(client_a, contact_a, manager):
    return services.meeting_schedule(
        actor=manager,
        client=client_a,
        kind="regular",
        title="Weekly sync",
        starts_at=SOON,
        staff=[manager],
        contacts=[contact_a],
    )


def _fields(contact, ticked=(), typed=""):
    return {
        "kind": "regular",
        "title": "Weekly sync",
        "starts_at": timezone.localtime(SOON).strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "60",
        "contacts": [contact.pk],
        "staff": list(ticked),
        "staff_add": typed,
    }


def _staff(meeting):
    return set(Meeting.objects.get(pk=meeting.pk).staff.all())


def _edit(meeting):
    return reverse("meetings:meeting-edit", args=[meeting.pk])


def test_the_new_meeting_page_lists_no_staff(client_a, manager, specialist, as_user):
    url = reverse("meetings:meeting-create", args=[client_a.slug])

    html = as_user(manager).get(url).content.decode()

    assert "Sam Specialist" not in html
    assert specialist.email not in html
    assert '<input type="text" name="staff_add"' in html
    assert 'name="staff" value=' not in html


def test_the_edit_page_ticks_the_attendees_and_lists_no_one_else(
    meeting, manager, specialist, as_user
):
    html = as_user(manager).get(_edit(meeting)).content.decode()

    assert "Sam Specialist" not in html
    assert (
        f'<input type="checkbox" class="form-check-input" name="staff" '
        f'value="{manager.email}" id="id_staff_0" checked>'
        f'<label class="form-check-label" for="id_staff_0">Mira Manager</label>'
    ) in html
    # A group with a legend; the input to add a person has its own label.
    assert '<legend class="form-label fs-6">Agency attendees</legend>' in html
    assert '<label class="form-label small mt-1 mb-1" for="id_staff_add">' in html
    assert 'id="id_staff_add"' in html
    assert 'list="id_staff_add-options"' in html
    assert f'hx-get="{reverse("core:pick", args=["staff"])}"' in html


def test_a_meeting_is_scheduled_with_a_person_typed_by_address(
    client_a, contact_a, manager, specialist, as_user
):
    response = as_user(manager).post(
        reverse("meetings:meeting-create", args=[client_a.slug]),
        _fields(contact_a, typed=specialist.email),
    )

    assert response.status_code == 302
    assert _staff(Meeting.objects.get()) == {specialist}


def test_people_are_added_one_per_save_and_removed_by_unticking(
    meeting, contact_a, manager, specialist, other, as_user
):
    http = as_user(manager)

    first = http.post(
        _edit(meeting), _fields(contact_a, [manager.email], specialist.email)
    )
    assert first.status_code == 302
    assert _staff(meeting) == {manager, specialist}

    second = http.post(
        _edit(meeting),
        _fields(contact_a, [manager.email, specialist.email], "olga other"),
    )
    assert second.status_code == 302
    assert _staff(meeting) == {manager, specialist, other}
    page = http.get(_edit(meeting)).content.decode()
    assert page.count('type="checkbox" class="form-check-input" name="staff"') == 3

    third = http.post(_edit(meeting), _fields(contact_a, [specialist.email, other.pk]))
    assert third.status_code == 302
    assert _staff(meeting) == {specialist, other}


def test_a_person_typed_twice_is_one_attendee(meeting, contact_a, manager, as_user):
    http = as_user(manager)

    http.post(_edit(meeting), _fields(contact_a, [manager.email], "Mira Manager"))

    assert _staff(meeting) == {manager}


@pytest.mark.parametrize("typed", ["nobody@agency.test", "Sam", "999999"])
def test_a_person_typed_who_is_nobody_is_refused_and_nothing_changes(
    typed, meeting, contact_a, manager, specialist, as_user
):
    sequence = meeting.sequence

    response = as_user(manager).post(
        _edit(meeting), _fields(contact_a, [manager.email], typed)
    )

    assert response.status_code == 422
    assert response.context["form"].errors["staff"] == [CHOOSE]
    assert _staff(meeting) == {manager}
    assert Meeting.objects.get(pk=meeting.pk).sequence == sequence
    html = response.content.decode()
    # The ticked stay ticked; what was typed is shown again to correct.
    assert f'value="{manager.email}" id="id_staff_0" checked>' in html
    assert f'name="staff_add" value="{typed}"' in html


def test_a_ticked_key_that_names_nobody_is_refused(
    meeting, contact_a, manager, as_user
):
    response = as_user(manager).post(
        _edit(meeting), _fields(contact_a, [manager.email, "gone@agency.test"])
    )

    assert response.status_code == 422
    assert response.context["form"].errors["staff"] == [
        "gone@agency.test can no longer be chosen: untick it to save."
    ]
    assert _staff(meeting) == {manager}


def test_a_contact_typed_as_agency_attendee_is_refused(
    meeting, contact_a, manager, as_user
):
    response = as_user(manager).post(
        _edit(meeting), _fields(contact_a, [manager.email], contact_a.user.email)
    )

    assert response.status_code == 422
    assert _staff(meeting) == {manager}


def test_another_error_keeps_the_person_typed_ticked(
    meeting, contact_a, manager, specialist, as_user
):
    data = _fields(contact_a, [manager.email], specialist.email)
    data["title"] = ""

    response = as_user(manager).post(_edit(meeting), data)

    assert response.status_code == 422
    html = response.content.decode()
    assert f'value="{specialist.email}" id="id_staff_1" checked>' in html
    assert '<input type="text" name="staff_add" list=' in html  # empty again
    assert _staff(meeting) == {manager}


def test_the_meeting_page_lists_no_staff_for_an_actions_owner(
    meeting, manager, specialist, as_user
):
    html = as_user(manager).get(meeting.get_absolute_url()).content.decode()

    assert '<input type="text" name="owner"' in html
    assert "Sam Specialist" not in html


def test_an_action_is_given_to_a_person_typed_by_address(
    meeting, manager, specialist, as_user
):
    response = as_user(manager).post(
        reverse("meetings:action-add", args=[meeting.pk]),
        {"title": "Send the media plan", "owner": specialist.email},
    )

    assert response.status_code == 302
    action = ActionItem.objects.get()
    assert (action.title, action.owner) == ("Send the media plan", specialist)


def test_an_action_for_nobody_typed_is_refused(meeting, manager, as_user):
    response = as_user(manager).post(
        reverse("meetings:action-add", args=[meeting.pk]),
        {"title": "Send the media plan", "owner": "nobody@agency.test"},
    )

    assert response.status_code == 422
    assert response.context["action_form"].errors["owner"] == [CHOOSE]
    assert not ActionItem.objects.exists()
