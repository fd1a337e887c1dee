"""Statements of work, the scope meter and change requests (issue #13, items
6 and 7): the staff pages, the portal, the signed links, the refusals."""

import datetime
from decimal import Decimal

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from agencydesk.clients.models import TeamMember
from agencydesk.comms.models import OutboundMessage
from agencydesk.core.models import Event, Notification
from agencydesk.desk.models import Stage
from agencydesk.timesheets.models import Budget, Rate
from agencydesk.timesheets.services import budget_set, time_entry_create
from agencydesk.work import services
from agencydesk.work.models import (
    ChangeRequest,
    Milestone,
    ScopeAlert,
    Sow,
    SowLine,
)
from agencydesk.work.scope_errors import (
    ChangeRequestStateError,
    OutOfScopeError,
    ScopeContactError,
    SowNotDraftError,
)
from agencydesk.work.scope_selectors import scope_meter
from agencydesk.work.services.change_requests import (
    change_request_link_url,
    change_request_token,
)
from agencydesk.work.services.scope import sow_link_url, sow_token

from ..factories.desk import make_ticket
from .factories import make_project, make_task, on_team

D = datetime.date


def _sow(client, *, lines=(("Posts", 12, "deliverables"),), project=None):
    sow = services.sow_create(
        actor=None, client=client, title="Social retainer", project=project
    )
    for what, quantity, unit in lines:
        services.sow_line_add(
            actor=None, sow=sow, what=what, quantity=Decimal(quantity), unit=unit
        )
    return sow


def _confirmed(client, contact, **kwargs):
    sow = _sow(client, **kwargs)
    services.sow_send(actor=None, sow=sow, contact=contact)
    return services.sow_confirm(actor=None, sow=sow, contact=contact)


# --- Statements of work ---


def test_the_account_manager_drafts_and_sends_a_sow_the_contact_confirms_it(
    client_a, contact_a, manager, as_user
):
    http = as_user(manager)
    response = http.post(
        reverse("work:sow-create"),
        {"client": client_a.slug, "title": "Retainer 2026", "exclusions": "Print"},
    )
    sow = Sow.objects.get()
    assert response.status_code == 302 and sow.status == Sow.Status.DRAFT
    http.post(
        reverse("work:sow-line-add", args=[sow.pk]),
        {"what": "Posts", "quantity": "12", "unit": "deliverables", "period": "month"},
    )
    http.post(reverse("work:sow-send", args=[sow.pk]), {"contact": contact_a.pk})
    sow.refresh_from_db()
    assert (sow.status, sow.sent_to) == (Sow.Status.SENT, contact_a)
    mail = OutboundMessage.objects.get(ref=f"work.sow:{sow.pk}")
    assert mail.to == [contact_a.user.email]
    assert "/portal/sow/" in mail.text

    portal = as_user(contact_a.user)
    page = portal.get(reverse("portal:sow-detail", args=[sow.pk]))
    assert "Posts" in page.content.decode()
    portal.post(reverse("portal:sow-confirm", args=[sow.pk]), {"confirm": "on"})
    sow.refresh_from_db()
    assert (sow.status, sow.confirmed_by) == (Sow.Status.CONFIRMED, contact_a)
    assert sow.confirmed_at is not None
    verbs = set(Event.objects.filter(client=client_a).values_list("verb", flat=True))
    assert {"sow.created", "sow.line_added", "sow.sent", "sow.confirmed"} <= verbs


def test_a_sow_is_confirmed_by_its_signed_link_without_signing_in(
    client, client_a, contact_a
):
    sow = _sow(client_a)
    services.sow_send(actor=None, sow=sow, contact=contact_a)
    link = sow_link_url(sow, contact_a)
    assert "Posts" in client.get(link).content.decode()
    assert client.post(link).status_code == 422  # not ticked: nothing happens
    assert Sow.objects.get(pk=sow.pk).status == Sow.Status.SENT
    client.post(link, {"confirm": "on"})
    sow.refresh_from_db()
    assert (sow.status, sow.confirmed_by) == (Sow.Status.CONFIRMED, contact_a)
    # Twice: refused with a message, nothing changes.
    confirmed_at = sow.confirmed_at
    response = client.post(link, {"confirm": "on"})
    assert response.status_code == 422
    assert "already confirmed" in response.content.decode()
    sow.refresh_from_db()
    assert sow.confirmed_at == confirmed_at


