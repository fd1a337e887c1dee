import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from agencydesk.desk import services
from agencydesk.desk.models import Attachment, Message, Ticket, Transition
from agencydesk.people.roles import Role
from tests.factories.clients import make_client, make_contact
from tests.factories.desk import make_ticket, request_type
from tests.factories.people import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _url(name, ticket, *args):
    return reverse(f"desk:{name}", args=[ticket.number, *args])


def test_staff_open_a_phone_request_on_behalf_of_a_contact(
    client_a, contact_a, manager, as_user
):
    response = as_user(manager).post(
        reverse("desk:ticket-create"),
        {
            "requester": contact_a.pk,
            "channel": "phone",
            "priority": "high",
            "request_type": request_type("Logo files").pk,
            "title": "Logo files for the printer",
            "description": "Called on Monday",
        },
    )

    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response.url == ticket.get_absolute_url()
    assert (ticket.channel, ticket.priority, ticket.requester, ticket.client) == (
        "phone",
        "high",
        contact_a,
        client_a,
    )
    assert ticket.reference == f"AD-{ticket.number}"


def test_ticket_numbers_are_gap_free(client_a):
    numbers = [make_ticket(client_a).number for _ in range(3)]
    assert numbers == [numbers[0], numbers[0] + 1, numbers[0] + 2]


