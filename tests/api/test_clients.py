"""/clients: the accounts the token's person sees."""

from .conftest import api_for


def test_a_contact_sees_only_their_client(contact_a, client_a, client_b):
    api = api_for(contact_a.user)

    listed = api.get("/clients")

    assert [c["slug"] for c in listed.json()["items"]] == [client_a.slug]
    assert api.get(f"/clients/{client_a.slug}").json()["name"] == client_a.name
    assert api.get(f"/clients/{client_b.slug}").status_code == 404


def test_staff_page_through_clients_by_name(staff, client_a, client_b):
    api = api_for(staff)

    first = api.get("/clients", {"limit": 1}).json()
    second = api.get("/clients", {"limit": 1, "cursor": first["next_cursor"]}).json()

    assert [c["slug"] for c in first["items"] + second["items"]] == [
        client_a.slug,
        client_b.slug,
    ]
    assert second["next_cursor"] is None
