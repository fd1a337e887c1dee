import pytest
from django.test import Client as HttpClient

from agencydesk.api.services import token_create
from agencydesk.people.roles import Role
from tests.factories.clients import make_client, make_contact
from tests.factories.desk import make_ticket
from tests.factories.people import make_staff

ALL_SCOPES = ["tickets:read", "tickets:write", "clients:read"]


class Api:
    """An outside integration: JSON over HTTP with a bearer token."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.http = HttpClient(raise_request_exception=False)

    def _headers(self, headers):
        return {"Authorization": f"Bearer {self.token}", **(headers or {})}

    def get(self, path, params=None, headers=None):
        return self.http.get(
            f"/api/v1{path}", params or {}, headers=self._headers(headers)
        )

    def patch(self, path, body=None, headers=None, raw=None):
        data = raw if raw is not None else body
        return self.http.patch(
            f"/api/v1{path}",
            data,
            content_type="application/json",
            headers=self._headers(headers),
        )

    def delete(self, path, headers=None):
        return self.http.delete(f"/api/v1{path}", headers=self._headers(headers))

    def post(self, path, body=None, headers=None, raw=None):
        data = raw if raw is not None else body
        return self.http.post(
            f"/api/v1{path}",
            data,
            content_type="application/json",
            headers=self._headers(headers),
        )


def api_for(user, scopes=ALL_SCOPES, days=30) -> Api:
    issued = token_create(
        actor=user, name="Test integration", scopes=scopes, expires_in_days=days
    )
    return Api(issued.plaintext)


@pytest.fixture
def staff(db):
    return make_staff(Role.ADMIN, full_name="Api Admin")


@pytest.fixture
def client_a(db):
    return make_client("Alpha Api Client")


@pytest.fixture
def client_b(db):
    return make_client("Bravo Api Client")


@pytest.fixture
def contact_a(client_a):
    return make_contact(client_a, full_name="Ana Alpha")


@pytest.fixture
def contact_b(client_b):
    return make_contact(client_b, full_name="Boris Bravo")


@pytest.fixture
def ticket_a(client_a, contact_a):
    return make_ticket(client_a, requester=contact_a, title="Alpha banner")


@pytest.fixture
def ticket_b(client_b, contact_b):
    return make_ticket(client_b, requester=contact_b, title="Bravo banner")
