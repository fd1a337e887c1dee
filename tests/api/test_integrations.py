"""Integrations: the agency's accounts for other systems, with their tokens
made by admins on /integrations/."""

import hashlib

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from agencydesk.api.integrations import services
from agencydesk.api.integrations.errors import (
    IntegrationRoleError,
    IntegrationScopeError,
)
from agencydesk.api.models import ApiToken
from agencydesk.clients.selectors import clients_for_page, team_of_client
from agencydesk.comms.models import OutboundMessage
from agencydesk.core.access import SYSTEM
from agencydesk.core.models import Event
from agencydesk.people.models import User
from agencydesk.people.roles import Role
from agencydesk.people.selectors import staff_list_for_directory, staff_pick_search
from agencydesk.planning.selectors import staff_for_planning
from tests.factories.desk import make_ticket
from tests.factories.people import make_staff

from .conftest import Api


@pytest.fixture
def ticket_a(client_a):
    return make_ticket(client_a, title="Alpha's banner")


@pytest.fixture
def ticket_b(client_b):
    return make_ticket(client_b, title="Bravo's banner")


def _signed_in(user):
    http = HttpClient()
    http.force_login(user)
    return http


def _restricted(client, role=Role.SPECIALIST, name="Alpha's Jira"):
    return services.integration_create(
        actor=None, name=name, kind="clients", role=role, clients=[client]
    )


def _api(integration, scopes=("tickets:read",), actor=None) -> Api:
    issued = services.integration_token_create(
        actor=actor,
        integration=integration,
        name="sync",
        scopes=list(scopes),
        expires_in_days=30,
    )
    return Api(issued.plaintext)


def test_a_restricted_integration_sees_only_its_clients_whatever_its_role(
    client_a, ticket_a, ticket_b
):
    # An account manager's role sees every client; restricted, it sees one.
    integration = _restricted(client_a, role=Role.ACCOUNT_MANAGER)
    api = _api(integration)

    assert api.get(f"/tickets/{ticket_a.number}").status_code == 200
    assert api.get(f"/tickets/{ticket_b.number}").status_code == 404
    listed = api.get("/tickets", {"status": "all"}).json()["items"]
    assert [t["number"] for t in listed] == [ticket_a.number]


def test_an_agency_wide_integration_acts_under_its_role(ticket_a, ticket_b):
    integration = services.integration_create(
        actor=None, name="Reporting tool", kind="agency", role=Role.AGENCY_LEAD
    )
    api = _api(integration, scopes=("tickets:read", "webhooks:write"))

    assert api.get(f"/tickets/{ticket_b.number}").status_code == 200
    assert api.get("/webhooks").status_code == 200


def test_the_role_limits_the_scopes_and_admin_is_never_a_role(client_a):
    specialist = _restricted(client_a)

    with pytest.raises(IntegrationScopeError):
        _api(specialist, scopes=("webhooks:write",))
    with pytest.raises(IntegrationRoleError):
        _restricted(client_a, role=Role.ADMIN)
    assert ApiToken.objects.count() == 0


def test_a_contact_like_integration_sees_what_a_contact_sees(
    client_a, ticket_a, ticket_b
):
    integration = services.integration_create(
        actor=None, name="Alpha's ERP", kind="contact", client=client_a
    )
    api = _api(integration)

    got = api.get(f"/tickets/{ticket_a.number}")
    assert got.status_code == 200
    assert api.get(f"/tickets/{ticket_b.number}").status_code == 404
    # Nothing internal: the staff-only timeline is not even a scope it can have.
    with pytest.raises(IntegrationScopeError):
        _api(integration, scopes=("timeline:read",))
    assert integration.contact.client == client_a
    assert not integration.is_staff


def test_an_integration_cannot_sign_in_nor_reset_a_password(client_a, client):
    integration = _restricted(client_a)
    assert not integration.has_usable_password()
    # Even given a password behind the pages' back, the sign-in refuses it.
    integration.set_password("Blue-Kettle-Morning-42")
    integration.save()

    login = client.post(
        "/login/", {"email": integration.email, "password": "Blue-Kettle-Morning-42"}
    )
    forgot = client.post("/password/forgot/", {"email": integration.email})
    link = reverse(
        "people:password-reset-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(integration.pk)),
            "token": default_token_generator.make_token(integration),
        },
    )
    opened = client.get(link)

    assert login.status_code == 400
    assert client.session.get("_auth_user_id") is None
    assert forgot.status_code == 302
    assert OutboundMessage.objects.count() == 0
    assert opened.status_code == 400


def test_a_session_of_an_integration_is_not_honoured(client_a):
    http = _signed_in(_restricted(client_a))

    response = http.get("/")

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_an_integration_is_nobodys_colleague(client_a, admin_user):
    integration = _restricted(client_a, name="Zeta Sync Bot")
    viewer = SYSTEM.__class__(user=admin_user, is_staff=True)

    assert integration not in staff_list_for_directory(viewer=viewer)
    assert "Zeta Sync Bot" not in [n for _e, n in staff_pick_search(viewer, "", 50)]
    assert integration not in staff_for_planning()
    assert integration not in [
        m.user for m in team_of_client(viewer=viewer, client=client_a)
    ]
    # The client page's team (its timeline keeps the honest history).
    page_client = clients_for_page().get(pk=client_a.pk)
    assert integration not in [m.user for m in page_client.team.all()]
    http = _signed_in(admin_user)
    for url in (
        reverse("core:pick", args=["staff"]) + "?q=Zeta",
        reverse("planning:planner"),
        reverse("people:staff-list"),
    ):
        page = http.get(url)
        assert page.status_code == 200, url
        assert "Zeta Sync Bot" not in page.content.decode(), url