def test_a_confirmed_sow_is_not_edited_and_a_new_version_replaces_it(
    client_a, contact_a, manager, as_user
):
    sow = _confirmed(client_a, contact_a)
    with pytest.raises(SowNotDraftError):
        services.sow_line_add(
            actor=manager, sow=sow, what="More", quantity=Decimal(1), unit="hours"
        )
    response = as_user(manager).post(
        reverse("work:sow-edit", args=[sow.pk]), {"title": "Changed"}
    )
    assert response.status_code == 422
    assert Sow.objects.get(pk=sow.pk).title == "Social retainer"

    new = services.sow_new_version(actor=manager, sow=sow)
    assert (new.version, new.status, new.lines.count()) == (2, Sow.Status.DRAFT, 1)
    services.sow_send(actor=manager, sow=new, contact=contact_a)
    services.sow_confirm(actor=None, sow=new, contact=contact_a)
    sow.refresh_from_db()
    assert sow.status == Sow.Status.SUPERSEDED


def test_a_sow_refuses_a_contact_of_another_client_and_bad_links(
    client, client_a, contact_a, contact_b
):
    sow = _sow(client_a)
    with pytest.raises(ScopeContactError):
        services.sow_send(actor=None, sow=sow, contact=contact_b)
    services.sow_send(actor=None, sow=sow, contact=contact_a)
    with pytest.raises(ScopeContactError):
        services.sow_confirm(actor=None, sow=sow, contact=contact_b)
    # A link naming another client's contact, a forged one, a mangled one.
    forged = signing.dumps({"s": sow.pk, "c": contact_b.pk}, salt="work.sow")
    for token in (forged, sow_token(sow, contact_a)[:-3] + "abc", "garbage"):
        link = reverse("portal:sow-link", args=[token])
        response = client.post(link, {"confirm": "on"})
        assert response.status_code == 404
        assert "not valid" in response.content.decode()
    assert Sow.objects.get(pk=sow.pk).status == Sow.Status.SENT
    # Contact B cannot open it in the portal either.
    from django.test import Client as HttpClient

    other = HttpClient()
    other.force_login(contact_b.user)
    assert other.get(reverse("portal:sow-detail", args=[sow.pk])).status_code == 404
    confirm = reverse("portal:sow-confirm", args=[sow.pk])
    assert other.post(confirm, {"confirm": "on"}).status_code == 404
    assert Sow.objects.get(pk=sow.pk).status == Sow.Status.SENT


def test_an_expired_link_is_refused(client, client_a, contact_a, monkeypatch):
    sow = _sow(client_a)
    services.sow_send(actor=None, sow=sow, contact=contact_a)
    long_ago = timezone.now().timestamp() - 61 * 86400
    monkeypatch.setattr(signing.time, "time", lambda: long_ago)
    token = sow_token(sow, contact_a)
    monkeypatch.undo()
    link = reverse("portal:sow-link", args=[token])
    assert client.post(link, {"confirm": "on"}).status_code == 404
    assert Sow.objects.get(pk=sow.pk).status == Sow.Status.SENT


# --- The scope meter ---


def test_the_meter_counts_tasks_done_and_hours_and_warns_once(
    client_a, contact_a, manager, specialist
):
    on_team(client_a, manager, TeamMember.Role.ACCOUNT_MANAGER)
    on_team(client_a, specialist)
    sow = _confirmed(
        client_a, contact_a, lines=[("Posts", 5, "deliverables"), ("Time", 2, "hours")]
    )
    project = make_project(client_a, manager)
    tasks = [make_task(project, f"Post {n}") for n in range(5)]
    today = timezone.localdate()
    for task in tasks[:4]:
        services.task_move(actor=None, task=task, status="done")
    rows = {row.line.what: row for row in scope_meter(sow=sow, on=today)}
    assert (rows["Posts"].used, rows["Posts"].percent) == (4, 80)
    assert ScopeAlert.objects.filter(threshold=80).count() == 1
    warned = Notification.objects.filter(
        recipient=manager, verb="scope.threshold_reached"
    )
    assert warned.count() == 1

    services.task_move(actor=None, task=tasks[4], status="done")
    time_entry_create(
        actor=None, user=specialist, client=client_a, day=today, minutes=90
    )
    rows = {row.line.what: row for row in scope_meter(sow=sow, on=today)}
    assert (rows["Posts"].used, rows["Posts"].level) == (5, "over")
    assert (rows["Time"].used, rows["Time"].percent) == (Decimal("1.50"), 75)
    # 80% and 100% of posts, once each however often it is checked.
    services.scope_check_alerts(client=client_a)
    services.scope_check_alerts(client=client_a)
    assert warned.count() == 2
    assert ScopeAlert.objects.count() == 2
    # Last month: nothing delivered.
    last_month = today.replace(day=1) - datetime.timedelta(days=1)
    assert all(row.used == 0 for row in scope_meter(sow=sow, on=last_month))


