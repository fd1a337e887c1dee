"""Client approvals: deliverables, rounds, decisions in the portal and by
signed link, the ticket's SLA hold, reminders in business days."""

from __future__ import annotations

import datetime
import re
import time
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from agencydesk.comms.models import OutboundMessage
from agencydesk.core.models import Event
from agencydesk.desk import services as desk
from agencydesk.desk.models import Status as TicketStatus
from agencydesk.people.roles import Role
from agencydesk.work import services
from agencydesk.work.approvals_selectors import (
    approval_token,
    approval_url,
    rounds_used,
)
from agencydesk.work.models import ApprovalRequest, ApprovalRound, DeliverableVersion

from ..factories.clients import make_contact
from ..factories.people import make_staff
from .factories import make_project, make_task


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf(name="design.pdf", body=b"%PDF-1.4 v"):
    return SimpleUploadedFile(name, body, content_type="application/pdf")


@pytest.fixture
def ticket(client_a, contact_a):
    return desk.ticket_create(
        actor=None, client=client_a, requester=contact_a, title="New banner"
    )


@pytest.fixture
def task(client_a, manager, ticket):
    task = make_task(make_project(client_a, manager), title="Banner design")
    # As a ticket's production step becomes a task (work/services/tickets.py).
    task.ticket = ticket
    task.save(update_fields=["ticket"])
    return task


def _deliverable(task, **kwargs):
    kwargs.setdefault("file", pdf())
    return services.deliverable_create(actor=None, task=task, title="Banner", **kwargs)


def _send(deliverable, contacts, **kwargs):
    return services.approval_send(
        actor=None, deliverable=deliverable, contacts=contacts, **kwargs
    )


def _request(round_, contact):
    return ApprovalRequest.objects.get(round=round_, contact=contact)


# --- The whole flow through the web ------------------------------------------


def test_the_full_flow_changes_by_link_then_approval_in_the_portal(
    task, ticket, specialist, contact_a, as_user
):
    staff = as_user(specialist)
    # Staff upload v1 and send it.
    response = staff.post(
        reverse("work:deliverable-create", args=[task.pk]),
        {"title": "Homepage banner", "file": pdf(), "note": "First go"},
    )
    assert response.status_code == 302
    deliverable = task.deliverables.get()
    response = staff.post(
        reverse("work:approval-send", args=[deliverable.pk]),
        {"contacts": [contact_a.pk], "message": "Please have a look"},
    )
    assert response.status_code == 302
    round1 = deliverable.rounds.get()
    assert (round1.number, round1.version.number, round1.status) == (1, 1, "pending")
    # The ticket waits on the customer: its SLA clock stops.
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.WAITING
    assert ticket.sla_paused_at is not None or ticket.sla_state == "none"
    mail = OutboundMessage.objects.get(ref__startswith="work.approval:")
    assert mail.to == [contact_a.user.email]
    # The mailed link signs this contact's request (its timestamp and
    # signature may be a second apart from one made here).
    expected = approval_url(_request(round1, contact_a))
    found = re.search(r"https?://[^/\s]+(/portal/approve/\S+/)", mail.text)
    assert found is not None, mail.text
    link = found[1]
    payload = expected.split("/portal/approve/", 1)[1].split(":", 1)[0]
    assert link.startswith(f"/portal/approve/{payload}:")

    # The contact asks for changes from the signed link, without signing in.
    anonymous = HttpClient()
    page = anonymous.get(link)
    assert page.status_code == 200
    assert "Homepage banner" in page.content.decode()
    response = anonymous.post(link, {"decision": "changes", "comment": "Bigger logo"})
    assert response.status_code == 302
    round1.refresh_from_db()
    assert round1.status == ApprovalRound.Status.CHANGES
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.OPEN

    # Staff upload v2 and send round 2.
    staff.post(
        reverse("work:version-add", args=[deliverable.pk]),
        {"file": pdf("design-v2.pdf", b"%PDF-1.4 v2")},
    )
    staff.post(
        reverse("work:approval-send", args=[deliverable.pk]),
        {"contacts": [contact_a.pk]},
    )
    round2 = deliverable.rounds.get(number=2)
    assert round2.version.number == 2
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.WAITING

    # The contact approves v2 in the portal.
    portal = as_user(contact_a.user)
    listing = portal.get(reverse("portal:approval-list"))
    assert "Homepage banner" in listing.content.decode()
    request2 = _request(round2, contact_a)
    response = portal.post(
        reverse("portal:approval-detail", args=[request2.pk]),
        {"decision": "approved", "comment": ""},
    )
    assert response.status_code == 302
    round2.refresh_from_db()
    assert round2.status == ApprovalRound.Status.APPROVED
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.OPEN

    # Recorded: the task's history (= the client's timeline) and the ticket.
    task_verbs = list(
        Event.objects.filter(target_id=str(task.pk), verb__startswith="approval.")
        .order_by("pk")
        .values_list("verb", "data__version", "actor__email")
    )
    assert task_verbs == [
        ("approval.sent", 1, specialist.email),
        ("approval.changes_requested", 1, contact_a.user.email),
        ("approval.sent", 2, specialist.email),
        ("approval.approved", 2, contact_a.user.email),
    ]
    ticket_page = staff.get(reverse("desk:ticket-detail", args=[ticket.number]))
    text = ticket_page.content.decode()
    assert "asked for changes to Homepage banner, version 1" in text
    assert "approved Homepage banner, version 2" in text
    task_page = staff.get(task.get_absolute_url()).content.decode()
    assert "Bigger logo" in task_page
    # The sender hears of each decision.
    assert specialist.notifications.count() == 2


