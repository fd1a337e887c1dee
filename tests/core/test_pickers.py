"""Pickers: the suggestions endpoint (core:pick) and the field that resolves
typed text, both in the viewer's scope."""

import pytest
from django.urls import reverse

from agencydesk.clients.middleware import viewer_for_user
from agencydesk.clients.services import team_member_add
from agencydesk.core.forms import Form
from agencydesk.core.models import Agency
from agencydesk.core.pickers import PickerField
from tests.factories.clients import make_client, make_contact

pytestmark = pytest.mark.django_db

CHOOSE = "Choose one of the suggestions: type a name or an e-mail address."


def _pick(http, name, **params):
    return http.get(reverse("core:pick", args=[name]), params)


def _own_scope(specialist, client):
    Agency.objects.filter(pk=1).update(staff_scope=Agency.StaffScope.OWN_CLIENTS)
    team_member_add(actor=None, client=client, user=specialist, role="specialist")


def test_suggestions_are_options_keyed_by_short_name_ordered_by_name(
    client_a, client_b, admin_user, as_user
):
    response = _pick(as_user(admin_user), "clients", q="")

    assert response.status_code == 200
    assert response.content.decode().strip().splitlines() == [
        '<option value="alpha-coffee">Alpha Coffee</option>',
        '<option value="beta-honey">Beta Honey</option>',
    ]


def test_the_query_is_also_read_from_the_inputs_own_name(
    client_a, client_b, admin_user, as_user
):
    response = _pick(as_user(admin_user), "clients", client="honey")

    assert response.content.decode().strip() == (
        '<option value="beta-honey">Beta Honey</option>'
    )


def test_contacts_are_found_by_name_address_or_client(
    contact_a, contact_b, admin_user, as_user
):
    http = as_user(admin_user)
    expected = (
        f'<option value="{contact_b.user.email}">Beta Honey — Boris Beta</option>'
    )

    # The local part up to the "@" is unique (the factories number addresses).
    address = contact_b.user.email.split("@")[0] + "@"
    for query in ("boris", address, "beta hon"):
        assert _pick(http, "contacts", q=query).content.decode().strip() == expected


def test_staff_are_found_by_name_or_address(admin_user, manager, as_user):
    answer = _pick(as_user(admin_user), "staff", q="mira").content.decode()

    assert answer.strip() == f'<option value="{manager.email}">Mira Manager</option>'


def test_at_most_twenty_suggestions(admin_user, as_user):
    for n in range(25):
        make_client(f"Client {n:02d}")

    answer = _pick(as_user(admin_user), "clients", q="client").content.decode()

    assert answer.count("<option") == 20
    assert "Client 19" in answer
    assert "Client 20" not in answer


def test_a_specialist_on_need_to_know_is_offered_only_their_clients(
    contact_a, contact_b, specialist, as_user
):
    _own_scope(specialist, contact_a.client)
    http = as_user(specialist)

    clients = _pick(http, "clients", q="").content.decode()
    contacts = _pick(http, "contacts", q="").content.decode()
    searched = _pick(http, "clients", q="Beta").content.decode()

    assert "Alpha Coffee" in clients
    assert "Beta Honey" not in clients
    assert "Ani Alpha" in contacts
    assert "Beta" not in contacts
    assert searched.strip() == ""


@pytest.mark.parametrize("name", ["clients", "active-clients", "contacts", "staff"])
def test_a_contact_may_not_use_the_pickers(name, contact_a, contact_b, as_user):
    response = _pick(as_user(contact_a.user), name, q="")

    assert response.status_code == 403
    assert b"Beta" not in response.content


def test_anonymous_is_sent_to_sign_in(client_a, client):
    response = _pick(client, "clients", q="")

    assert response.status_code == 302
    assert b"Alpha" not in response.content


@pytest.mark.parametrize(
    "query",
    [
        "x" * 10_000,
        "' OR 1=1 --",
        "%",
        "_",
        "\\",
        '"><script>alert(1)</script>',
        "\x00",
        "a\x00b",
    ],
)
def test_hostile_queries_find_nothing(query, client_a, client_b, admin_user, as_user):
    response = _pick(as_user(admin_user), "clients", q=query)

    assert response.status_code == 200
    assert response.content.decode().strip() == ""


def test_an_unknown_picker_is_not_found(admin_user, as_user):
    assert _pick(as_user(admin_user), "passwords", q="").status_code == 404


def test_the_endpoint_answers_get_only(admin_user, as_user):
    http = as_user(admin_user)

    assert http.post(reverse("core:pick", args=["clients"])).status_code == 405


@pytest.mark.parametrize("rows", [1, 30])
def test_the_endpoint_costs_the_same_queries_at_any_size(
    rows, admin_user, as_user, django_assert_num_queries
):
    for _ in range(rows):
        make_contact(make_client())
    http = as_user(admin_user)
    http.get("/")

    # Session, user, permissions (2, every request's), then the one search.
    with django_assert_num_queries(2):
        _pick(http, "contacts", q="contact")
    with django_assert_num_queries(2):
        _pick(http, "clients", q="")


class _ClientForm(Form):
    client = PickerField("clients")


def _clean(viewer, text):
    form = _ClientForm({"client": text}, viewer=viewer)
    return form.cleaned_data["client"] if form.is_valid() else form.errors["client"]


def test_the_field_accepts_the_short_name_the_id_or_a_unique_name(
    client_a, client_b, admin_user
):
    viewer = viewer_for_user(admin_user)

    assert _clean(viewer, "beta-honey") == client_b
    assert _clean(viewer, " BETA-HONEY ") == client_b
    assert _clean(viewer, str(client_b.pk)) == client_b
    assert _clean(viewer, "beta honey") == client_b


def test_the_field_refuses_an_ambiguous_or_unknown_name(client_a, admin_user):
    make_client("Alpha Coffee", slug="alpha-coffee-2")
    viewer = viewer_for_user(admin_user)

    assert _clean(viewer, "Alpha Coffee") == [CHOOSE]
    assert _clean(viewer, "Gamma") == [CHOOSE]
    assert _clean(viewer, "999999") == [CHOOSE]
    assert _clean(viewer, "x" * 10_000) == [CHOOSE]


def test_the_field_refuses_a_client_out_of_the_viewers_scope(
    client_a, client_b, specialist
):
    _own_scope(specialist, client_a)
    viewer = viewer_for_user(specialist)

    assert _clean(viewer, "alpha-coffee") == client_a
    for text in ("beta-honey", str(client_b.pk), "Beta Honey"):
        assert _clean(viewer, text) == [CHOOSE]


def test_the_field_resolves_nothing_without_a_viewer(client_a):
    form = _ClientForm({"client": "alpha-coffee"})

    assert not form.is_valid()


def test_the_widget_shows_the_current_key_and_its_label_only(client_a, admin_user):
    form = _ClientForm(initial={"client": client_a}, viewer=viewer_for_user(admin_user))

    html = str(form["client"])

    assert 'value="alpha-coffee"' in html
    assert 'list="id_client-options"' in html
    assert 'autocomplete="off"' in html
    assert f'hx-get="{reverse("core:pick", args=["clients"])}"' in html
    assert 'hx-target="#id_client-options"' in html
    assert (
        '<datalist id="id_client-options">'
        '<option value="alpha-coffee">Alpha Coffee</option></datalist>'
    ) in html


def test_a_cleaned_value_is_shown_by_its_key(client_a, admin_user):
    form = _ClientForm({"client": str(client_a.pk)}, viewer=viewer_for_user(admin_user))
    form.is_valid()

    assert 'value="alpha-coffee"' in str(form["client"])
