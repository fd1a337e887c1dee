"""Notifications by e-mail, through the outbox."""

import pytest

from agencydesk.comms.models import OutboundMessage
from agencydesk.core.notifications import notify
from tests.factories.clients import make_contact

pytestmark = pytest.mark.django_db


def test_staff_and_contacts_get_notifications_by_mail_once(
    client_a, manager, django_capture_on_commit_callbacks
):
    contact = make_contact(client_a, email="maya@alpha.example")
    quiet = make_contact(client_a, email="quiet@alpha.example")
    quiet.user.notify_by_email = False
    quiet.user.save()

    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=manager, verb="ticket.sla_breached", title="AD-1 breached")
        notify(
            recipient=contact.user,
            verb="onboarding.questionnaire",
            title="Please fill the questionnaire",
            url="/onboarding/q/abc/",
        )
        # Ticket news reach contacts through the desk's threaded mail only.
        notify(recipient=contact.user, verb="ticket.replied", title="New reply")
        notify(recipient=quiet.user, verb="onboarding.questionnaire", title="Quiet")

    sent = OutboundMessage.objects.order_by("pk")
    assert [(m.to, m.subject) for m in sent] == [
        ([manager.email], "AD-1 breached"),
        (["maya@alpha.example"], "Please fill the questionnaire"),
    ]
    assert "/onboarding/q/abc/" in sent[1].text