# --- Refusals: a clear message or a 4xx, and nothing changed -------------------


def test_an_older_version_cannot_be_approved(task, contact_a, as_user):
    deliverable = _deliverable(task)
    round_ = _send(deliverable, [contact_a])
    services.version_add(actor=None, deliverable=deliverable, link="https://x.test/v2")
    request = _request(round_, contact_a)
    response = as_user(contact_a.user).post(
        reverse("portal:approval-detail", args=[request.pk]), {"decision": "approved"}
    )
    assert response.status_code == 422
    assert "A newer version (version 2)" in response.content.decode()
    request.refresh_from_db()
    assert request.decision == ""


def test_deciding_twice_is_refused(task, contact_a, as_user):
    other = make_contact(task.project.client, full_name="Second Person")
    round_ = _send(_deliverable(task), [contact_a, other])
    request = _request(round_, contact_a)
    url = reverse("portal:approval-detail", args=[request.pk])
    portal = as_user(contact_a.user)
    assert portal.post(url, {"decision": "approved"}).status_code == 302
    response = portal.post(url, {"decision": "changes", "comment": "No, wait"})
    assert response.status_code == 422
    assert "already given your decision" in response.content.decode()
    request.refresh_from_db()
    round_.refresh_from_db()
    assert (request.decision, round_.status) == ("approved", "pending")


def test_a_contact_of_another_client_is_refused(task, contact_a, contact_b, as_user):
    round_ = _send(_deliverable(task), [contact_a])
    request = _request(round_, contact_a)
    portal = as_user(contact_b.user)
    url = reverse("portal:approval-detail", args=[request.pk])
    assert portal.get(url).status_code == 404
    assert portal.post(url, {"decision": "approved"}).status_code == 404
    # Nor can staff send to them.
    with pytest.raises(Exception) as refused:
        _send(round_.deliverable, [contact_b])
    assert refused.value.code == "approval_contact_invalid"
    request.refresh_from_db()
    assert request.decision == ""


def test_a_colleague_cannot_decide_for_another_contact(task, contact_a, as_user):
    colleague = make_contact(task.project.client, full_name="Colleague")
    round_ = _send(_deliverable(task), [contact_a])
    url = reverse("portal:approval-detail", args=[_request(round_, contact_a).pk])
    assert (
        as_user(colleague.user).post(url, {"decision": "approved"}).status_code == 404
    )


def test_a_forged_or_expired_link_is_404(task, contact_a, client, monkeypatch):
    request = _request(_send(_deliverable(task), [contact_a]), contact_a)
    token = approval_token(request)
    forged = token[:-2] + ("aa" if not token.endswith("aa") else "bb")
    assert client.get(reverse("portal:approval-link", args=[forged])).status_code == 404
    later = time.time() + timedelta(days=61).total_seconds()
    monkeypatch.setattr(signing.time, "time", lambda: later)
    url = reverse("portal:approval-link", args=[token])
    assert client.post(url, {"decision": "approved"}).status_code == 404
    request.refresh_from_db()
    assert request.decision == ""


