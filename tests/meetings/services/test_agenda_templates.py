"""Issue #11: leads keep the meeting agenda templates in the product."""

import datetime

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from agencydesk.meetings import services
from agencydesk.meetings.models import AgendaTemplate
from agencydesk.people.roles import Role
from tests.factories.people import make_staff

pytestmark = pytest.mark.django_db

LIST = reverse("meetings:agenda-template-list")
CREATE = reverse("meetings:agenda-template-create")
START = datetime.datetime(2026, 12, 7, 3, 0, tzinfo=datetime.UTC)


@pytest.fixture
def lead(db):
    return make_staff(Role.AGENCY_LEAD, full_name="Lena Lead")


def _signed_in(user) -> HttpClient:
    http = HttpClient()
    http.force_login(user)
    return http


def _schedule(client, manager, title):
    return services.meeting_schedule(
        actor=manager,
        client=client,
        kind="client_kickoff",
        title=title,
        starts_at=START,
        send_invitations=False,
    )


def _agendas():
    return sorted(AgendaTemplate.objects.values_list("kind", "agenda"))


def test_a_lead_edits_an_agenda_and_only_new_meetings_use_it(lead, manager, client_a):
    earlier = _schedule(client_a, manager, "First kickoff")
    template = AgendaTemplate.objects.get(kind="client_kickoff")
    http = _signed_in(lead)
    edit = reverse("meetings:agenda-template-edit", args=[template.pk])

    assert LIST in http.get(reverse("meetings:feed-page")).content.decode()
    assert edit in http.get(LIST).content.decode()
    response = http.post(
        edit, {"kind": "client_kickoff", "agenda": "1. Hello\n2. Goals"}
    )

    assert response.status_code == 302
    later = _schedule(client_a, manager, "Second kickoff")
    assert later.agenda == "1. Hello\n2. Goals"
    earlier.refresh_from_db()
    assert earlier.agenda.startswith("1. Introductions: who does what\n")


def test_a_lead_deletes_an_agenda_and_creates_it_again(lead, manager, client_a):
    template = AgendaTemplate.objects.get(kind="client_kickoff")
    http = _signed_in(lead)

    http.post(reverse("meetings:agenda-template-delete", args=[template.pk]))
    empty = _schedule(client_a, manager, "Kickoff without agenda")
    created = http.post(CREATE, {"kind": "client_kickoff", "agenda": "1. Us"})

    assert empty.agenda == ""
    assert created.status_code == 302
    assert _schedule(client_a, manager, "Kickoff").agenda == "1. Us"


def test_a_second_agenda_for_a_kind_is_refused(lead):
    before = _agendas()

    response = _signed_in(lead).post(CREATE, {"kind": "midpoint", "agenda": "1. X"})

    assert response.status_code == 422
    assert "already has an agenda template" in response.content.decode()
    assert _agendas() == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "midpoint", "agenda": ""}, "This field is required."),
        ({"kind": "party", "agenda": "1. Cake"}, "Select a valid choice."),
        ({"kind": "final", "agenda": "1. Results"}, "already has an agenda"),
    ],
)
def test_bad_input_shows_the_form_again_and_changes_nothing(lead, data, message):
    template = AgendaTemplate.objects.get(kind="midpoint")
    before = _agendas()

    response = _signed_in(lead).post(
        reverse("meetings:agenda-template-edit", args=[template.pk]), data
    )

    assert response.status_code == 422
    assert message in response.content.decode()
    assert 'id="agenda-template-form"' in response.content.decode()
    assert _agendas() == before


def test_garbage_ids_are_not_found(lead):
    http = _signed_in(lead)

    assert http.get("/meetings/agendas/999999/").status_code == 404
    assert http.post("/meetings/agendas/999999/delete/").status_code == 404


def test_a_specialist_is_refused_and_shown_no_link(specialist):
    template = AgendaTemplate.objects.get(kind="regular")
    before = _agendas()
    http = _signed_in(specialist)

    feed = http.get(reverse("meetings:feed-page"))
    overview = http.get(reverse("onboarding:overview"))
    edit = reverse("meetings:agenda-template-edit", args=[template.pk])

    assert LIST not in feed.content.decode()
    assert LIST not in overview.content.decode()
    assert http.get(LIST).status_code == 403
    assert http.get(edit).status_code == 403
    assert http.post(edit, {"kind": "regular", "agenda": "Mine"}).status_code == 403
    assert http.post(CREATE, {"kind": "regular", "agenda": "x"}).status_code == 403
    delete = reverse("meetings:agenda-template-delete", args=[template.pk])
    assert http.post(delete).status_code == 403
    assert _agendas() == before


@pytest.mark.parametrize(
    ("role", "perm", "granted"),
    [
        (Role.AGENCY_LEAD, "meetings.add_agendatemplate", True),
        (Role.AGENCY_LEAD, "meetings.delete_agendatemplate", True),
        (Role.ACCOUNT_MANAGER, "meetings.change_agendatemplate", False),
        (Role.SPECIALIST, "meetings.change_agendatemplate", False),
        (Role.AGENCY_LEAD, "onboarding.delete_checklisttemplate", True),
        (Role.ACCOUNT_MANAGER, "onboarding.delete_checklisttemplate", False),
        (Role.SPECIALIST, "onboarding.change_checklisttemplate", False),
    ],
)
def test_roles_hold_the_template_permissions(role, perm, granted):
    assert make_staff(role).has_perm(perm) is granted
