"""One way to paginate (core.pagination): garbage pages, order, joins."""

import pytest
from django.test import RequestFactory

from agencydesk.core.models import Event
from agencydesk.core.pagination import paginate, paginate_by_ids
from tests.factories.clients import make_client


def _get(**params):
    return RequestFactory().get("/list/", params)


@pytest.mark.parametrize("page", ["", "abc", "-1", "0", "999", "1e9"])
def test_a_garbage_or_out_of_range_page_gives_the_nearest_page(page):
    result = paginate(_get(page=page), list(range(60)), per_page=25)
    assert result.number in (1, 3)
    assert len(result.object_list) in (25, 10)


def test_pages_cover_every_item_once_in_order():
    items = list(range(60))
    seen = []
    for number in (1, 2, 3):
        seen += list(paginate(_get(page=number), items, per_page=25).object_list)
    assert seen == items


@pytest.mark.django_db
def test_by_ids_keeps_the_order_and_the_joins(django_assert_num_queries):
    clients = [make_client(name=f"Client {n:02d}") for n in range(30)]
    for client in clients:
        Event.objects.create(client=client, verb="test.done", target_repr=client.name)
    rows = (
        Event.objects.filter(verb="test.done")
        .select_related("client")
        .order_by("-target_repr")
    )
    with django_assert_num_queries(3):  # count, the page's ids, its rows
        page = paginate_by_ids(_get(page="2"), rows, per_page=25)
        names = [event.client.name for event in page.object_list]
    assert names == [f"Client {n:02d}" for n in range(4, -1, -1)]
    assert page.paginator.count == 30
