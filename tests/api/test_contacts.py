"""/contacts and /clients/{slug}/team: the people page's data and writes."""

from agencydesk.clients.models import Contact, TeamMember
from agencydesk.clients.services import team_member_add
from agencydesk.core.models import Event
from agencydesk.people.models import User
from agencydesk.people.roles import Role
from tests.factories.people import make_staff

from .conftest import api_for

READ = ["contacts:read"]
WRITE = ["contacts:read", "contacts:write"]


def test_staff_list_contacts_filtered_by_client_and_name(
    staff, contact_a, contact_b, client_a
):
    api = api_for(staff, READ)

    everyone = api.get("/contacts").json()
    of_a = api.get("/contacts", {"client": client_a.slug}).json()
    by_name = api.get("/contacts", {"q": "boris"}).json()

    assert [c["full_name"] for c in everyone["items"]] == ["Ana Alpha", "Boris Bravo"]
    assert [c["email"] for c in of_a["items"]] == [contact_a.user.email]
    assert of_a["items"][0]["client"] == client_a.slug
    assert [c["id"] for c in by_name["items"]] == [contact_b.pk]


def test_contacts_page_with_a_cursor(staff, contact_a, contact_b):
    api = api_for(staff, READ)

    first = api.get("/contacts", {"limit": 1}).json()
    second = api.get("/contacts", {"limit": 1, "cursor": first["next_cursor"]}).json()

    assert [c["id"] for c in first["items"] + second["items"]] == [
        contact_a.pk,
        contact_b.pk,
    ]
    assert second["next_cursor"] is None


def test_a_contact_sees_only_their_clients_contacts(contact_a, contact_b, client_b):
    api = api_for(contact_a.user, READ)

    listed = api.get("/contacts").json()
    filtered = api.get("/contacts", {"client": client_b.slug}).json()

    assert [c["id"] for c in listed["items"]] == [contact_a.pk]
    # The agency's own flag is not a contact's business.
    assert listed["items"][0]["from_mail_unconfirmed"] is None
    assert filtered["items"] == []
    assert api.get(f"/contacts/{contact_b.pk}").status_code == 404
    assert api.get(f"/contacts/{contact_a.pk}").json()["email"] == contact_a.user.email


def test_a_missing_scope_is_403_in_the_error_format(staff, contact_a):
    api = api_for(staff, ["tickets:read"])

    response = api.get("/contacts")
    create = api.post("/contacts", {"client": "x", "email": "a@b.c", "full_name": "A"})

    assert response.status_code == 403
    assert response.json()["code"] == "scope_missing"
    assert set(response.json()) == {"code", "message", "fields"}
    assert create.status_code == 403


def test_staff_add_a_contact_once_with_an_idempotency_key(staff, client_a):
    api = api_for(staff, WRITE)
    body = {
        "client": client_a.slug,
        "email": "dewi@alpha.test",
        "full_name": "Dewi Lestari",
        "role": "billing",
        "job_title": "Finance lead",
    }
    key = {"Idempotency-Key": "crm-contact-1"}

    first = api.post("/contacts", body, headers=key)
    again = api.post("/contacts", body, headers=key)

    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert first.json()["role"] == "billing"
    contact = Contact.objects.get(user__email="dewi@alpha.test")
    assert contact.client == client_a
    added = Event.objects.filter(verb="client.contact_added", client=client_a)
    assert added.count() == 1


def test_garbage_contact_is_422_and_adds_nobody(staff, client_a):
    api = api_for(staff, WRITE)
    users = User.objects.count()

    response = api.post(
        "/contacts",
        {"client": client_a.slug, "email": "not-an-address", "full_name": "",
         "role": "emperor", "colour": "red"},
    )  # fmt: skip
    not_json = api.post("/contacts", raw="{nope", headers={})

    assert response.status_code == 422
    assert set(response.json()["fields"]) == {"email", "full_name", "role", "colour"}
    assert not_json.status_code == 400
    assert User.objects.count() == users


def test_a_taken_address_is_refused_on_its_field(staff, client_a, contact_b):
    api = api_for(staff, WRITE)

    response = api.post(
        "/contacts",
        {"client": client_a.slug, "email": contact_b.user.email, "full_name": "X"},
    )

    assert response.status_code == 400
    assert response.json()["code"] == "email_taken"
    assert Contact.objects.filter(client=client_a).count() == 0


def test_a_contact_token_cannot_add_or_change_contacts(contact_a, client_a):
    api = api_for(contact_a.user, WRITE)
    contacts = Contact.objects.count()

    added = api.post(
        "/contacts",
        {"client": client_a.slug, "email": "new@alpha.test", "full_name": "New"},
    )
    changed = api.patch(f"/contacts/{contact_a.pk}", {"job_title": "Boss"})

    assert added.status_code == changed.status_code == 403
    assert Contact.objects.count() == contacts
    contact_a.refresh_from_db()
    assert contact_a.job_title == ""


def test_staff_update_and_deactivate_a_contact(staff, contact_a):
    api = api_for(staff, WRITE)

    changed = api.patch(
        f"/contacts/{contact_a.pk}",
        {"role": "technical", "job_title": "CTO", "is_active": False},
    )

    assert changed.status_code == 200
    assert changed.json()["role"] == "technical"
    assert changed.json()["job_title"] == "CTO"
    assert changed.json()["is_active"] is False
    verbs = set(Event.objects.values_list("verb", flat=True))
    assert {"client.contact_updated", "client.contact_deactivated"} <= verbs


def test_another_clients_contact_is_404_for_need_to_know_staff(
    contact_a, contact_b, client_a
):
    from agencydesk.core.models import Agency

    Agency.objects.filter(pk=1).update(staff_scope=Agency.StaffScope.OWN_CLIENTS)
    manager = make_staff(Role.SPECIALIST)
    team_member_add(
        actor=None, client=client_a, user=manager, role=TeamMember.Role.SPECIALIST
    )
    api = api_for(manager, READ)

    assert api.get(f"/contacts/{contact_b.pk}").status_code == 404
    assert [c["id"] for c in api.get("/contacts").json()["items"]] == [contact_a.pk]


def test_garbage_patch_changes_nothing(staff, contact_a):
    api = api_for(staff, WRITE)

    response = api.patch(f"/contacts/{contact_a.pk}", {"role": 7, "x": 1})

    assert response.status_code == 422
    contact_a.refresh_from_db()
    assert contact_a.role == Contact.Role.DAY_TO_DAY


def test_staff_read_a_clients_team(staff, client_a, client_b, contact_a):
    manager = make_staff(Role.ACCOUNT_MANAGER, full_name="Mira Manager")
    team_member_add(
        actor=None,
        client=client_a,
        user=manager,
        role=TeamMember.Role.ACCOUNT_MANAGER,
    )
    api = api_for(staff, ["clients:read"])

    team = api.get(f"/clients/{client_a.slug}/team").json()

    assert [(m["full_name"], m["role"]) for m in team["items"]] == [
        ("Mira Manager", "account_manager")
    ]
    assert api.get(f"/clients/{client_b.slug}/team").json()["items"] == []
    assert api.get("/clients/no-such-client/team").status_code == 404
    # Who works on an account is the agency's business.
    refused = api_for(contact_a.user, ["clients:read"]).get(
        f"/clients/{client_a.slug}/team"
    )
    assert refused.status_code == 403
    assert refused.json()["code"] == "forbidden"