def test_deactivating_an_integration_refuses_its_tokens_at_once(
    client_a, ticket_a, admin_user
):
    integration = _restricted(client_a)
    api = _api(integration)
    assert api.get(f"/tickets/{ticket_a.number}").status_code == 200

    _signed_in(admin_user).post(
        reverse("integrations:deactivate", args=[integration.pk])
    )

    assert api.get(f"/tickets/{ticket_a.number}").status_code == 401
    assert Event.objects.filter(verb="integration.deactivated").count() == 1

    _signed_in(admin_user).post(
        reverse("integrations:reactivate", args=[integration.pk])
    )
    assert api.get(f"/tickets/{ticket_a.number}").status_code == 200


@pytest.mark.parametrize(
    "role", [Role.AGENCY_LEAD, Role.ACCOUNT_MANAGER, Role.SPECIALIST, Role.FINANCE]
)
def test_only_admins_open_the_integrations_pages_or_see_their_link(role, client_a):
    integration = _restricted(client_a)
    http = _signed_in(make_staff(role))

    assert http.get(reverse("integrations:list")).status_code == 403
    assert (
        http.get(reverse("integrations:detail", args=[integration.pk])).status_code
        == 403
    )
    refused = http.post(
        reverse("integrations:create"),
        {"name": "Sneaky", "kind": "agency", "role": "specialist"},
    )
    assert refused.status_code == 403
    assert User.objects.exclude(integration="").count() == 1
    assert (
        'id="integrations-link"'
        not in http.get(reverse("people:profile")).content.decode()
    )


def test_a_contact_cannot_open_the_integrations_pages(client_a, contact_a):
    assert (
        _signed_in(contact_a.user).get(reverse("integrations:list")).status_code == 403
    )


def test_an_admin_makes_an_integration_and_its_token_shown_once(
    admin_user, client_a, ticket_a
):
    http = _signed_in(admin_user)
    assert (
        'id="integrations-link"' in http.get(reverse("people:profile")).content.decode()
    )

    made = http.post(
        reverse("integrations:create"),
        {
            "name": "Alpha's Jira",
            "kind": "clients",
            "role": "specialist",
            "clients": [client_a.slug],
        },
    )
    integration = User.objects.get(integration="clients")
    assert made.status_code == 302
    created = http.post(
        reverse("integrations:token-create", args=[integration.pk]),
        {"name": "Jira sync", "scopes": ["tickets:read"], "expires_in_days": "30"},
    )
    shown = created.context["issued"].plaintext
    page = http.get(
        reverse("integrations:detail", args=[integration.pk])
    ).content.decode()

    token = ApiToken.objects.get()
    assert shown in created.content.decode()
    assert shown not in page
    assert f"adk_{token.prefix}" in page and "Jira sync" in page
    assert admin_user.display_name in page  # created by
    assert token.secret_hash == hashlib.sha256(shown.encode()).hexdigest()
    assert token.user == integration and token.created_by == admin_user
    assert Api(shown).get(f"/tickets/{ticket_a.number}").status_code == 200
    assert Event.objects.filter(
        client=client_a, verb="integration.token_created"
    ).exists()
    # Last use shows with its address.
    assert (
        "127.0.0.1"
        in http.get(
            reverse("integrations:detail", args=[integration.pk])
        ).content.decode()
    )

    http.post(reverse("integrations:token-revoke", args=[integration.pk, token.pk]))
    assert Api(shown).get(f"/tickets/{ticket_a.number}").status_code == 401
    assert Event.objects.filter(verb="integration.token_revoked").count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"name": "X", "kind": "clients", "role": "specialist"},
        {"name": "X", "kind": "agency"},
        {"name": "X", "kind": "agency", "role": "admin"},
        {"name": "X", "kind": "contact"},
        {"name": "X", "kind": "contact", "client": "no-such-client"},
        {"name": "X", "kind": "", "role": "specialist"},
        {"name": "X\x00", "kind": "nobody"},
    ],
)
def test_a_bad_integration_form_is_422_and_changes_nothing(admin_user, data):
    response = _signed_in(admin_user).post(reverse("integrations:create"), data)

    assert response.status_code == 422
    assert User.objects.exclude(integration="").count() == 0


def test_a_personal_token_is_not_revoked_from_the_integration_page(
    admin_user, client_a, contact_a
):
    integration = _restricted(client_a)
    mine = services.token_issue(
        user=contact_a.user, created_by=contact_a.user, name="mine",
        scopes=["tickets:read"], expires_in_days=7,
    ).token  # fmt: skip

    response = _signed_in(admin_user).post(
        reverse("integrations:token-revoke", args=[integration.pk, mine.pk])
    )
    person = _signed_in(admin_user).get(
        reverse("integrations:detail", args=[contact_a.user.pk])
    )

    assert response.status_code == 404
    assert person.status_code == 404
    assert ApiToken.objects.get(pk=mine.pk).revoked_at is None


@pytest.mark.parametrize("count", [1, 4])
def test_the_pages_cost_the_same_whatever_the_data(
    count, admin_user, client_a, django_assert_num_queries
):
    made = [_restricted(client_a, name=f"Sync {n}") for n in range(count)]
    for integration in made:
        _api(integration)
    http = _signed_in(admin_user)
    http.get(reverse("integrations:list"))  # warm the kept permissions

    with django_assert_num_queries(QUERIES_LIST):
        assert http.get(reverse("integrations:list")).status_code == 200
    with django_assert_num_queries(QUERIES_DETAIL):
        assert (
            http.get(reverse("integrations:detail", args=[made[0].pk])).status_code
            == 200
        )


QUERIES_LIST = 5
QUERIES_DETAIL = 5
