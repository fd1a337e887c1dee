"""meetings.services.feed: resetting a person's calendar feed address."""

import pytest
from django.core import signing
from django.urls import reverse

from agencydesk.meetings import ical, services
from agencydesk.meetings.errors import FeedLinkInvalidError
from agencydesk.people.roles import Role
from tests.factories.people import make_staff

pytestmark = pytest.mark.django_db


def test_a_reset_closes_the_old_address_and_opens_a_new_one(manager):
    old = ical.feed_token(manager)
    assert ical.user_from_feed_token(old) == manager

    assert services.feed_link_reset(actor=manager) == 1

    with pytest.raises(FeedLinkInvalidError):
        ical.user_from_feed_token(old)
    new = ical.feed_token(manager)
    assert new != old and ical.user_from_feed_token(new) == manager


def test_a_reset_leaves_everyone_elses_feed_alone(manager):
    other = make_staff(Role.SPECIALIST, full_name="Sam Specialist")
    theirs = ical.feed_token(other)
    services.feed_link_reset(actor=manager)
    assert ical.user_from_feed_token(theirs) == other


def test_an_address_mailed_before_resets_existed_still_works(manager):
    """Links made before feeds had versions carry no version: they are 0."""
    legacy = signing.dumps({"u": manager.pk}, salt=ical.SALT)
    assert ical.user_from_feed_token(legacy) == manager
    services.feed_link_reset(actor=manager)
    with pytest.raises(FeedLinkInvalidError):
        ical.user_from_feed_token(legacy)


def test_a_deactivated_persons_feed_is_closed(manager):
    token = ical.feed_token(manager)
    manager.is_active = False
    manager.save()
    with pytest.raises(FeedLinkInvalidError):
        ical.user_from_feed_token(token)


def test_the_page_button_resets_and_the_old_feed_is_not_found(manager, as_user):
    http = as_user(manager)
    old = ical.feed_token(manager)
    assert http.get(reverse("meetings:feed", args=[old])).status_code == 200

    response = http.post(reverse("meetings:feed-reset"), follow=True)

    assert "the old one no longer works" in response.content.decode()
    assert http.get(reverse("meetings:feed", args=[old])).status_code == 404
    new = ical.feed_token(manager)
    assert new in response.content.decode()
    assert http.get(reverse("meetings:feed", args=[new])).status_code == 200
    assert http.get(reverse("meetings:feed-reset")).status_code == 405