def test_revision_rounds_count_the_most_revised_deliverable(
    client_a, contact_a, manager
):
    """ "2 revision rounds per deliverable": a banner sent three times has used
    two; the worst deliverable is what the line measures, and reaching the
    limit warns the account manager."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    sow = _confirmed(client_a, contact_a, lines=[("Revisions", 2, "revisions")])
    task = make_task(make_project(client_a, manager), title="Banner")

    def deliverable(title):
        return services.deliverable_create(
            actor=None,
            task=task,
            title=title,
            file=SimpleUploadedFile("d.pdf", b"%PDF-1.4", "application/pdf"),
        )

    banner, poster = deliverable("Banner"), deliverable("Poster")
    for _ in range(3):
        services.approval_send(actor=None, deliverable=banner, contacts=[contact_a])
    services.approval_send(actor=None, deliverable=poster, contacts=[contact_a])

    (row,) = scope_meter(sow=sow, on=timezone.localdate())
    assert row.used == 2
    assert ScopeAlert.objects.filter(line__sow=sow, threshold=100).count() == 1

    # A withdrawn round was never the client's to use.
    last = banner.rounds.order_by("-number").first()
    services.approval_withdraw(actor=None, round=last)
    (row,) = scope_meter(sow=sow, on=timezone.localdate())
    assert row.used == 1


# --- Change requests ---


def _cr(client, sow, project, milestone, **kwargs):
    cr = services.change_request_create(
        actor=None,
        client=client,
        sow=sow,
        project=project,
        title="Landing page",
        reason="Not in the SOW",
        hours_by_role={"specialist": Decimal(10), "account_manager": Decimal(2)},
        shift_days=3,
        milestones=[milestone],
        **kwargs,
    )
    services.change_request_line_add(
        actor=None,
        change_request=cr,
        what="Landing pages",
        quantity=Decimal(1),
        unit="deliverables",
        period="project",
    )
    services.change_request_line_add(
        actor=None,
        change_request=cr,
        what="",
        quantity=Decimal(3),
        unit="deliverables",
        sow_line=sow.lines.get(),
    )
    return cr


@pytest.fixture
def setup(client_a, contact_a, manager):
    Rate.objects.create(
        kind="bill",
        role="specialist",
        effective_from=D(2020, 1, 1),
        hourly_amount=Decimal(500000),
        currency="IDR",
    )
    Rate.objects.create(
        kind="bill",
        role="account_manager",
        effective_from=D(2020, 1, 1),
        hourly_amount=Decimal(750000),
        currency="IDR",
    )
    project = make_project(client_a, manager, start=D(2026, 3, 2))
    milestone = Milestone.objects.create(
        project=project, title="Launch", due=D(2026, 3, 13)
    )
    sow = _confirmed(client_a, contact_a, project=project)
    return sow, project, milestone


def test_a_change_request_approved_by_signed_link_changes_sow_budget_and_dates(
    client, client_a, contact_a, manager, setup
):
    sow, project, milestone = setup
    budget_set(
        actor=None,
        client=client_a,
        kind="tm",
        project=project.name,
        minutes=600,
        amount=Decimal(1000000),
        currency="IDR",
    )
    cr = _cr(client_a, sow, project, milestone)
    assert (cr.cost_amount, cr.cost_currency) == (Decimal("6500000.00"), "IDR")
    services.change_request_send(actor=manager, change_request=cr, contact=contact_a)
    link = change_request_link_url(cr, contact_a)
    page = client.get(link).content.decode()
    assert "Landing page" in page

    response = client.post(link, {"decision": "approve", "note": "Go"})
    assert response.status_code == 302
    cr.refresh_from_db()
    assert (cr.status, cr.decided_by, cr.decision_note) == ("approved", contact_a, "Go")
    lines = {line.what: line.quantity for line in sow.lines.all()}
    assert lines == {"Posts": Decimal(15), "Landing pages": Decimal(1)}
    budget = Budget.objects.get(client=client_a, project=project.name)
    assert (budget.minutes, budget.amount) == (600 + 720, Decimal(7500000))
    milestone.refresh_from_db()
    # Friday 13 March + 3 business days of the client's (Indonesian) calendar.
    assert milestone.due == D(2026, 3, 18)
    verbs = set(Event.objects.filter(client=client_a).values_list("verb", flat=True))
    assert {
        "change_request.approved",
        "sow.line_raised",
        "change_request.budget_changed",
        "milestone.shifted",
    } <= verbs

    # Deciding twice: refused, nothing changes.
    again = client.post(link, {"decision": "reject"})
    assert again.status_code == 422
    assert "already decided" in again.content.decode()
    assert ChangeRequest.objects.get(pk=cr.pk).status == "approved"
    assert Milestone.objects.get(pk=milestone.pk).due == D(2026, 3, 18)


def test_a_change_request_is_rejected_in_the_portal_and_nothing_else_changes(
    client_a, contact_a, manager, as_user, setup
):
    sow, project, milestone = setup
    cr = _cr(client_a, sow, project, milestone)
    services.change_request_send(actor=manager, change_request=cr, contact=contact_a)
    portal = as_user(contact_a.user)
    portal.post(
        reverse("portal:change-request-decide", args=[cr.pk]),
        {"decision": "reject", "note": "Too dear"},
    )
    cr.refresh_from_db()
    assert cr.status == "rejected"
    assert [line.quantity for line in sow.lines.all()] == [Decimal(12)]
    assert Milestone.objects.get(pk=milestone.pk).due == D(2026, 3, 13)
    assert not Budget.objects.exists()


def test_bad_decisions_are_refused_and_change_nothing(
    client, client_a, client_b, contact_a, contact_b, manager, setup, monkeypatch
):
    sow, project, milestone = setup
    cr = _cr(client_a, sow, project, milestone)
    # Not sent yet.
    with pytest.raises(ChangeRequestStateError):
        services.change_request_decide(
            actor=None, change_request=cr, contact=contact_a, approve=True
        )
    services.change_request_send(actor=manager, change_request=cr, contact=contact_a)
    # A contact of another client.
    with pytest.raises(ScopeContactError):
        services.change_request_decide(
            actor=None, change_request=cr, contact=contact_b, approve=True
        )
    from django.test import Client as HttpClient

    other = HttpClient()
    other.force_login(contact_b.user)
    url = reverse("portal:change-request-decide", args=[cr.pk])
    assert other.post(url, {"decision": "approve"}).status_code == 404
    # Forged and expired links.
    forged = signing.dumps({"r": cr.pk, "c": contact_b.pk}, salt="work.change_request")
    long_ago = timezone.now().timestamp() - 31 * 86400
    monkeypatch.setattr(signing.time, "time", lambda: long_ago)
    expired = change_request_token(cr, contact_a)
    monkeypatch.undo()
    for token in (forged, expired, "x" * 40):
        link = reverse("portal:change-request-link", args=[token])
        assert client.post(link, {"decision": "approve"}).status_code == 404
    # Garbage form.
    link = change_request_link_url(cr, contact_a)
    assert client.post(link, {"decision": "maybe"}).status_code == 422
    # Withdrawn.
    services.change_request_withdraw(actor=manager, change_request=cr)
    response = client.post(link, {"decision": "approve"})
    assert response.status_code == 422
    assert "withdrawn" in response.content.decode()
    cr.refresh_from_db()
    assert (cr.status, cr.decided_by) == ("withdrawn", None)
    assert [line.quantity for line in sow.lines.all()] == [Decimal(12)]
    assert Milestone.objects.get(pk=milestone.pk).due == D(2026, 3, 13)


# --- Out of scope at screening ---


def test_a_ticket_at_screening_is_marked_out_of_scope_into_a_draft_cr(
    client_a, contact_a, manager, as_user
):
    sow = _confirmed(client_a, contact_a)
    ticket = make_ticket(client_a, requester=contact_a, title="A whole new website")
    http = as_user(manager)
    page = http.get(ticket.get_absolute_url()).content.decode()
    assert "Out of scope" in page

    response = http.post(reverse("work:ticket-out-of-scope", args=[ticket.number]))
    cr = ChangeRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == cr.get_absolute_url()
    assert (cr.status, cr.ticket, cr.sow, cr.title) == (
        "draft",
        ticket,
        sow,
        "A whole new website",
    )
    page = http.get(ticket.get_absolute_url()).content.decode()
    assert cr.get_absolute_url() in page
    assert "marked" in page  # the ticket's history names the change request
    assert ticket.reference in http.get(cr.get_absolute_url()).content.decode()
    # Twice: refused.
    with pytest.raises(OutOfScopeError):
        services.ticket_out_of_scope(actor=manager, ticket=ticket)
    assert ChangeRequest.objects.count() == 1


def test_only_a_ticket_at_screening_is_marked_out_of_scope(
    client_a, contact_a, manager, specialist, as_user
):
    from agencydesk.desk import services as desk_services

    ticket = make_ticket(client_a, requester=contact_a)
    desk_services.ticket_move(actor=manager, ticket=ticket, stage=Stage.ANALYSIS)
    response = as_user(manager).post(
        reverse("work:ticket-out-of-scope", args=[ticket.number]), follow=True
    )
    assert "at screening only" in response.content.decode()
    # A specialist reads change requests but does not open them.
    ticket2 = make_ticket(client_a, requester=contact_a)
    response = as_user(specialist).post(
        reverse("work:ticket-out-of-scope", args=[ticket2.number])
    )
    assert response.status_code == 403
    assert not ChangeRequest.objects.exists()


# --- Permissions and pages ---


def test_specialists_read_scope_but_do_not_change_it(
    client_a, contact_a, specialist, as_user
):
    sow = _sow(client_a)
    http = as_user(specialist)
    assert http.get(reverse("work:sow-detail", args=[sow.pk])).status_code == 200
    assert http.get(reverse("work:sow-list")).status_code == 200
    response = http.post(
        reverse("work:sow-line-add", args=[sow.pk]),
        {"what": "X", "quantity": "1", "unit": "hours", "period": "month"},
    )
    assert response.status_code == 403
    assert SowLine.objects.count() == 1


@pytest.mark.parametrize("size", [1, 6])
def test_the_scope_pages_cost_the_same_queries_at_any_size(
    size, client_a, contact_a, manager, as_user, django_assert_num_queries, setup
):
    sow, project, milestone = setup
    crs = []
    for n in range(size):
        crs.append(_cr(client_a, sow, project, milestone))
        make_task(project, f"T{n}")
    services.change_request_send(actor=None, change_request=crs[0], contact=contact_a)
    http = as_user(manager)
    http.get("/")
    pages = {
        reverse("work:sow-list"): 3,
        reverse("work:sow-detail", args=[sow.pk]): 4,
        reverse("work:sow-meter", args=[sow.pk]): 4,
        reverse("work:cr-list"): 3,
        reverse("work:cr-detail", args=[crs[0].pk]): 4,
    }
    for url, count in pages.items():
        with django_assert_num_queries(count):
            assert http.get(url).status_code == 200
    portal = as_user(contact_a.user)
    portal.get("/portal/")
    portal_pages = {
        # The lists, and now the contact's client, the SOW in force with its
        # lines, its meter (one query per unit) and the month's retainer.
        reverse("portal:scope"): 12,
        reverse("portal:sow-detail", args=[sow.pk]): 4,
        reverse("portal:change-request-detail", args=[crs[0].pk]): 5,
        change_request_link_url(crs[0], contact_a): 6,
    }
    for url, count in portal_pages.items():
        with django_assert_num_queries(count):
            assert portal.get(url).status_code == 200