def test_moving_with_htmx_swaps_the_ticket_block(client_a, manager, as_user):
    ticket = make_ticket(client_a)

    response = as_user(manager).post(
        _url("ticket-move", ticket),
        {"stage": "analysis", "status": "open", "version": ticket.version},
        HTTP_HX_REQUEST="true",
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert "Analysis (Open)" in body
    assert Ticket.objects.get(pk=ticket.pk).stage == "analysis"


def test_a_role_without_the_move_permission_is_refused(client_a, as_user):
    finance = make_staff(Role.FINANCE)
    ticket = make_ticket(client_a)

    response = as_user(finance).post(
        _url("ticket-move", ticket), {"stage": "analysis", "status": "open"}
    )

    assert response.status_code == 403
    assert Ticket.objects.get(pk=ticket.pk).stage == "screening"
    assert Transition.objects.filter(ticket=ticket).count() == 1


def test_two_people_moving_at_once_do_not_lose_an_update(client_a, manager, as_user):
    ticket = make_ticket(client_a)
    colleague = make_staff(Role.ACCOUNT_MANAGER)
    seen_version = ticket.version
    as_user(colleague).post(
        _url("ticket-move", ticket),
        {"stage": "analysis", "status": "open", "version": seen_version},
    )

    response = as_user(manager).post(
        _url("ticket-move", ticket),
        {"stage": "planning", "status": "open", "version": seen_version},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 422
    assert "Someone else changed this ticket meanwhile." in response.content.decode()
    # The second person now sees the first one's change.
    assert "Analysis (Open)" in response.content.decode()
    assert Ticket.objects.get(pk=ticket.pk).stage == "analysis"


def test_a_promised_date_in_the_past_is_refused(client_a, manager, as_user):
    ticket = make_ticket(client_a)
    yesterday = timezone.localdate() - datetime.timedelta(days=2)

    response = as_user(manager).post(
        _url("ticket-promise", ticket),
        {"promised_date": yesterday.isoformat()},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 422
    assert (
        "The promised delivery date cannot be in the past." in response.content.decode()
    )
    assert Ticket.objects.get(pk=ticket.pk).promised_date is None


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("run.exe", b"MZ"),
            "Files of type .exe cannot be attached.",
        ),
        (
            SimpleUploadedFile("big.pdf", b"x" * 2048),
            "big.pdf is larger than the limit of 1.0\xa0KB.",
        ),
    ],
)
def test_refused_attachments_change_nothing(
    upload, message, client_a, manager, as_user, settings
):
    settings.ATTACHMENT_MAX_BYTES = 1024
    ticket = make_ticket(client_a)

    response = as_user(manager).post(
        _url("ticket-message", ticket),
        {"body": "See attached", "attachments": [upload]},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 422
    assert message in response.content.decode()
    assert Message.objects.filter(ticket=ticket).count() == 0
    assert Attachment.objects.count() == 0


def test_internal_notes_and_their_files_never_reach_the_client(
    client_a, contact_a, manager, as_user
):
    ticket = make_ticket(client_a, requester=contact_a)
    note = services.message_add(
        actor=manager,
        ticket=ticket,
        body="Margin is thin on this one",
        is_internal=True,
        attachments=[SimpleUploadedFile("costs.xlsx", b"secret")],
    )
    public = services.message_add(
        actor=manager,
        ticket=ticket,
        body="We are on it",
        attachments=[SimpleUploadedFile("draft.png", b"png")],
    )
    http = as_user(contact_a.user)
    internal_file = note.attachments.get()
    public_file = public.attachments.get()

    portal = http.get(ticket.get_portal_url()).content.decode()
    assert "We are on it" in portal
    assert "Margin is thin" not in portal
    assert "costs.xlsx" not in portal

    def portal_file(attachment):
        return reverse(
            "portal:attachment-download", args=[ticket.number, attachment.pk]
        )

    assert http.get(portal_file(internal_file)).status_code == 404
    staff_url = reverse("desk:attachment", args=[public_file.pk])
    assert http.get(staff_url).status_code == 403
    download = http.get(portal_file(public_file))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"png"
    # Staff see both.
    page = as_user(manager).get(ticket.get_absolute_url()).content.decode()
    assert "Margin is thin on this one" in page
    assert "costs.xlsx" in page


def test_queue_filters_and_saved_views(client_a, client_b, manager, as_user):
    mine = make_ticket(client_a, title="Mine to do")
    services.ticket_assign(actor=manager, ticket=mine, analyst=manager)
    waiting = make_ticket(client_b, title="Waiting for sizes")
    services.ticket_move(actor=manager, ticket=waiting, status="waiting")
    make_ticket(client_b, title="Nobody has it", priority="urgent", channel="phone")
    closed = make_ticket(client_a, title="Already done")
    services.ticket_move(actor=manager, ticket=closed, status="done")
    http = as_user(manager)

    def titles(**query):
        response = http.get(reverse("desk:ticket-list"), query)
        return sorted(t.title for t in response.context["page"])

    assert titles() == ["Mine to do", "Nobody has it", "Waiting for sizes"]
    assert titles(view="mine") == ["Mine to do"]
    assert titles(view="waiting") == ["Waiting for sizes"]
    assert titles(view="unassigned") == ["Nobody has it", "Waiting for sizes"]
    assert titles(client=client_b.pk, priority="urgent") == ["Nobody has it"]
    assert titles(channel="phone") == ["Nobody has it"]
    assert titles(status="done") == ["Already done"]
    assert titles(q=f"AD-{closed.number}", status="all") == ["Already done"]
    assert titles(q="sizes") == ["Waiting for sizes"]
    assert titles(stage="nonsense", client="x") == titles()


def test_bulk_assign_and_move(client_a, manager, as_user):
    tickets = [make_ticket(client_a, title=f"T{n}") for n in range(3)]
    http = as_user(manager)

    http.post(
        reverse("desk:ticket-bulk"),
        {
            "tickets": [t.number for t in tickets[:2]],
            "action": "assign",
            "analyst": manager.pk,
        },
    )
    http.post(
        reverse("desk:ticket-bulk"),
        {
            "tickets": [t.number for t in tickets],
            "action": "move",
            "stage": "analysis",
            "status": "",
        },
    )

    rows = Ticket.objects.order_by("number").values_list("analyst", "stage")
    assert list(rows) == [
        (manager.pk, "analysis"),
        (manager.pk, "analysis"),
        (None, "analysis"),
    ]


@pytest.mark.parametrize(
    ("next_url", "lands_on"),
    [
        ("https://evil.example/phish", "/desk/tickets/"),
        ("//evil.example/", "/desk/tickets/"),
        ("/desk/tickets/?view=mine", "/desk/tickets/?view=mine"),
    ],
)
def test_bulk_returns_only_to_a_page_of_this_site(
    client_a, manager, as_user, next_url, lands_on
):
    ticket = make_ticket(client_a)
    response = as_user(manager).post(
        reverse("desk:ticket-bulk"),
        {
            "tickets": [ticket.number],
            "action": "move",
            "stage": "analysis",
            "next": next_url,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == lands_on


def test_bulk_without_a_target_says_what_is_missing_and_changes_nothing(
    client_a, manager, as_user
):
    ticket = make_ticket(client_a)
    response = as_user(manager).post(
        reverse("desk:ticket-bulk"),
        {"tickets": [ticket.number], "action": "assign", "analyst": ""},
        follow=True,
    )
    assert "Choose whom to assign the tickets to." in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.analyst_id is None


def test_bulk_refuses_a_ticket_outside_the_viewers_queue(
    client_a, client_b, specialist, as_user, settings
):
    from agencydesk.clients.models import TeamMember
    from agencydesk.core.models import Agency

    Agency.objects.update(staff_scope="own")
    TeamMember.objects.create(client=client_a, user=specialist, role="specialist")
    other = make_ticket(client_b)
    as_user(specialist).post(
        reverse("desk:ticket-bulk"),
        {"tickets": [other.number], "action": "move", "stage": "analysis"},
    )
    other.refresh_from_db()
    assert other.stage == "screening"


def test_desk_home_counts_active_tickets_per_stage_and_sla(client_a, manager, as_user):
    make_ticket(client_a)
    moved = make_ticket(client_a)
    services.ticket_move(actor=manager, ticket=moved, stage="analysis")
    done = make_ticket(client_a)
    services.ticket_move(actor=manager, ticket=done, status="done")

    counts = as_user(manager).get(reverse("desk:home")).context["counts"]

    assert [(stage, n) for stage, _label, n in counts.by_stage] == [
        ("screening", "1"),
        ("analysis", "1"),
        ("planning", "0"),
        ("production", "0"),
        ("delivery", "0"),
    ]
    assert counts.by_sla[0][::2] == ("on_track", "2")


def test_desk_home_counts_stop_at_the_cap_and_say_so(
    client_a, manager, as_user, monkeypatch
):
    monkeypatch.setattr("agencydesk.core.pagination.COUNT_CAP", 2)
    for _ in range(3):
        make_ticket(client_a)
    make_ticket(client_a, priority="high")

    page = as_user(manager).get(reverse("desk:home"))

    by_stage = dict((v, n) for v, _label, n in page.context["counts"].by_stage)
    assert (by_stage["screening"], by_stage["analysis"]) == ("2+", "0")
    assert '<div class="fs-4 fw-semibold">2+</div>' in page.content.decode()


def test_sla_report_for_a_client_and_month(client_a, manager, as_user):
    ticket = make_ticket(client_a)
    services.message_add(actor=manager, ticket=ticket, body="Hello")
    services.ticket_move(actor=manager, ticket=ticket, status="done")
    month = timezone.localdate().strftime("%Y-%m")

    report = (
        as_user(manager)
        .get(reverse("desk:report-sla"), {"client": client_a.pk, "month": month})
        .context["report"]
    )

    assert (report.opened, report.first_response_met, report.resolution_met) == (
        1,
        1,
        1,
    )
    assert (report.first_response_breached, report.resolution_breached) == (0, 0)


@pytest.mark.parametrize("rows", [1, 15])
def test_desk_pages_cost_the_same_queries_at_any_size(
    rows, manager, as_user, django_assert_num_queries
):
    clients = [make_client(f"Client {n}") for n in range(3)]
    tickets = []
    for n in range(rows):
        client = clients[n % 3]
        contact = make_contact(client)
        ticket = make_ticket(
            client,
            requester=contact,
            request_type=request_type("Banner for a campaign"),
        )
        services.ticket_assign(actor=manager, ticket=ticket, analyst=manager)
        services.message_add(actor=manager, ticket=ticket, body="Reply")
        tickets.append(ticket)
    first = tickets[0]
    services.ticket_update(actor=manager, ticket=first, tags=["ads", "q1"])
    for n in range(rows):
        services.message_add(
            actor=manager,
            ticket=first,
            body=f"Note {n}",
            attachments=[SimpleUploadedFile(f"f{n}.txt", b"x")],
        )
    services.ticket_move(
        actor=manager, ticket=Ticket.objects.get(pk=first.pk), stage="production"
    )
    http = as_user(manager)
    http.get("/")

    # The page is chosen on ids, then its 25 rows are loaded with their joins;
    # the filters' pickers list nothing until one types.
    with django_assert_num_queries(4):
        http.get(reverse("desk:ticket-list"))
    # Searching looks up matching clients first: one query more.
    with django_assert_num_queries(5):
        http.get(reverse("desk:ticket-list"), {"view": "mine", "q": "banner"})
    with django_assert_num_queries(3):
        http.get(reverse("desk:home"))
    with django_assert_num_queries(2):
        http.get(reverse("desk:board"))
    # Includes the time panel (logged vs estimate) of the timesheets app; the
    # owners' pickers show the current owners only, read with the ticket;
    # the work app's panel of the tasks made from the ticket (one query; one
    # more for the projects its production may go to, as it has no tasks)
    # and its scope panel of the change requests opened from it (one query);
    # the risks app's complaint box (one query).
    with django_assert_num_queries(15):
        http.get(first.get_absolute_url())


@pytest.mark.parametrize("size", [1, 12])
def test_the_ticket_page_costs_the_same_queries_at_any_size(
    size, client_a, contact_a, manager, as_user, django_assert_num_queries
):
    """Messages with files, moves, production steps, events, mail and tags:
    15 queries however many (19 before: watchers and copied contacts were
    read for a page that shows neither, and the owners' drop-downs listed
    every member of staff)."""
    from agencydesk.desk.models import TicketStep

    ticket = make_ticket(
        client_a,
        requester=contact_a,
        request_type=request_type("Banner for a campaign"),
    )
    services.ticket_assign(actor=manager, ticket=ticket, analyst=manager)
    services.ticket_update(
        actor=manager, ticket=ticket, tags=[f"tag{n}" for n in range(size)]
    )
    for n in range(size):
        services.message_add(
            actor=manager,
            ticket=Ticket.objects.get(pk=ticket.pk),
            body=f"Reply {n}",
            is_internal=n % 2 == 1,
            attachments=[SimpleUploadedFile(f"f{n}.txt", b"x")],
        )
        services.ticket_move(
            actor=manager,
            ticket=Ticket.objects.get(pk=ticket.pk),
            stage="production" if n % 2 == 0 else "analysis",
        )
    TicketStep.objects.bulk_create(
        TicketStep(ticket=ticket, name=f"Step {n}", order=n, owner=manager)
        for n in range(size)
    )
    page = reverse("desk:ticket-detail", args=[ticket.number])
    http = as_user(manager)
    http.get("/")

    # 11 of desk's, and the work app's panels of the ticket's tasks (with the
    # projects its production may go to: it has no tasks) and of its change
    # requests, and the risks app's complaint box (one query).
    with django_assert_num_queries(15):
        response = http.get(page)
    history = response.context["history"]
    assert sum(item.kind == "message" for item in history) == size
    assert sum(item.kind == "transition" for item in history) >= size
    assert len(response.context["ticket"].steps.all()) >= size


def test_a_limited_contact_reaches_nothing_under_a_colleagues_ticket(
    client_a, contact_a, manager
):
    from agencydesk.clients.middleware import viewer_for_user
    from agencydesk.desk.models import TicketStep

    colleague = make_contact(client_a)
    colleague.sees_all_tickets = False
    colleague.save(update_fields=["sees_all_tickets"])
    theirs = make_ticket(
        client_a,
        requester=contact_a,
        request_type=request_type("Banner for a campaign"),
    )
    services.message_add(
        actor=manager,
        ticket=theirs,
        body="Draft",
        attachments=[SimpleUploadedFile("draft.png", b"png")],
    )
    services.ticket_move(actor=manager, ticket=theirs, stage="production")
    viewer = viewer_for_user(colleague.user)

    for model in (Ticket, Message, Attachment, Transition, TicketStep):
        assert list(model.objects.visible_to(viewer)) == [], model
    everyone = viewer_for_user(contact_a.user)
    assert Attachment.objects.visible_to(everyone).count() == 1


def test_only_the_requester_may_rate(client_a, contact_a, manager):
    from agencydesk.desk.errors import RatingRefusedError

    colleague = make_contact(client_a)
    ticket = make_ticket(client_a, requester=contact_a)
    ticket = services.ticket_move(actor=manager, ticket=ticket, status="done")

    with pytest.raises(RatingRefusedError):
        services.rating_submit(actor=colleague.user, ticket=ticket, score=5)
    with pytest.raises(RatingRefusedError):
        services.rating_submit(actor=contact_a.user, ticket=ticket, score="x")
    rating = services.rating_submit(actor=contact_a.user, ticket=ticket, score="4")

    assert (rating.score, rating.rated_by) == (4, contact_a.user)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("evil.js.", "Files of type .js cannot be attached."),
        ("evil.js. . ", "Files of type .js cannot be attached."),
        ("page.html", "Files of type .html cannot be attached."),
        ("README", "Files without a type cannot be attached."),
    ],
)
def test_only_allowed_types_are_attached_whatever_the_name_says(
    name, message, client_a, manager, as_user
):
    ticket = make_ticket(client_a)

    response = as_user(manager).post(
        _url("ticket-message", ticket),
        {"body": "See attached", "attachments": [SimpleUploadedFile(name, b"x")]},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 422
    assert message in response.content.decode()
    assert Message.objects.filter(ticket=ticket).count() == 0
    assert Attachment.objects.count() == 0


def test_an_attachment_is_kept_under_its_normalised_name(client_a, manager):
    ticket = make_ticket(client_a)

    services.message_add(
        actor=manager,
        ticket=ticket,
        body="Brief",
        attachments=[SimpleUploadedFile("..\\Brief\u202e.pdf. ", b"%PDF")],
    )

    attachment = Attachment.objects.get()
    assert (attachment.filename, attachment.content_type) == (
        "Brief.pdf",
        "application/pdf",
    )


def test_the_request_types_offered_follow_the_admins_changes(manager, as_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from agencydesk.desk.models import RequestType

    http = as_user(manager)
    url = reverse("desk:ticket-create")
    assert "Logo files" in http.get(url).content.decode()
    # Kept between requests: showing the form again reads no request types.
    with CaptureQueriesContext(connection) as queries:
        http.get(url)
    assert not [q for q in queries if "desk_requesttype" in q["sql"]]

    RequestType.objects.create(name="Podcast episode", order=99)
    assert "Podcast episode" in http.get(url).content.decode()
    logo = request_type("Logo files")
    logo.is_active = False
    logo.save()
    page = http.get(url).content.decode()
    assert "Logo files" not in page and "Podcast episode" in page
