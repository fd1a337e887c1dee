"""The Django admin of comms: the raw inbound store and the outbox are
governed by the services and only shown; configuration stays editable."""

import pytest

from agencydesk.comms.models import InboundMessage, Mailbox, OutboundMessage
from agencydesk.comms.services.inbound import inbound_store
from agencydesk.comms.services.outbox import outbox_enqueue

from .mails import raw_mail

pytestmark = pytest.mark.django_db


@pytest.fixture
def inbound():
    row, _created = inbound_store(raw=raw_mail(subject="Banner please"), via="test")
    return row


@pytest.fixture
def outbound():
    return outbox_enqueue(to=["maya@kopi.example"], subject="Hello", text="Hi")


@pytest.mark.parametrize(
    ("name", "row"), [("inboundmessage", "inbound"), ("outboundmessage", "outbound")]
)
def test_messages_are_shown_but_never_saved_from_the_admin(
    name, row, request, as_user, admin_user
):
    obj = request.getfixturevalue(row)
    http = as_user(admin_user)
    change = f"/admin/comms/{name}/{obj.pk}/change/"

    page = http.get(change)
    assert page.status_code == 200
    assert b'name="_save"' not in page.content

    assert http.post(change, {"status": "ignored", "subject": "x"}).status_code == 403
    assert http.post(f"/admin/comms/{name}/add/", {"subject": "x"}).status_code == 403
    assert (
        http.post(f"/admin/comms/{name}/{obj.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )

    model = type(obj)
    assert model.objects.count() == 1
    fresh = model.objects.get(pk=obj.pk)
    assert (fresh.status, fresh.subject) == (obj.status, obj.subject)


def test_inbound_and_outbound_counts_are_unchanged_by_refused_posts(
    inbound, outbound, as_user, admin_user
):
    http = as_user(admin_user)
    http.post("/admin/comms/inboundmessage/add/", {"sender": "x@y.example"})
    http.post("/admin/comms/outboundmessage/add/", {"subject": "x"})
    assert InboundMessage.objects.count() == 1
    assert OutboundMessage.objects.count() == 1


def test_a_mailbox_stays_editable(as_user, admin_user):
    mailbox = Mailbox(name="Desk", host="imap.example", username="desk")
    mailbox.set_password("secret")
    mailbox.save()
    http = as_user(admin_user)

    page = http.get(f"/admin/comms/mailbox/{mailbox.pk}/change/")

    assert b'name="_save"' in page.content
