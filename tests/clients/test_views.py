import pytest
from django.urls import reverse

from agencydesk.clients import services
from agencydesk.clients.models import Client
from tests.factories.clients import make_client, make_contact
from tests.factories.people import make_staff

pytestmark = pytest.mark.django_db


def _team(client, *people):
    for person in people:
        services.team_member_add(
            actor=None, client=client, user=person, role="specialist"
        )


def test_client_list_filters_by_text_status_and_country(manager, as_user):
    make_client("Kopi Nusantara", status="active")
    make_client("Taiga Honey", country="RU", timezone="Europe/Moscow", status="active")
    make_client("Kopi Baru", status="prospect")
    http = as_user(manager)

    def names(**query):
        response = http.get(reverse("clients:client-list"), query)
        return [c.name for c in response.context["page"]]

    assert names() == ["Kopi Baru", "Kopi Nusantara", "Taiga Honey"]
    assert names(q="kopi") == ["Kopi Baru", "Kopi Nusantara"]
    assert names(status="active") == ["Kopi Nusantara", "Taiga Honey"]
    assert names(country="RU") == ["Taiga Honey"]
    # Garbage filters are ignored, not a server error.
    assert names(status="nonsense", country="XX") == [
        "Kopi Baru",
        "Kopi Nusantara",
        "Taiga Honey",
    ]


def test_client_list_paginates_and_shows_an_empty_state(manager, as_user):
    http = as_user(manager)
    empty = http.get(reverse("clients:client-list"))
    assert "No clients match" in empty.content.decode()

    for n in range(30):
        make_client(f"Client {n:02d}")
    first = http.get(reverse("clients:client-list"))
    second = http.get(reverse("clients:client-list"), {"page": "2"})
    garbage = http.get(reverse("clients:client-list"), {"page": "zzz"})

    assert len(first.context["page"]) == 25
    assert [c.name for c in second.context["page"]] == [
        f"Client {n}" for n in range(25, 30)
    ]
    assert garbage.status_code == 200
    assert garbage.context["page"].number == 1
    assert "1–25 of 30" in first.content.decode()


def test_creating_a_client_from_the_form(manager, as_user):
    response = as_user(manager).post(
        reverse("clients:client-create"),
        {
            "name": "Lion City Eats",
            "slug": "",
            "country": "SG",
            "timezone": "Asia/Singapore",
            "language": "en",
            "currency": "SGD",
            "status": "onboarding",
        },
    )

    client = Client.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("clients:client-detail", args=["lion-city-eats"])
    assert (client.name, client.currency, client.status) == (
        "Lion City Eats",
        "SGD",
        "onboarding",
    )


@pytest.mark.parametrize(
    "garbage",
    [
        {},
        {"name": "X", "country": "ZZ", "timezone": "Mars/Base", "currency": "XXX"},
        {"name": "x" * 500, "slug": "not a slug!", "status": "deleted"},
    ],
)
def test_a_garbage_client_form_says_what_is_wrong_and_creates_nothing(
    garbage, manager, as_user
):
    response = as_user(manager).post(reverse("clients:client-create"), garbage)

    assert response.status_code == 422
    assert response.context["form"].errors
    assert Client.objects.count() == 0


def test_a_taken_short_name_is_reported_on_the_form(client_a, manager, as_user):
    response = as_user(manager).post(
        reverse("clients:client-create"),
        {
            "name": "Copy",
            "slug": client_a.slug,
            "country": "ID",
            "timezone": "Asia/Jakarta",
            "language": "id",
            "currency": "IDR",
            "status": "prospect",
        },
    )

    assert response.status_code == 422
    assert "Another client already uses this short name." in response.content.decode()
    assert Client.objects.count() == 1


def test_client_page_shows_profile_team_contacts_and_timeline(
    client_a, manager, as_user
):
    _team(client_a, manager)
    make_contact(client_a, full_name="Maya Sari")

    page = as_user(manager).get(client_a.get_absolute_url()).content.decode()

    assert "Asia/Jakarta" in page
    assert "Mira Manager" in page
    assert "Maya Sari" in page
    assert "opened the account Alpha Coffee." in page
    assert "added the contact Maya Sari." in page


def test_timeline_filter_answers_htmx_with_the_fragment(client_a, manager, as_user):
    make_contact(client_a, full_name="Maya Sari")

    response = as_user(manager).get(
        client_a.get_absolute_url(), {"q": "Maya"}, HTTP_HX_REQUEST="true"
    )

    body = response.content.decode()
    assert "<html" not in body
    assert "added the contact Maya Sari." in body
    assert "opened the account" not in body


def test_unknown_client_is_404(manager, as_user):
    response = as_user(manager).get(reverse("clients:client-detail", args=["nope"]))
    assert response.status_code == 404


@pytest.mark.parametrize("rows", [2, 12])
def test_pages_cost_the_same_queries_at_any_size(
    rows, manager, as_user, django_assert_num_queries
):
    people = [make_staff(full_name=f"Person {n}") for n in range(3)]
    clients = [make_client(f"Client {n:02d}") for n in range(rows)]
    for client in clients:
        _team(client, *people)
        make_contact(client)
    http = as_user(manager)
    http.get("/")  # warm the session

    # The account manager's home (its panels with rows are pinned in
    # tests/core/test_role_homes.py); this one manages none of the clients.
    with django_assert_num_queries(5):
        http.get(reverse("core:home"))
    with django_assert_num_queries(3):
        listed = http.get(reverse("clients:client-list"))
    # The client page composes panels of several apps (desk health, lifecycle,
    # meetings, materials, planning, KPIs, complaints and risks): each reads a
    # fixed number of queries.
    with django_assert_num_queries(17):
        http.get(clients[0].get_absolute_url())

    # Each row is on the list, with its team and contact counts.
    assert [
        (c.name, c.team_count, c.contact_count) for c in listed.context["page"]
    ] == [(client.name, 3, 1) for client in clients]
    assert f"Client {rows - 1:02d}" in listed.content.decode()
