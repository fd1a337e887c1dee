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


# Counts that do not grow with the data: exact under COUNT_CAP, a bound past it.


def _events(n: int) -> None:
    client = make_client(name="Rows")
    Event.objects.bulk_create(
        Event(client=client, verb="test.row", target_repr=f"{i:04d}") for i in range(n)
    )


def _rows():
    return Event.objects.filter(verb="test.row").order_by("target_repr")


def _names(page) -> list[str]:
    return [event.target_repr for event in page.object_list]


def _bar(page) -> str:
    from django.template.loader import render_to_string

    request = _get(page=str(page.number))
    return " ".join(
        render_to_string(
            "core/partials/pagination.html", {"page": page}, request=request
        ).split()
    )


@pytest.fixture
def cap(monkeypatch):
    from agencydesk.core import pagination

    monkeypatch.setattr(pagination, "COUNT_CAP", 10)
    return 10


@pytest.mark.django_db
def test_under_the_cap_the_count_is_exact(cap, django_assert_num_queries):
    _events(cap)  # exactly the cap: still exact
    with django_assert_num_queries(2):  # the capped count, the page's rows
        page = paginate(_get(page="2"), _rows(), per_page=4)
        names = _names(page)
    assert names == ["0004", "0005", "0006", "0007"]
    assert (page.paginator.count, page.paginator.num_pages) == (10, 3)
    assert page.has_next() and page.has_previous()
    assert "5–8 of 10" in _bar(page)
    assert "Page 2 of 3" in _bar(page)


@pytest.mark.django_db
def test_past_the_cap_the_count_is_a_bound(cap, django_assert_num_queries):
    _events(cap + 1)
    with django_assert_num_queries(2):  # the capped count, the page's rows + 1
        page = paginate(_get(page="1"), _rows(), per_page=4)
        names = _names(page)
    assert names == ["0000", "0001", "0002", "0003"]
    assert page.paginator.count is None and page.paginator.num_pages is None
    assert page.paginator.bound == cap
    assert page.has_next()
    bar = _bar(page)
    assert "1–4 of more than 10" in bar
    assert "Page 1<" in bar and "Page 1 of" not in bar
    assert 'rel="next" href="?page=2"' in bar


@pytest.mark.django_db
def test_the_count_sql_stops_at_the_cap_and_drops_the_order(cap):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _events(3)
    with CaptureQueriesContext(connection) as queries:
        paginate(_get(), _rows(), per_page=2)
    count_sql = queries.captured_queries[0]["sql"]
    assert "COUNT(" in count_sql and "LIMIT 11" in count_sql
    assert "ORDER BY" not in count_sql


@pytest.mark.django_db
def test_the_bound_is_written_as_the_language_writes_numbers(monkeypatch):
    from django.utils import translation

    from agencydesk.core import pagination

    monkeypatch.setattr(pagination, "COUNT_CAP", 1000)
    counted = pagination.Counted(25, None, bound=1000)
    assert counted.total_display == "more than 1,000"
    assert pagination.Counted(25, 23400).total_display == "23,400"
    with translation.override("ru"):
        assert "1\xa0000" in counted.total_display


@pytest.mark.django_db
@pytest.mark.parametrize("by_ids", [False, True])
def test_next_reaches_the_last_page_past_the_bound(cap, by_ids):
    _events(23)
    pager = paginate_by_ids if by_ids else paginate
    seen, number = [], 1
    while True:
        page = pager(_get(page=str(number)), _rows(), per_page=4)
        assert page.number == number
        seen += _names(page)
        if not page.has_next():
            break
        assert page.paginator.count is None  # a bound while rows remain
        number = page.next_page_number()
    assert seen == [f"{i:04d}" for i in range(23)]
    assert number == 6
    # The last page knows the exact total from its own rows.
    assert (page.paginator.count, page.paginator.num_pages) == (23, 6)
    assert "21–23 of 23" in _bar(page)


@pytest.mark.django_db
def test_a_page_beyond_the_bound_shows_its_rows(cap, django_assert_num_queries):
    _events(40)
    with django_assert_num_queries(2):
        page = paginate(_get(page="5"), _rows(), per_page=4)  # rows 17–20 > cap
        names = _names(page)
    assert names == ["0016", "0017", "0018", "0019"]
    assert page.has_next() and page.paginator.count is None
    # The count went as far as this page and one row more: that is the bound.
    assert "17–20 of more than 20" in _bar(page)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "raw, number",
    [
        ("", 1),
        ("abc", 1),
        ("-1", 1),
        ("0", 1),
        ("1.5", 1),
        ("1e9", 1),
        ("9" * 30, 6),
        ("999", 6),
        ("9" * 5000, 1),
    ],
)
def test_garbage_or_out_of_range_pages_past_the_bound(cap, raw, number):
    _events(23)
    page = paginate(_get(page=raw), _rows(), per_page=4)
    assert page.number == number
    assert _names(page) == (
        ["0000", "0001", "0002", "0003"] if number == 1 else ["0020", "0021", "0022"]
    )
    if number == 6:  # past the end: the last page, counted exactly
        assert page.paginator.count == 23 and not page.has_next()


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [3, 60])
def test_the_same_queries_at_any_size(cap, rows, django_assert_num_queries):
    _events(rows)
    with django_assert_num_queries(2):
        list(paginate(_get(page="2"), _rows(), per_page=2))
    with django_assert_num_queries(3):  # count, ids, rows
        list(paginate_by_ids(_get(page="2"), _rows(), per_page=2))


def test_an_empty_list_has_one_empty_page():
    page = paginate(_get(page="3"), [], per_page=25)
    assert (page.number, list(page), page.has_other_pages()) == (1, [], False)
    assert page.paginator.count == 0 and page.start_index() == 0


@pytest.mark.django_db
def test_counts_upto_counts_each_part_in_one_statement(cap, django_assert_num_queries):
    from agencydesk.core.pagination import count_display, counts_upto

    _events(cap + 5)
    rows = _rows()
    parts = [rows, rows.filter(target_repr__lt="0003"), rows.none()]
    with django_assert_num_queries(1):
        counts = counts_upto(parts)
    assert counts == [cap + 1, 3, 0]
    assert [count_display(n) for n in counts] == ["10+", "3", "0"]
