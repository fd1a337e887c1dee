import pytest
from cryptography.fernet import Fernet
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as HttpClient
from django.urls import reverse

from agencydesk.clients.models import Client, Material
from agencydesk.clients.services import access as access_inventory
from agencydesk.clients.services import accounts as account
from agencydesk.clients.services import materials, team_member_add
from agencydesk.core.models import Event
from agencydesk.people.models import User
from agencydesk.people.roles import Role
from tests.factories.clients import make_client, make_contact
from tests.factories.people import PASSWORD, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_and_key(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SECRETS_KEY = Fernet.generate_key().decode()


def _url(name, client, *args):
    return reverse(f"clients:{name}", args=[client.slug, *args])


def test_profile_form_saves_and_returns_to_the_client(client_a, manager, as_user):
    response = as_user(manager).post(
        _url("profile-edit", client_a),
        {"industry": "Coffee", "website": "https://kopi.example", "goals": "Grow"},
    )
    assert response.status_code == 302
    assert response.url == client_a.get_absolute_url()
    client = Client.objects.get(pk=client_a.pk)
    assert (client.industry, client.website, client.goals) == (
        "Coffee",
        "https://kopi.example",
        "Grow",
    )


def test_archived_profile_edit_is_refused_with_a_message(manager, as_user):
    client = make_client("Gone", status="archived")
    response = as_user(manager).post(_url("profile-edit", client), {"industry": "X"})
    assert response.status_code == 422
    assert "archived and read-only" in response.content.decode()
    assert Client.objects.get(pk=client.pk).industry == ""


def test_logging_a_call_with_htmx_swaps_the_timeline(client_a, manager, as_user):
    response = as_user(manager).post(
        _url("communication-log", client_a),
        {"kind": "call", "summary": "Talked about Ramadan"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert "Mira Manager logged a call: Talked about Ramadan" in body


def test_an_empty_log_is_refused_in_place(client_a, manager, as_user):
    events = Event.objects.count()
    response = as_user(manager).post(
        _url("communication-log", client_a),
        {"kind": "call", "summary": ""},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    assert response["HX-Retarget"] == "#comm-log"
    assert Event.objects.count() == events


def test_an_over_large_material_is_refused_on_the_page(
    client_a, manager, as_user, settings
):
    settings.MATERIAL_MAX_BYTES = 4
    response = as_user(manager).post(
        _url("material-create", client_a),
        {
            "title": "Media plan",
            "kind": "media_plan",
            "file": SimpleUploadedFile("plan.pdf", b"%PDF-1.4"),
        },
    )
    assert response.status_code == 422
    assert "plan.pdf is larger than the limit of 4\xa0bytes." in (
        response.content.decode()
    )
    assert Material.objects.count() == 0


def test_a_material_version_downloads(client_a, manager, as_user):
    material = materials.material_create(
        actor=manager,
        client=client_a,
        title="Brand book",
        kind="brand_book",
        upload=SimpleUploadedFile("book.pdf", b"%PDF-1.4 book"),
    )
    version = material.versions.get()
    response = as_user(manager).get(
        _url("material-download", client_a, material.pk, version.pk)
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 book"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_reveal_without_the_permission_is_403_and_not_logged(
    client_a, manager, specialist, as_user
):
    entry = access_inventory.access_entry_create(
        actor=manager, client=client_a, platform="Meta Ads", secret="s3cret"
    )
    response = as_user(specialist).post(_url("access-reveal", client_a, entry.pk))
    assert response.status_code == 403
    assert not Event.objects.filter(verb="client.access_secret_revealed").exists()


def test_reveal_shows_the_secret_once_and_never_in_the_list(client_a, manager, as_user):
    team_member_add(actor=None, client=client_a, user=manager, role="account_manager")
    entry = access_inventory.access_entry_create(
        actor=manager, client=client_a, platform="Meta Ads", secret="s3cret"
    )
    http = as_user(manager)
    listed = http.get(_url("access-list", client_a)).content.decode()
    revealed = http.post(_url("access-reveal", client_a, entry.pk))

    assert "s3cret" not in listed
    assert "Meta Ads" in listed
    assert revealed.status_code == 200
    assert "s3cret" in revealed.content.decode()
    assert "no-cache" in revealed["Cache-Control"]


def _fill(client, manager, n):
    """``n`` of every row the account pages show: materials with two
    versions, accesses held by someone of the team, contacts, team members,
    calls."""
    for i in range(n):
        material = materials.material_create(
            actor=None,
            client=client,
            title=f"Material {i:02d}",
            kind="other",
            upload=SimpleUploadedFile(f"m{i}.pdf", b"%PDF"),
        )
        materials.material_add_version(
            actor=None,
            material=material,
            upload=SimpleUploadedFile(f"m{i}-v2.pdf", b"%PDF-2"),
        )
        member = make_staff(Role.SPECIALIST, full_name=f"Member {i:02d}")
        team_member_add(actor=None, client=client, user=member, role="specialist")
        make_contact(client, full_name=f"Contact {i:02d}")
        access_inventory.access_entry_create(
            actor=None, client=client, platform=f"Platform {i:02d}", holder=member
        )
        account.communication_log(
            actor=manager, client=client, kind="call", summary=f"Call {i}"
        )


@pytest.mark.parametrize("rows", [2, 12])
def test_account_pages_cost_the_same_queries_at_any_size(
    rows, client_a, manager, as_user, django_assert_num_queries
):
    _fill(client_a, manager, rows)
    http = as_user(manager)
    http.get("/")  # warm the session

    with django_assert_num_queries(CLIENT_PAGE_QUERIES):
        client_page = http.get(client_a.get_absolute_url()).content.decode()
    with django_assert_num_queries(ACCESS_PAGE_QUERIES):
        access_page = http.get(_url("access-list", client_a)).content.decode()

    # Every row is on the page, not just counted.
    last = f"{rows - 1:02d}"
    assert f"Material {last}" in client_page and f"m{rows - 1}-v2.pdf" in client_page
    assert f"Member {last}" in client_page and f"Contact {last}" in client_page
    assert f"Platform {last}" in access_page and f"Member {last}" in access_page
    assert f"Contact {last}" in access_page  # offered a credential link


# The client page: session, user, permissions, client + team + contacts, unread
# count, timeline count and page, materials + versions, last contact, and the
# reads of each registered panel (onboarding, meetings, planning, the KPIs of
# reports, the complaints and risks of risks: one query each).
CLIENT_PAGE_QUERIES = 18  # incl. the desk panel of open tickets
# Session, user, permissions (2), client, unread count, whether the account
# manager is on the client's team (may reveal), entries, the contacts to send a
# credential link to, the links sent (the holder picker lists no staff).
ACCESS_PAGE_QUERIES = 6


def test_a_contact_is_added_with_a_role_and_a_member_joins_the_team(
    client_a, manager, specialist, as_user
):
    team_member_add(actor=None, client=client_a, user=manager, role="account_manager")
    http = as_user(manager)
    added = http.post(
        _url("contact-add", client_a),
        {"full_name": "Maya Sari", "email": "maya@alpha.test", "role": "billing"},
    )
    joined = http.post(
        _url("team-add", client_a), {"user": specialist.pk, "role": "specialist"}
    )

    assert (added.status_code, joined.status_code) == (302, 302)
    contact = client_a.contacts.get()
    assert (contact.user.full_name, contact.role) == ("Maya Sari", "billing")
    assert list(
        client_a.team.order_by("user__full_name").values_list("user__full_name", "role")
    ) == [("Mira Manager", "account_manager"), ("Sam Specialist", "specialist")]


def test_an_archived_account_takes_no_new_contact(manager, as_user):
    client = make_client("Gone", status="archived")
    response = as_user(manager).post(
        _url("contact-add", client),
        {"full_name": "Late", "email": "late@gone.test", "role": "billing"},
    )
    assert response.status_code == 422
    assert "archived and read-only" in response.content.decode()
    assert client.contacts.count() == 0


def test_a_secret_is_stored_from_the_list_and_never_echoed(client_a, manager, as_user):
    entry = access_inventory.access_entry_create(
        actor=manager, client=client_a, platform="Hosting"
    )
    http = as_user(manager)
    response = http.post(_url("access-secret", client_a, entry.pk), {"secret": "pw1"})

    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.secret_encrypted != ""
    assert "pw1" not in entry.secret_encrypted
    assert "pw1" not in http.get(_url("access-list", client_a)).content.decode()


def test_without_a_key_storing_a_secret_is_refused_with_a_message(
    client_a, manager, as_user, settings
):
    settings.SECRETS_KEY = ""
    entry = access_inventory.access_entry_create(
        actor=manager, client=client_a, platform="Hosting"
    )
    http = as_user(manager)
    http.post(_url("access-secret", client_a, entry.pk), {"secret": "pw1"})

    page = http.get(_url("access-list", client_a)).content.decode()
    assert "the encryption key (SECRETS_KEY) is not configured" in page
    entry.refresh_from_db()
    assert entry.secret_encrypted == ""


# --- Issue #19: need-to-know and forms that change only what they show --------

PROFILE = {
    "industry": "Coffee",
    "website": "https://kopi.example",
    "business_description": "Roasts beans",
    "goals": "Grow",
    "target_audience": "Students",
    "social_accounts": "https://instagram.com/kopi",
}


def _profiled(client):
    account.client_update_profile(actor=None, client=client, changes=PROFILE)
    return {name: getattr(Client.objects.get(pk=client.pk), name) for name in PROFILE}


def _profile_of(client):
    fresh = Client.objects.get(pk=client.pk)
    return {name: getattr(fresh, name) for name in PROFILE}


def test_finance_posting_an_empty_profile_form_is_refused_and_wipes_nothing(
    client_a, as_user
):
    before = _profiled(client_a)
    events = Event.objects.count()
    finance = make_staff(Role.FINANCE)

    response = as_user(finance).post(
        _url("profile-edit", client_a), {name: "" for name in PROFILE}
    )

    assert response.status_code == 403
    assert _profile_of(client_a) == before
    assert Event.objects.count() == events


def test_finance_is_not_offered_the_profile_edit(client_a, as_user):
    page = as_user(make_staff(Role.FINANCE)).get(client_a.get_absolute_url())

    assert page.status_code == 200
    assert _url("profile-edit", client_a) not in page.content.decode()


def test_a_partial_profile_form_changes_only_the_fields_it_sends(
    client_a, manager, as_user
):
    before = _profiled(client_a)

    response = as_user(manager).post(
        _url("profile-edit", client_a), {"goals": "Open a second shop"}
    )

    assert response.status_code == 302
    assert _profile_of(client_a) == {**before, "goals": "Open a second shop"}


def test_a_field_the_form_sends_empty_is_cleared(client_a, manager, as_user):
    before = _profiled(client_a)

    as_user(manager).post(_url("profile-edit", client_a), {**before, "industry": ""})

    assert _profile_of(client_a) == {**before, "industry": ""}


def test_an_account_manager_of_another_client_gets_403_on_reveal_and_no_button(
    client_a, client_b, manager, as_user
):
    team_member_add(actor=None, client=client_b, user=manager, role="account_manager")
    entry = access_inventory.access_entry_create(
        actor=None, client=client_a, platform="Meta Ads", secret="s3cret"
    )
    http = as_user(manager)

    listed = http.get(_url("access-list", client_a))
    revealed = http.post(_url("access-reveal", client_a, entry.pk))

    assert listed.status_code == 200
    assert _url("access-reveal", client_a, entry.pk) not in listed.content.decode()
    assert revealed.status_code == 403
    assert "s3cret" not in revealed.content.decode()
    assert not Event.objects.filter(verb="client.access_secret_revealed").exists()


@pytest.mark.parametrize("rows", [2, 12])
def test_the_contacts_page_costs_the_same_queries_at_any_size(
    rows, client_a, manager, as_user, django_assert_num_queries
):
    for n in range(rows):
        make_contact(client_a, full_name=f"Contact {n:02d}")
    http = as_user(manager)
    http.get("/")  # warm the session

    with django_assert_num_queries(PEOPLE_PAGE_QUERIES):
        response = http.get(_url("people-edit", client_a))
    assert response.content.decode().count("Contact ") >= rows


# Session, user, permissions, client, unread count, whether the viewer may
# change the team, the contacts with their users, the staff to pick from
# (one query each, none per row).
PEOPLE_PAGE_QUERIES = 4


# --- Reactivating a contact -------------------------------------------------------


def test_a_deactivated_contact_is_reactivated_from_the_people_page(
    contact_a, manager, as_user
):
    http = as_user(manager)
    http.post(_url("contact-deactivate", contact_a.client, contact_a.pk))
    reactivate = _url("contact-reactivate", contact_a.client, contact_a.pk)

    page = http.get(_url("people-edit", contact_a.client)).content.decode()
    assert reactivate in page
    assert _url("contact-deactivate", contact_a.client, contact_a.pk) not in page
    response = http.post(reactivate, follow=True)

    assert response.redirect_chain[-1][0] == _url("people-edit", contact_a.client)
    body = response.content.decode()
    assert "Ani Alpha can sign in again." in body
    assert _url("contact-deactivate", contact_a.client, contact_a.pk) in body
    assert reactivate not in body
    assert User.objects.get(pk=contact_a.user.pk).is_active
    signed_in = HttpClient()
    assert signed_in.login(email=contact_a.user.email, password=PASSWORD)
    assert signed_in.get(reverse("portal:home")).status_code == 200


def test_an_active_contact_has_no_reactivate_button(contact_a, manager, as_user):
    page = as_user(manager).get(_url("people-edit", contact_a.client))

    assert _url("contact-reactivate", contact_a.client, contact_a.pk) not in (
        page.content.decode()
    )


def test_a_specialist_may_not_reactivate_a_contact_through_the_page(
    contact_a, manager, specialist, as_user
):
    as_user(manager).post(_url("contact-deactivate", contact_a.client, contact_a.pk))

    response = as_user(specialist).post(
        _url("contact-reactivate", contact_a.client, contact_a.pk)
    )

    assert response.status_code == 403
    assert not User.objects.get(pk=contact_a.user.pk).is_active


def test_a_contact_of_another_client_is_not_reactivated(
    contact_a, client_b, manager, as_user
):
    http = as_user(manager)
    http.post(_url("contact-deactivate", contact_a.client, contact_a.pk))

    response = http.post(_url("contact-reactivate", client_b, contact_a.pk))

    assert response.status_code == 404
    assert not User.objects.get(pk=contact_a.user.pk).is_active


def test_an_archived_accounts_contact_is_not_reactivated(contact_a, manager, as_user):
    http = as_user(manager)
    http.post(_url("contact-deactivate", contact_a.client, contact_a.pk))
    Client.objects.filter(pk=contact_a.client_id).update(status="archived")

    page = http.get(_url("people-edit", contact_a.client)).content.decode()
    response = http.post(
        _url("contact-reactivate", contact_a.client, contact_a.pk), follow=True
    )

    assert _url("contact-reactivate", contact_a.client, contact_a.pk) not in page
    assert "archived and read-only" in response.content.decode()
    assert not User.objects.get(pk=contact_a.user.pk).is_active
