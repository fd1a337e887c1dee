"""The client's portal for tickets: list, detail, new request, reply, rating."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import formats, timezone

from agencydesk.clients.errors import ClientArchivedError
from agencydesk.clients.models import Contact
from agencydesk.clients.services import client_set_status
from agencydesk.core.models import Event
from agencydesk.desk import services
from agencydesk.desk.models import (
    Attachment,
    Channel,
    Message,
    Rating,
    Stage,
    Status,
    Ticket,
)
from agencydesk.desk.services.ratings import rating_url
from tests.factories.clients import make_contact
from tests.factories.desk import make_ticket, request_type

pytestmark = pytest.mark.django_db

# Each page: session, user, the viewer's client, unread notifications; then
# the list: count and page of tickets; the ticket page: the ticket (with type,
# requester and rating), moves, messages, their files; home: the contact with
# the client and the five tickets, the approvals waiting for the contact.
LIST_PAGE_QUERIES = 5
DETAIL_PAGE_QUERIES = 7
HOME_PAGE_QUERIES = 6
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _ticket(client, contact, manager, **fields):
    return make_ticket(client, actor=manager, requester=contact, **fields)


def _move(ticket, manager, **where):
    return services.ticket_move(actor=manager, ticket=ticket, **where)


def _numbers(response, key="page"):
    rows = response.context[key]
    return [t.number for t in (rows.object_list if key == "page" else rows)]


def _upload(name="brief.pdf", content=b"%PDF-1.4 the brief"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _state():
    return (
        Ticket.objects.count(),
        Message.objects.count(),
        Attachment.objects.count(),
        Rating.objects.count(),
    )


# --- list and home ---------------------------------------------------------


def test_contact_sees_their_clients_tickets_and_none_of_another_client(
    client_a, client_b, contact_a, contact_b, manager, as_user
):
    own = _ticket(client_a, contact_a, manager, title="Alpha spring banner")
    other = _ticket(client_b, contact_b, manager, title="Beta honey label")

    response = as_user(contact_a.user).get(reverse("portal:ticket-list"))

    body = response.content.decode()
    assert response.status_code == 200
    assert _numbers(response) == [own.number]
    assert "Alpha spring banner" in body
    assert "Beta honey label" not in body
    assert other.reference not in body


def test_list_filters_by_status_and_text(client_a, contact_a, manager, as_user):
    banner = _ticket(client_a, contact_a, manager, title="Banner for May")
    waiting = _move(
        _ticket(client_a, contact_a, manager, title="Logo files"),
        manager,
        status=Status.WAITING,
    )
    done = _move(
        _ticket(client_a, contact_a, manager, title="Landing page"),
        manager,
        status=Status.DONE,
    )
    http = as_user(contact_a.user)

    def listed(**params):
        return set(_numbers(http.get(reverse("portal:ticket-list"), params)))

    assert listed() == {banner.number, waiting.number, done.number}
    assert listed(status="active") == {banner.number, waiting.number}
    assert listed(status="waiting") == {waiting.number}
    assert listed(status="done") == {done.number}
    assert listed(status="cancelled") == set()
    assert listed(q="logo") == {waiting.number}
    assert listed(q=waiting.reference) == {waiting.number}
    assert listed(status="open", q="banner") == {banner.number}


def test_ticket_waiting_on_the_customer_carries_a_badge(
    client_a, contact_a, manager, as_user
):
    _ticket(client_a, contact_a, manager, title="Banner")
    _move(_ticket(client_a, contact_a, manager), manager, status=Status.WAITING)

    body = as_user(contact_a.user).get(reverse("portal:ticket-list")).content.decode()

    assert body.count('class="badge text-bg-warning waiting-badge"') == 1
    assert "Waiting for your answer</span>" in body


def test_empty_list_says_so_and_a_fruitless_filter_says_so_differently(
    contact_a, as_user
):
    http = as_user(contact_a.user)

    empty = http.get(reverse("portal:ticket-list")).content.decode()
    filtered = http.get(reverse("portal:ticket-list"), {"q": "nothing"})

    assert "No requests yet" in empty
    assert "No requests match" in filtered.content.decode()


def test_list_is_paginated(client_a, contact_a, manager, as_user):
    for n in range(27):
        _ticket(client_a, contact_a, manager, title=f"Request {n}")
    http = as_user(contact_a.user)

    first = http.get(reverse("portal:ticket-list"))
    second = http.get(reverse("portal:ticket-list"), {"page": "2"})

    assert len(_numbers(first)) == 25
    assert len(_numbers(second)) == 2
    assert "Page 1 of 2" in first.content.decode()


@pytest.mark.parametrize("rows", [1, 20])
def test_list_costs_the_same_queries_at_any_size(
    rows, client_a, contact_a, manager, as_user, django_assert_num_queries
):
    for n in range(rows):
        _move(
            _ticket(client_a, contact_a, manager, title=f"Request {n}"),
            manager,
            status=Status.WAITING,
        )
    http = as_user(contact_a.user)

    with django_assert_num_queries(LIST_PAGE_QUERIES):
        response = http.get(reverse("portal:ticket-list"))

    assert len(_numbers(response)) == rows


@pytest.mark.parametrize("rows", [1, 8])
def test_home_costs_the_same_queries_at_any_size(
    rows, client_a, contact_a, manager, as_user, django_assert_num_queries
):
    for _n in range(rows):
        _ticket(client_a, contact_a, manager)
    http = as_user(contact_a.user)

    with django_assert_num_queries(HOME_PAGE_QUERIES):
        response = http.get(reverse("portal:home"))

    assert len(response.context["tickets"]) == min(rows, 5)


def test_home_shows_the_latest_five_tickets_and_a_new_request_button(
    client_a, contact_a, manager, as_user
):
    tickets = [_ticket(client_a, contact_a, manager) for _n in range(6)]

    response = as_user(contact_a.user).get(reverse("portal:home"))

    body = response.content.decode()
    assert _numbers(response, "tickets") == [t.number for t in tickets[:0:-1]]
    assert '<h1 class="h3 mb-1">Alpha Coffee</h1>' in body
    assert f'href="{reverse("portal:ticket-create")}"' in body


def test_staff_and_anonymous_are_kept_out_of_portal_tickets(manager, as_user):
    url = reverse("portal:ticket-list")

    assert as_user(manager).get(url).status_code == 403
    anonymous = HttpClient().get(url)
    assert anonymous.status_code == 302
    assert anonymous.url == f"{reverse('people:login')}?next={url}"


# --- detail ----------------------------------------------------------------


def test_detail_shows_stage_status_promised_date_and_moves(
    client_a, contact_a, manager, as_user
):
    ticket = _ticket(client_a, contact_a, manager, title="Banner for May")
    ticket = _move(ticket, manager, stage=Stage.PLANNING)
    promised = timezone.localdate() + timedelta(days=30)
    services.ticket_promise(actor=manager, ticket=ticket, promised_date=promised)

    response = as_user(contact_a.user).get(ticket.get_portal_url())

    body = response.content.decode()
    assert response.status_code == 200
    assert "<dd>Planning</dd>" in body
    assert formats.date_format(promised, "DATE_FORMAT") in body
    assert "· Screening (Open)" in body
    assert "· Planning (Open)" in body


@pytest.mark.parametrize("replies", [1, 6])
def test_detail_costs_the_same_queries_at_any_size(
    replies, client_a, contact_a, manager, as_user, django_assert_num_queries
):
    ticket = _ticket(client_a, contact_a, manager)
    for n in range(replies):
        services.message_add(
            actor=manager,
            ticket=ticket,
            body=f"Reply {n}",
            attachments=[_upload(f"draft{n}.pdf")],
        )
        status = Status.WAITING if n % 2 == 0 else Status.OPEN
        ticket = _move(ticket, manager, status=status)
    http = as_user(contact_a.user)

    with django_assert_num_queries(DETAIL_PAGE_QUERIES):
        response = http.get(ticket.get_portal_url())

    kinds = [item.kind for item in response.context["history"]]
    assert kinds.count("message") == replies
    assert kinds.count("transition") == replies + 1


def test_detail_of_another_clients_ticket_is_404_and_nothing_changes(
    client_b, contact_a, contact_b, manager, as_user
):
    ticket = _move(_ticket(client_b, contact_b, manager), manager, status=Status.DONE)
    http = as_user(contact_a.user)
    before = _state()

    detail = http.get(ticket.get_portal_url())
    reply = http.post(
        reverse("portal:ticket-reply", args=[ticket.number]), {"body": "Hello"}
    )
    rate = http.post(reverse("portal:ticket-rate", args=[ticket.number]), {"score": 5})

    assert [detail.status_code, reply.status_code, rate.status_code] == [404] * 3
    assert _state() == before
    assert Ticket.objects.get(pk=ticket.pk).status == Status.DONE


def test_missing_ticket_is_404_like_another_clients(contact_a, as_user):
    url = reverse("portal:ticket-detail", args=[999999])

    assert as_user(contact_a.user).get(url).status_code == 404


def test_internal_note_never_reaches_the_contact(client_a, contact_a, manager, as_user):
    ticket = _ticket(client_a, contact_a, manager)
    services.message_add(
        actor=manager, ticket=ticket, body="secret plan", is_internal=True
    )
    services.message_add(actor=manager, ticket=ticket, body="Draft attached")
    http = as_user(contact_a.user)

    page = http.get(ticket.get_portal_url()).content.decode()
    fragment = http.post(
        reverse("portal:ticket-reply", args=[ticket.number]),
        {"body": "Thanks!"},
        **HTMX,
    ).content.decode()

    assert "Draft attached" in page
    assert "secret plan" not in page
    assert "Thanks!" in fragment
    assert "secret plan" not in fragment


def test_limited_contact_sees_only_tickets_they_requested_or_are_copied_on(
    client_a, contact_a, manager, as_user
):
    limited = make_contact(client_a, full_name="Lina Limited")
    # No service changes this flag yet; the row is set directly.
    Contact.objects.filter(pk=limited.pk).update(sees_all_tickets=False)
    requested = _ticket(client_a, limited, manager, title="Mine")
    copied = _ticket(client_a, contact_a, manager, title="Copied", cc=[limited])
    colleague = _ticket(client_a, contact_a, manager, title="Colleague's")
    http = as_user(limited.user)

    listed = _numbers(http.get(reverse("portal:ticket-list")))
    hidden = http.get(colleague.get_portal_url())
    everyone = _numbers(as_user(contact_a.user).get(reverse("portal:ticket-list")))

    assert sorted(listed) == [requested.number, copied.number]
    assert hidden.status_code == 404
    assert sorted(everyone) == [requested.number, copied.number, colleague.number]


def test_limited_contact_replies_on_their_own_ticket_only(
    client_a, contact_a, manager, as_user
):
    limited = make_contact(client_a, full_name="Lina Limited")
    Contact.objects.filter(pk=limited.pk).update(sees_all_tickets=False)
    limited.user.refresh_from_db()
    own = _ticket(client_a, limited, manager, title="Mine")
    colleague = _ticket(client_a, contact_a, manager, title="Colleague's")

    response = as_user(limited.user).post(
        reverse("portal:ticket-reply", args=[own.number]), {"body": "On mine."}
    )
    # The service refuses too, whatever page calls it.
    with pytest.raises(Http404):
        services.message_add(actor=limited.user, ticket=colleague, body="Sneaky.")

    assert response.status_code == 302
    assert list(Message.objects.filter(ticket=own).values_list("body", flat=True)) == [
        "On mine."
    ]
    assert not Message.objects.filter(ticket=colleague).exists()


# --- new request -----------------------------------------------------------


def test_new_request_with_attachments_opens_a_portal_ticket(
    client_a, contact_a, as_user, settings
):
    banner = request_type("Banner for a campaign")
    data = {
        "title": "Banner for the June sale",
        "description": "Three sizes, see the brief.",
        "priority": "high",
        "request_type": str(banner.pk),
        "attachments": [_upload(), _upload("logo.png", b"PNG bytes")],
    }

    response = as_user(contact_a.user).post(reverse("portal:ticket-create"), data)

    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("portal:ticket-detail", args=[ticket.number])
    assert (ticket.client, ticket.requester, ticket.channel) == (
        client_a,
        contact_a,
        Channel.PORTAL,
    )
    assert (ticket.title, ticket.priority, ticket.request_type) == (
        "Banner for the June sale",
        "high",
        banner,
    )
    files = Attachment.objects.filter(message__ticket=ticket).order_by("filename")
    assert [(f.filename, f.size) for f in files] == [
        ("brief.pdf", 18),
        ("logo.png", 9),
    ]
    stored = settings.MEDIA_ROOT / files[0].file.name
    assert stored.read_bytes() == b"%PDF-1.4 the brief"


def test_forbidden_file_type_is_refused_and_nothing_is_created(contact_a, as_user):
    data = {
        "title": "Urgent",
        "priority": "normal",
        "attachments": [_upload("virus.exe", b"MZ")],
    }

    response = as_user(contact_a.user).post(reverse("portal:ticket-create"), data)

    assert response.status_code == 422
    assert "Files of type .exe cannot be attached." in response.content.decode()
    assert _state() == (0, 0, 0, 0)


def test_file_over_the_size_limit_is_refused_and_nothing_is_created(
    contact_a, as_user, settings
):
    settings.ATTACHMENT_MAX_BYTES = 1024 * 1024
    data = {
        "title": "Big file",
        "priority": "normal",
        "attachments": [_upload("big.pdf", b"x" * (1024 * 1024 + 1))],
    }

    response = as_user(contact_a.user).post(reverse("portal:ticket-create"), data)

    assert response.status_code == 422
    assert "big.pdf is larger than the limit of 1.0\xa0MB." in response.content.decode()
    assert _state() == (0, 0, 0, 0)


def test_garbage_request_form_is_422_with_field_errors(contact_a, as_user):
    response = as_user(contact_a.user).post(
        reverse("portal:ticket-create"),
        {"x": "garbage", "priority": "emperor", "request_type": "nope"},
    )

    form = response.context["form"]
    assert response.status_code == 422
    assert form.errors == {
        "title": ["This field is required."],
        "priority": [
            "Select a valid choice. emperor is not one of the available choices."
        ],
        "request_type": [
            "Select a valid choice. That choice is not one of the available choices."
        ],
    }
    assert Ticket.objects.count() == 0


def test_new_request_form_offers_only_active_request_types(contact_a, as_user):
    retired = request_type("Logo files")
    retired.is_active = False
    retired.save(update_fields=["is_active"])

    form = as_user(contact_a.user).get(reverse("portal:ticket-create")).context["form"]

    assert list(
        form.fields["request_type"].queryset.values_list("name", flat=True)
    ) == [
        "Banner for a campaign",
        "Landing page",
    ]


# --- reply -----------------------------------------------------------------


def test_reply_on_a_waiting_ticket_brings_it_back_to_the_team(
    client_a, contact_a, manager, as_user
):
    ticket = _move(_ticket(client_a, contact_a, manager), manager, status="waiting")

    response = as_user(contact_a.user).post(
        reverse("portal:ticket-reply", args=[ticket.number]),
        {"body": "Here is the copy."},
    )

    ticket.refresh_from_db()
    message = Message.objects.get(ticket=ticket)
    assert response.status_code == 302
    assert response.url == ticket.get_portal_url()
    assert ticket.status == Status.OPEN
    assert (message.author, message.body, message.is_internal) == (
        contact_a.user,
        "Here is the copy.",
        False,
    )


def test_htmx_reply_swaps_the_fragment_with_the_new_state(
    client_a, contact_a, manager, as_user
):
    ticket = _move(_ticket(client_a, contact_a, manager), manager, status="waiting")

    response = as_user(contact_a.user).post(
        reverse("portal:ticket-reply", args=[ticket.number]),
        {"body": "Here is the copy.", "attachments": [_upload("copy.txt", b"Hi")]},
        **HTMX,
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert response.templates[0].name == "portal/partials/ticket_main.html"
    assert body.startswith('<div id="ticket-main">')
    assert "Your reply was sent." in body
    assert "Here is the copy." in body
    assert "copy.txt" in body
    assert "waiting-badge" not in body


def test_empty_reply_is_refused_with_422(client_a, contact_a, manager, as_user):
    ticket = _ticket(client_a, contact_a, manager)

    response = as_user(contact_a.user).post(
        reverse("portal:ticket-reply", args=[ticket.number]), {"body": "   "}, **HTMX
    )

    assert response.status_code == 422
    assert "Write a message before sending it." in response.content.decode()
    assert Message.objects.count() == 0


def test_reply_on_a_cancelled_ticket_is_refused_with_422(
    client_a, contact_a, manager, as_user
):
    ticket = _move(_ticket(client_a, contact_a, manager), manager, status="cancelled")

    response = as_user(contact_a.user).post(
        reverse("portal:ticket-reply", args=[ticket.number]), {"body": "Still there?"}
    )

    assert response.status_code == 422
    assert "This ticket is closed. Reopen it to continue." in response.content.decode()
    assert Message.objects.count() == 0


def test_reply_with_a_forbidden_file_is_refused_and_saves_nothing(
    client_a, contact_a, manager, as_user
):
    ticket = _ticket(client_a, contact_a, manager)

    response = as_user(contact_a.user).post(
        reverse("portal:ticket-reply", args=[ticket.number]),
        {"body": "See attached", "attachments": [_upload("run.bat", b"echo")]},
    )

    assert response.status_code == 422
    assert "Files of type .bat cannot be attached." in response.content.decode()
    assert (Message.objects.count(), Attachment.objects.count()) == (0, 0)


def test_reply_page_refuses_get(client_a, contact_a, manager, as_user):
    ticket = _ticket(client_a, contact_a, manager)
    url = reverse("portal:ticket-reply", args=[ticket.number])

    assert as_user(contact_a.user).get(url).status_code == 405


# --- attachments -----------------------------------------------------------


def test_public_attachment_downloads_and_others_are_404(
    client_a, contact_a, contact_b, manager, as_user
):
    ticket = _ticket(client_a, contact_a, manager)
    public = services.message_add(
        actor=manager, ticket=ticket, body="Draft", attachments=[_upload()]
    )
    note = services.message_add(
        actor=manager,
        ticket=ticket,
        body="Costs",
        is_internal=True,
        attachments=[_upload("costs.pdf", b"secret")],
    )
    shown = public.attachments.get()
    hidden = note.attachments.get()

    def url(attachment):
        return reverse(
            "portal:attachment-download", args=[ticket.number, attachment.pk]
        )

    response = as_user(contact_a.user).get(url(shown))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 the brief"
    assert response["Content-Disposition"] == 'attachment; filename="brief.pdf"'
    assert as_user(contact_a.user).get(url(hidden)).status_code == 404
    assert as_user(contact_b.user).get(url(shown)).status_code == 404


# --- rating in the portal --------------------------------------------------


def test_done_ticket_offers_the_rating_form(client_a, contact_a, manager, as_user):
    open_ticket = _ticket(client_a, contact_a, manager)
    done = _move(_ticket(client_a, contact_a, manager), manager, status=Status.DONE)
    http = as_user(contact_a.user)

    assert "Rate this request" in http.get(done.get_portal_url()).content.decode()
    assert (
        "Rate this request"
        not in http.get(open_ticket.get_portal_url()).content.decode()
    )


def test_rating_a_done_ticket_saves_it_and_shows_it(
    client_a, contact_a, manager, as_user
):
    ticket = _move(_ticket(client_a, contact_a, manager), manager, status=Status.DONE)
    http = as_user(contact_a.user)

    response = http.post(
        reverse("portal:ticket-rate", args=[ticket.number]),
        {"score": "4", "comment": "Quick and clean"},
    )
    page = http.get(ticket.get_portal_url()).content.decode()

    rating = Rating.objects.get(ticket=ticket)
    assert response.status_code == 302
    assert (rating.score, rating.comment, rating.rated_by) == (
        4,
        "Quick and clean",
        contact_a.user,
    )
    assert "4 of 5 — Quick and clean" in page
    assert "Send rating" not in page


def test_htmx_rating_answers_with_thanks(client_a, contact_a, manager, as_user):
    ticket = _move(_ticket(client_a, contact_a, manager), manager, status=Status.DONE)

    response = as_user(contact_a.user).post(
        reverse("portal:ticket-rate", args=[ticket.number]), {"score": "5"}, **HTMX
    )

    assert response.status_code == 200
    assert "Thank you for your rating." in response.content.decode()
    assert Rating.objects.get(ticket=ticket).score == 5


def test_a_ticket_that_is_not_done_cannot_be_rated(
    client_a, contact_a, manager, as_user
):
    ticket = _ticket(client_a, contact_a, manager)

    response = as_user(contact_a.user).post(
        reverse("portal:ticket-rate", args=[ticket.number]), {"score": "5"}
    )

    assert response.status_code == 422
    assert "Only finished tickets can be rated." in response.content.decode()
    assert Rating.objects.count() == 0


def test_only_the_requester_is_offered_the_rating_and_may_rate(
    client_a, contact_a, manager, as_user
):
    ticket = _move(_ticket(client_a, contact_a, manager), manager, status=Status.DONE)
    colleague = make_contact(client_a, full_name="Cai Colleague")
    http = as_user(colleague.user)

    page = http.get(ticket.get_portal_url()).content.decode()
    response = http.post(
        reverse("portal:ticket-rate", args=[ticket.number]), {"score": "5"}
    )

    assert "Send rating" not in page
    assert response.status_code == 422
    assert "Only the person who made the request can rate it." in (
        response.content.decode()
    )
    assert Rating.objects.count() == 0


@pytest.mark.parametrize("score", ["0", "6", "x", ""])
def test_score_outside_one_to_five_is_refused(
    score, client_a, contact_a, manager, as_user
):
    ticket = _move(_ticket(client_a, contact_a, manager), manager, status=Status.DONE)

    response = as_user(contact_a.user).post(
        reverse("portal:ticket-rate", args=[ticket.number]), {"score": score}
    )

    assert response.status_code == 422
    assert "Choose a score from 1 to 5." in response.content.decode()
    assert Rating.objects.count() == 0


# --- the signed rating link ------------------------------------------------


def test_rating_link_works_without_signing_in(client_a, contact_a, manager):
    ticket = _move(_ticket(client_a, contact_a, manager), manager, status=Status.DONE)
    link = rating_url(ticket, score=5)
    http = HttpClient()

    shown = http.get(link)
    saved = http.post(link, {"score": "5", "comment": "Great"})

    rating = Rating.objects.get(ticket=ticket)
    assert shown.status_code == 200
    assert shown.content.decode().count(" checked>") == 1
    assert 'value="5" class="btn-check" id="id_score_4" required checked>' in (
        shown.content.decode()
    )
    assert saved.status_code == 302
    assert saved.url == link.split("?")[0]
    assert (rating.score, rating.comment, rating.rated_by) == (5, "Great", None)


def test_rating_link_refuses_a_bad_score(client_a, contact_a, manager):
    ticket = _move(_ticket(client_a, contact_a, manager), manager, status=Status.DONE)

    response = HttpClient().post(rating_url(ticket), {"score": "9"})

    assert response.status_code == 422
    assert "Choose a score from 1 to 5." in response.content.decode()
    assert Rating.objects.count() == 0


def test_rating_link_of_an_unfinished_ticket_explains_and_refuses(
    client_a, contact_a, manager
):
    ticket = _ticket(client_a, contact_a, manager)
    http = HttpClient()

    shown = http.get(rating_url(ticket))
    refused = http.post(rating_url(ticket), {"score": "5"})

    assert "This request can be rated once it is done." in shown.content.decode()
    assert refused.status_code == 422
    assert "Only finished tickets can be rated." in refused.content.decode()
    assert Rating.objects.count() == 0


@pytest.mark.parametrize("method", ["get", "post"])
def test_tampered_rating_link_is_404_and_saves_nothing(
    method, client_a, contact_a, manager
):
    ticket = _move(_ticket(client_a, contact_a, manager), manager, status=Status.DONE)
    link = rating_url(ticket)
    tampered = link[:-2] + ("A" if link[-2] != "A" else "B") + "/"

    response = getattr(HttpClient(), method)(tampered, {"score": "5"})

    assert response.status_code == 404
    assert Rating.objects.count() == 0


def test_garbage_rating_token_is_404():
    url = reverse("portal:rate-link", args=["not-a-token"])

    assert HttpClient().get(url).status_code == 404


@pytest.mark.parametrize("score", ["9", "x", ""])
def test_rating_link_ignores_a_garbage_score_parameter(
    score, client_a, contact_a, manager
):
    ticket = _move(_ticket(client_a, contact_a, manager), manager, status=Status.DONE)

    response = HttpClient().get(rating_url(ticket), {"score": score})

    assert response.status_code == 200
    assert response.content.decode().count(" checked>") == 0
    assert Rating.objects.count() == 0


def _archived_with_done_ticket(client_a, contact_a, manager):
    ticket = _move(_ticket(client_a, contact_a, manager), manager, status=Status.DONE)
    client_set_status(actor=manager, client=client_a, status="archived")
    return ticket


@pytest.mark.parametrize("method", ["get", "post"])
def test_rating_link_of_an_archived_account_is_gone_and_saves_nothing(
    method, client_a, contact_a, manager
):
    ticket = _archived_with_done_ticket(client_a, contact_a, manager)
    events = Event.objects.count()

    response = getattr(HttpClient(), method)(
        rating_url(ticket, score=5), {"score": "5"}
    )

    page = response.content.decode()
    assert response.status_code == 410
    assert "This account is closed, so this request can no longer be rated." in page
    assert "Rating closed" in page and "Thank you all the same." in page
    assert "Send rating" not in page
    assert Rating.objects.count() == 0
    assert Event.objects.count() == events


def test_a_signed_in_rating_of_an_archived_account_is_refused(
    client_a, contact_a, manager
):
    ticket = _archived_with_done_ticket(client_a, contact_a, manager)

    with pytest.raises(ClientArchivedError):
        services.rating_submit(actor=contact_a.user, ticket=ticket, score=5)
    assert Rating.objects.count() == 0
