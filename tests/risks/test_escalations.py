"""Escalations: automatic on a high-priority SLA breach and on a CSAT of 1–2
(driven through the desk's own services), by hand from a risk's page, each
recorded with whom and why and told to those escalated to; the list page."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from agencydesk.core.models import Event, Notification
from agencydesk.desk import services as desk
from agencydesk.risks import services
from agencydesk.risks.models import Escalation
from tests.factories.clients import make_contact
from tests.factories.desk import make_ticket

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
ESCALATION_LIST_QUERIES = 4


def at(*args):
    return datetime(*args, tzinfo=WIB)


def test_a_high_priority_breach_is_escalated_once(lead, own_manager, client_a):
    high = make_ticket(client_a, title="Checkout broken", priority="high",
                       now=at(2026, 11, 20, 10))  # fmt: skip
    normal = make_ticket(client_a, title="New logo", now=at(2026, 11, 20, 10))
    assert desk.sla_sweep(now=at(2026, 12, 10, 12))["breached"] == 2
    desk.sla_sweep(now=at(2026, 12, 11, 12))

    [escalation] = Escalation.objects.all()
    assert escalation.ticket == high and escalation.automatic
    assert escalation.escalated_by is None
    assert list(escalation.escalated_to.all()) == [lead]
    assert high.reference in escalation.reason_text
    assert "missed its SLA" in escalation.reason_text
    assert not Escalation.objects.filter(ticket=normal).exists()
    assert (
        Notification.objects.filter(recipient=lead, verb="risks.escalated").count() == 1
    )
    assert Event.objects.filter(verb="ticket.escalated", client=client_a).count() == 1


@pytest.mark.parametrize(
    "score, escalated", [(1, True), (2, True), (3, False), (5, False)]
)
def test_a_low_rating_is_escalated(lead, own_manager, client_a, score, escalated):
    contact = make_contact(client_a, email="maya@alpha.example")
    ticket = make_ticket(client_a, requester=contact)
    desk.ticket_assign(actor=own_manager, ticket=ticket, analyst=own_manager)
    desk.ticket_move(actor=own_manager, ticket=ticket, status="done")
    ticket.refresh_from_db()
    desk.rating_submit(actor=None, ticket=ticket, score=score)

    found = list(Escalation.objects.filter(ticket=ticket))
    assert bool(found) is escalated
    if escalated:
        assert f"{score} out of 5" in found[0].reason_text
        assert list(found[0].escalated_to.all()) == [lead]


def test_a_risk_escalated_by_hand(as_user, lead, own_manager, client_a):
    risk = services.risk_create(
        actor=own_manager, client=client_a, title="Budget overrun", category="budget",
        probability=4, impact=4,
    )  # fmt: skip
    http = as_user(own_manager)
    url = reverse("risks:risk-escalate", args=[risk.pk])
    assert http.post(url, {"reason": ""}).status_code == 302
    assert not Escalation.objects.exists()  # no reason, nothing recorded
    http.post(url, {"reason": "Spend is 30% over the plan."})
    [escalation] = Escalation.objects.all()
    assert escalation.risk == risk and escalation.escalated_by == own_manager
    assert escalation.reason == "Spend is 30% over the plan."
    assert Notification.objects.get(recipient=lead).url == risk.get_absolute_url()
    page = as_user(lead).get(reverse("risks:escalation-list")).content.decode()
    assert "Spend is 30% over the plan." in page and "Omar Own" in page


def test_escalations_list_is_scoped_and_constant(
    as_user, lead, own_manager, other_manager, client_a, client_b,
    django_assert_num_queries,
):  # fmt: skip
    def complaint(client, owner, n):
        return services.complaint_open(
            actor=None, client=client, title=f"Complaint {n}", description="x",
            owner=owner,
        )  # fmt: skip

    complaint(client_a, own_manager, 0)
    http = as_user(own_manager)
    url = reverse("risks:escalation-list")
    http.get(url)
    with django_assert_num_queries(ESCALATION_LIST_QUERIES):
        http.get(url)
    for n in range(1, 6):
        complaint(client_a, own_manager, n)
        complaint(client_b, other_manager, 10 + n)
    with django_assert_num_queries(ESCALATION_LIST_QUERIES):
        page = http.get(url).content.decode()
    assert page.count("was opened: Complaint") == 6  # client B's are not theirs
    assert as_user(lead).get(url).content.decode().count("was opened: Complaint") == 11