@pytest.mark.parametrize("how", ["withdrawn", "superseded"])
def test_the_link_of_a_withdrawn_or_replaced_round_is_gone(
    how, task, contact_a, client
):
    deliverable = _deliverable(task)
    round_ = _send(deliverable, [contact_a])
    if how == "withdrawn":
        services.approval_withdraw(actor=None, round=round_)
        expected = "was withdrawn"
    else:
        _send(deliverable, [contact_a])
        expected = "replaced by a newer one"
    url = approval_url(_request(round_, contact_a))
    assert expected in client.get(url).content.decode()
    response = client.post(url, {"decision": "approved"})
    assert response.status_code == 410
    assert _request(round_, contact_a).decision == ""


def test_changes_need_a_comment_and_garbage_changes_nothing(task, contact_a, client):
    url = approval_url(_request(_send(_deliverable(task), [contact_a]), contact_a))
    assert client.post(url, {"decision": "changes"}).status_code == 422
    assert client.post(url, {"decision": "maybe"}).status_code == 422
    assert ApprovalRequest.objects.exclude(decision="").count() == 0


def test_a_refused_upload_stores_nothing(task, specialist, as_user):
    response = as_user(specialist).post(
        reverse("work:deliverable-create", args=[task.pk]),
        {"title": "Evil", "file": SimpleUploadedFile("run.exe", b"MZ")},
    )
    assert response.status_code == 422
    assert "Files of type .exe cannot be attached." in response.content.decode()
    assert DeliverableVersion.objects.count() == 0


def test_nothing_to_send_without_file_or_link(task, specialist, as_user):
    response = as_user(specialist).post(
        reverse("work:deliverable-create", args=[task.pk]), {"title": "Empty"}
    )
    assert response.status_code == 422
    assert task.deliverables.count() == 0


def test_finance_may_not_send_for_approval(task, contact_a, as_user):
    finance = make_staff(Role.FINANCE, full_name="Fin")
    deliverable = _deliverable(task)
    response = as_user(finance).post(
        reverse("work:approval-send", args=[deliverable.pk]),
        {"contacts": [contact_a.pk]},
    )
    assert response.status_code == 403
    assert deliverable.rounds.count() == 0


# --- Mail in the contact's language -------------------------------------------


def test_the_request_is_mailed_in_the_contacts_language(client_a, manager, contact_a):
    russian = make_contact(client_a, full_name="Boris Beta", language="ru")
    task = make_task(make_project(client_a, manager))
    _send(_deliverable(task), [contact_a, russian])
    mails = {
        m.to[0]: m.text
        for m in OutboundMessage.objects.filter(ref__startswith="work.approval:")
    }
    assert mails[russian.user.email].startswith("Здравствуйте, Boris Beta!")
    assert mails[contact_a.user.email].startswith("Halo") or mails[
        contact_a.user.email
    ].startswith("Hello")


# --- Reminders in business days -----------------------------------------------


def _at(day: datetime.date, hour: int, client) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=ZoneInfo(client.timezone)
    )


def test_reminders_after_two_business_days_once_a_day(task, contact_a, client_a):
    friday = datetime.date(2026, 3, 6)
    deliverable = _deliverable(task)
    round_ = services.approval_send(
        actor=None,
        deliverable=deliverable,
        contacts=[contact_a],
        now=_at(friday, 10, client_a),
    )
    # Friday + 2 business days = Tuesday (the weekend does not count).
    assert round_.remind_on == datetime.date(2026, 3, 10)

    def reminders():
        return OutboundMessage.objects.filter(ref__contains=":reminder:").count()

    monday = datetime.date(2026, 3, 9)
    tuesday = datetime.date(2026, 3, 10)
    assert services.approval_send_reminders(now=_at(monday, 10, client_a)) == 0
    # Tuesday before opening: nothing; at 10:00: one; again at 11:00: none.
    assert services.approval_send_reminders(now=_at(tuesday, 7, client_a)) == 0
    assert services.approval_send_reminders(now=_at(tuesday, 10, client_a)) == 1
    assert services.approval_send_reminders(now=_at(tuesday, 11, client_a)) == 0
    assert reminders() == 1
    # Wednesday: one more; a decided round: no more.
    wednesday = datetime.date(2026, 3, 11)
    assert services.approval_send_reminders(now=_at(wednesday, 10, client_a)) == 1
    services.approval_decide(
        actor=None, request=_request(round_, contact_a), decision="approved"
    )
    thursday = datetime.date(2026, 3, 12)
    assert services.approval_send_reminders(now=_at(thursday, 10, client_a)) == 0
    assert reminders() == 2
    assert Event.objects.filter(verb="approval.reminded").count() == 2


