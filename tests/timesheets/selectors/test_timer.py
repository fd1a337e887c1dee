"""The running timer (timesheets.selectors.timer): the top bar reads it from
the cache, which starting and stopping clear."""

import pytest

from agencydesk.people.roles import Role
from agencydesk.timesheets import services
from agencydesk.timesheets.selectors import running_timer, timer_for
from tests.factories.people import make_staff


@pytest.fixture
def worker(db):
    return make_staff(Role.SPECIALIST, full_name="Wendy Worker")


def test_the_top_bar_reads_the_timer_once_then_from_the_cache(
    worker, client_a, django_assert_num_queries
):
    assert running_timer(user=worker) is None
    services.timer_start(actor=worker, client=client_a, note="Banner")

    shown = running_timer(user=worker)
    assert shown.client_name == client_a.name
    with django_assert_num_queries(0):
        assert running_timer(user=worker) == shown

    services.timer_discard(actor=worker)
    assert timer_for(user=worker) is None
    assert running_timer(user=worker) is None
