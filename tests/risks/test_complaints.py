"""The complaint procedure through its pages: recorded, the agency lead told
and an escalation recorded at once, acknowledged, resolved, closed only with
the resolution and the client's confirmation; who may see what."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from agencydesk.core.models import Event, Notification
from agencydesk.risks import services
from agencydesk.risks.errors import ComplaintCloseRefusedError
from agencydesk.risks.models import Complaint, Escalation
from tests.factories.desk import make_ticket

pytestmark = pytest.mark.django_db


def _open(client, owner, title="Wrong prices on the banners"):
    return services.complaint_open(
        actor=owner, client=client, title=title, description="Called us", owner=owner
    )


def test_the_procedure_end_to_end(as_user, own_manager, lead, client_a):
    http = as_user(own_manager)
    answer = http.post(
        reverse("risks:complaint-create"),
        {
            "client": client_a.pk,
            "title": "Wrong prices on the banners",
            "description": "The client called: the banners show last year's prices.",
            "source": "call",
        },
    )
    complaint = Complaint.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == complaint.get_absolute_url()
    assert complaint.owner == own_manager and complaint.status == "open"
    assert complaint.acknowledge_by > timezone.localdate() - datetime.timedelta(1)

    # The lead is told at once and the escalation is on record.
    [escalation] = Escalation.objects.all()
    assert escalation.complaint == complaint and escalation.automatic
    assert escalation.escalated_by is None
    assert list(escalation.escalated_to.all()) == [lead]
    [note] = Notification.objects.filter(recipient=lead)
    assert "Wrong prices on the banners" in note.title
    assert note.url == complaint.get_absolute_url()

    page = http.get(complaint.get_absolute_url())
    assert page.status_code == 200
    assert b"Acknowledge" in page.content and b"Lena Lead" in page.content

    url = reverse("risks:complaint-acknowledge", args=[complaint.pk])
    assert http.post(url).status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == "acknowledged" and complaint.acknowledged_at

    http.post(
        reverse("risks:complaint-resolve", args=[complaint.pk]),
        {"resolution": "New banners with the right prices went live."},
    )
    http.post(
        reverse("risks:complaint-close", args=[complaint.pk]),
        {"client_confirmed": "on", "client_confirmed_on": timezone.localdate()},
    )
    complaint.refresh_from_db()
    assert complaint.status == "closed"
    assert complaint.client_confirmed_on == timezone.localdate()
    verbs = list(
        Event.objects.filter(client=client_a, verb__startswith="complaint.")
        .order_by("pk")
        .values_list("verb", flat=True)
    )
    assert verbs == [
        "complaint.opened",
        "complaint.escalated",
        "complaint.acknowledged",
        "complaint.resolved",
        "complaint.closed",
    ]
    timeline = http.get(client_a.get_absolute_url())
    assert timeline.status_code == 200


def test_closing_needs_the_resolution_and_the_confirmation(
    as_user, own_manager, client_a
):
    complaint = _open(client_a, own_manager)
    http = as_user(own_manager)
    close = reverse("risks:complaint-close", args=[complaint.pk])

    http.post(close, {"client_confirmed": "on"})
    complaint.refresh_from_db()
    assert complaint.status == "open"  # no resolution yet

    answer = http.post(
        reverse("risks:complaint-resolve", args=[complaint.pk]), {"resolution": "  "}
    )
    assert answer.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == "open" and complaint.resolution == ""

    services.complaint_resolve(
        actor=own_manager, complaint=complaint, resolution="Refunded the fee."
    )
    answer = http.post(close, {"client_confirmed_on": "2026-01-01"}, follow=True)
    assert "The client has to confirm the resolution" in answer.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == "resolved" and complaint.client_confirmed_on is None

    with pytest.raises(ComplaintCloseRefusedError):
        services.complaint_close(
            actor=own_manager, complaint=complaint, client_confirmed=False
        )


def test_a_ticket_is_flagged_from_its_page(as_user, own_manager, lead, client_a):
    ticket = make_ticket(client_a, title="The site is down again")
    http = as_user(own_manager)
    page = http.get(ticket.get_absolute_url())
    flag = reverse("risks:ticket-flag", args=[ticket.number])
    assert flag in page.content.decode()

    answer = http.post(flag)
    complaint = Complaint.objects.get()
    assert answer["Location"] == complaint.get_absolute_url()
    assert complaint.ticket == ticket and complaint.source == "ticket"
    assert Escalation.objects.filter(complaint=complaint).exists()
    # Once: a second flag is refused, nothing added.
    http.post(flag)
    assert Complaint.objects.count() == 1
    assert (
        "The site is down again" in http.get(ticket.get_absolute_url()).content.decode()
    )


def test_acknowledgement_overdue_shows(as_user, own_manager, client_a):
    complaint = _open(client_a, own_manager)
    Complaint.objects.filter(pk=complaint.pk).update(
        acknowledge_by=timezone.localdate() - datetime.timedelta(days=2)
    )
    page = as_user(own_manager).get(reverse("risks:complaint-list"))
    assert "acknowledgement overdue" in page.content.decode()


def test_scope_another_clients_manager_and_contacts(
    as_user, own_manager, other_manager, specialist, contact_a, client_a
):
    complaint = _open(client_a, own_manager)
    detail = complaint.get_absolute_url()
    assert as_user(other_manager).get(detail).status_code == 404
    answer = as_user(other_manager).post(
        reverse("risks:complaint-acknowledge", args=[complaint.pk])
    )
    assert answer.status_code == 404
    assert (
        "Wrong prices"
        not in as_user(other_manager)
        .get(reverse("risks:complaint-list"))
        .content.decode()
    )
    # Specialists do not see complaints; contacts see nothing of this.
    assert as_user(specialist).get(detail).status_code == 403
    for url in (detail, reverse("risks:complaint-list"), reverse("risks:risk-list")):
        assert as_user(contact_a.user).get(url).status_code == 403
    complaint.refresh_from_db()
    assert complaint.status == "open"


def test_the_list_costs_the_same_whatever_the_rows(
    as_user, lead, own_manager, client_a, client_b, django_assert_num_queries
):
    http = as_user(lead)
    url = reverse("risks:complaint-list")
    _open(client_a, own_manager)
    http.get(url)  # warm the caches of the session and permissions
    with django_assert_num_queries(COMPLAINT_LIST_QUERIES):
        assert http.get(url).status_code == 200
    for n in range(6):
        _open(client_b, lead, title=f"Complaint {n}")
        _open(client_a, own_manager, title=f"Another {n}")
    http.get(url)  # the lead's unread count, changed by the escalations
    with django_assert_num_queries(COMPLAINT_LIST_QUERIES):
        page = http.get(url, {"status": "open"})
    assert page.content.decode().count("Another") == 6


COMPLAINT_LIST_QUERIES = 5