def test_the_reminder_delay_is_a_setting(task, contact_a, client_a, settings):
    settings.APPROVAL_REMINDER_DAYS = 1
    friday = datetime.date(2026, 3, 6)
    round_ = _send(_deliverable(task), [contact_a], now=_at(friday, 10, client_a))
    assert round_.remind_on == datetime.date(2026, 3, 9)


# --- Overdue list for the account manager ---------------------------------------


def test_the_approvals_page_lists_overdue_rounds(task, contact_a, manager, as_user):
    long_ago = timezone.now() - timedelta(days=10)
    _send(_deliverable(task), [contact_a], now=long_ago)
    page = as_user(manager).get(reverse("work:approval-list"), {"state": "overdue"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Banner" in text and "Overdue" in text
    fresh = as_user(manager).get(reverse("work:approval-list"), {"state": "decided"})
    assert "No approvals match." in fresh.content.decode()


# --- The scope meter's count ------------------------------------------------------


def test_rounds_used_counts_revision_rounds_per_deliverable(task, contact_a):
    deliverable = _deliverable(task)
    for _n in range(3):
        _send(deliverable, [contact_a])
    other = _deliverable(task)
    _send(other, [contact_a])
    today = timezone.localdate()
    used = rounds_used(
        client=task.project.client, start=today, end=today + timedelta(days=1)
    )
    assert used == {deliverable.pk: 2}


# --- Constant query counts ------------------------------------------------------


@pytest.mark.parametrize("size", [1, 4])
def test_new_pages_cost_the_same_at_any_size(
    size, task, contact_a, manager, as_user, django_assert_num_queries
):
    for n in range(size):
        deliverable = _deliverable(task)
        services.version_add(actor=None, deliverable=deliverable, link=f"https://x/{n}")
        _send(deliverable, [contact_a])
    request = ApprovalRequest.objects.order_by("pk").first()
    staff, portal = as_user(manager), as_user(contact_a.user)
    staff.get(task.get_absolute_url())  # warm the kept caches
    with django_assert_num_queries(TASK_PAGE_QUERIES):
        assert staff.get(task.get_absolute_url()).status_code == 200
    with django_assert_num_queries(APPROVAL_LIST_QUERIES):
        assert staff.get(reverse("work:approval-list")).status_code == 200
    with django_assert_num_queries(PORTAL_LIST_QUERIES):
        assert portal.get(reverse("portal:approval-list")).status_code == 200
    with django_assert_num_queries(PORTAL_DETAIL_QUERIES):
        url = reverse("portal:approval-detail", args=[request.pk])
        assert portal.get(url).status_code == 200
    link = approval_url(request)
    with django_assert_num_queries(LINK_QUERIES):
        assert portal.get(link).status_code == 200


TASK_PAGE_QUERIES = 20
APPROVAL_LIST_QUERIES = 3
PORTAL_LIST_QUERIES = 5
PORTAL_DETAIL_QUERIES = 4
LINK_QUERIES = 4


def test_the_task_page_shows_its_deliverables_and_the_send_form(
    task, specialist, contact_a, as_user
):
    deliverable = _deliverable(task)
    _send(deliverable, [contact_a])

    page = as_user(specialist).get(task.get_absolute_url()).content.decode()

    assert "Banner" in page
    assert "Send version 1 for approval" in page
    assert str(contact_a) in page
    assert "No deliverables yet." not in page
