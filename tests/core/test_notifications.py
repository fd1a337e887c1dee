"""Tests for agencydesk.core.notifications and the notification pages."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from agencydesk.core.models import Notification
from agencydesk.core.notifications import notify

# Measured once: session, user, list count, unread badge, user and group
# permissions (navigation), one page of rows.
LIST_PAGE_QUERIES = 6

BADGE = '<span class="badge text-bg-danger" id="unread-count">{}</span>'


def _unread(user) -> list[str]:
    return sorted(
        Notification.objects.filter(recipient=user, read_at__isnull=True).values_list(
            "title", flat=True
        )
    )


def test_unread_count_is_shown_in_the_navigation(manager, specialist, as_user):
    notify(recipient=manager, verb="ticket.assigned", title="Ticket 1 is yours")
    notify(recipient=manager, verb="ticket.assigned", title="Ticket 2 is yours")
    notify(recipient=specialist, verb="ticket.assigned", title="Not for Mira")

    response = as_user(manager).get(reverse("core:home"))

    assertContains(response, BADGE.format(2), html=True)


def test_no_badge_without_unread_notifications(manager, as_user):
    response = as_user(manager).get(reverse("core:home"))

    assert response.status_code == 200
    assertNotContains(response, 'id="unread-count"')


def test_opening_a_notification_marks_it_read_and_follows_its_link(manager, as_user):
    notification = notify(
        recipient=manager, verb="client.assigned", title="Alpha", url="/clients/a/"
    )
    notify(recipient=manager, verb="client.assigned", title="Beta")
    http = as_user(manager)

    response = http.post(reverse("core:notification-detail", args=[notification.pk]))

    assert response.status_code == 302
    assert response["Location"] == "/clients/a/"
    assert _unread(manager) == ["Beta"]
    assertContains(http.get(reverse("core:home")), BADGE.format(1), html=True)


@pytest.mark.parametrize(
    "url", ["https://evil.example", "//evil.example", "http:/evil.example", ""]
)
def test_notification_with_an_outside_link_leads_to_the_list(url, manager, as_user):
    notification = notify(recipient=manager, verb="x.y", title="Outside", url=url)

    response = as_user(manager).post(
        reverse("core:notification-detail", args=[notification.pk])
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("core:notification-list")
    assert _unread(manager) == []


def test_another_persons_notification_is_not_found_and_stays_unread(
    manager, specialist, as_user
):
    theirs = notify(recipient=specialist, verb="x.y", title="Sam's", url="/staff/")

    response = as_user(manager).post(
        reverse("core:notification-detail", args=[theirs.pk])
    )

    assert response.status_code == 404
    assert _unread(specialist) == ["Sam's"]


def test_anonymous_visitor_cannot_open_a_notification(manager, client):
    notification = notify(recipient=manager, verb="x.y", title="Mine")

    response = client.post(reverse("core:notification-detail", args=[notification.pk]))

    assert response.status_code == 302
    assert response["Location"] == f"/login/?next=/notifications/{notification.pk}/"
    assert _unread(manager) == ["Mine"]


def test_a_get_of_a_notification_changes_nothing(manager, as_user):
    # A link preview, a prefetch or a crawler must not mark news read.
    notification = notify(
        recipient=manager, verb="x.y", title="Alpha", url="/clients/a/"
    )

    response = as_user(manager).get(
        reverse("core:notification-detail", args=[notification.pk])
    )

    assert response.status_code == 405
    assert _unread(manager) == ["Alpha"]


def test_each_notification_opens_with_a_keyboard_usable_button(manager, as_user):
    notification = notify(recipient=manager, verb="x.y", title="Alpha", url="/a/")

    response = as_user(manager).get(reverse("core:notification-list"))

    url = reverse("core:notification-detail", args=[notification.pk])
    assertContains(
        response,
        f'<button type="submit" form="notification-open" formaction="{url}"',
        count=1,
    )
    assertContains(
        response,
        '<form id="notification-open" method="post" hidden>',
        count=1,
    )
    assert _unread(manager) == ["Alpha"]


def test_mark_all_read_marks_only_the_persons_notifications(
    manager, specialist, as_user
):
    notify(recipient=manager, verb="x.y", title="One")
    notify(recipient=manager, verb="x.y", title="Two")
    notify(recipient=specialist, verb="x.y", title="Sam's")

    response = as_user(manager).post(reverse("core:notification-read-all"))

    assert response.status_code == 302
    assert response["Location"] == reverse("core:notification-list")
    assert _unread(manager) == []
    assert _unread(specialist) == ["Sam's"]


def test_mark_all_read_needs_post(manager, as_user):
    notify(recipient=manager, verb="x.y", title="One")

    response = as_user(manager).get(reverse("core:notification-read-all"))

    assert response.status_code == 405
    assert _unread(manager) == ["One"]


def test_list_shows_the_persons_notifications_newest_first(
    manager, specialist, as_user
):
    notify(recipient=manager, verb="x.y", title="Older news")
    notify(recipient=manager, verb="x.y", title="Newer news")
    notify(recipient=specialist, verb="x.y", title="Sam's news")

    response = as_user(manager).get(reverse("core:notification-list"))

    page = response.content.decode()
    assert response.status_code == 200
    assert page.index("Newer news") < page.index("Older news")
    assertNotContains(response, "Sam&#x27;s news")
    assertContains(response, "Mark all as read", count=1)


def test_list_shows_an_empty_state_without_notifications(manager, as_user):
    response = as_user(manager).get(reverse("core:notification-list"))

    assertContains(response, "No notifications")
    assertContains(response, "When something needs your attention, it appears here.")
    assertNotContains(response, "Mark all as read")


@pytest.mark.parametrize("rows", [1, 30])
def test_list_page_costs_the_same_queries_at_any_size(
    rows, manager, as_user, django_assert_num_queries
):
    for n in range(rows):
        notify(recipient=manager, verb="x.y", title=f"News {n}")
    http = as_user(manager)

    with django_assert_num_queries(LIST_PAGE_QUERIES):
        response = http.get(reverse("core:notification-list"))

    assert response.status_code == 200
    assertContains(response, f"News {rows - 1}")


def test_a_notification_is_written_in_its_recipients_language_and_timezone(db):
    import datetime

    from django.utils import formats, timezone, translation
    from django.utils.translation import gettext as _

    from agencydesk.core.notifications import notify
    from agencydesk.people.roles import Role
    from tests.factories.people import make_staff

    reader = make_staff(Role.SPECIALIST)
    reader.language, reader.timezone = "ru", "Asia/Jakarta"
    moment = datetime.datetime(2026, 3, 2, 20, 0, tzinfo=datetime.UTC)

    with translation.override("en"):  # the person who triggers it reads English
        notification = notify(
            recipient=reader,
            verb="test",
            title=lambda: " ".join(
                [
                    _("Service desk"),
                    formats.date_format(
                        timezone.localtime(moment), "SHORT_DATE_FORMAT"
                    ),
                ]
            ),
        )

    with translation.override("ru"):
        expected = _("Service desk")
    assert notification.title == f"{expected} 03.03.2026"


def test_the_badge_is_never_stale_though_the_count_is_kept(
    manager, as_user, django_assert_num_queries
):
    """The unread count is kept between pages (one query fewer a page), and
    every change of the person's notifications shows on the next page."""
    http = as_user(manager)
    home = reverse("core:home")
    assertNotContains(http.get(home), 'id="unread-count"')

    first = notify(recipient=manager, verb="ticket.assigned", title="One")
    notify(recipient=manager, verb="ticket.assigned", title="Two")
    assertContains(http.get(home), BADGE.format(2), html=True)

    http.post(reverse("core:notification-detail", args=[first.pk]))
    assertContains(http.get(home), BADGE.format(1), html=True)

    http.post(reverse("core:notification-read-all"))
    assertNotContains(http.get(home), 'id="unread-count"')


def test_the_kept_count_saves_a_query_on_the_next_page(manager, as_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    http = as_user(manager)
    http.get(reverse("core:notification-list"))  # permissions kept from here
    notify(recipient=manager, verb="ticket.assigned", title="One")
    with CaptureQueriesContext(connection) as cold:
        http.get(reverse("core:notification-list"))
    with CaptureQueriesContext(connection) as warm:
        http.get(reverse("core:notification-list"))
    assert len(cold.captured_queries) - len(warm.captured_queries) == 1
