"""Reads of the clients app, one module per concept (accounts, contacts,
materials, access, credentials); the names below are re-exported."""

from .access import access_entries_for_client, secrets_revealable
from .accounts import (
    CONTACT_VERBS,
    client_list_for_staff,
    clients_for_page,
    clients_managed_by,
    clients_with_team,
    last_contact_for_client,
)
from .contacts import (
    contact_for_portal,
    contact_list,
    contact_of_client,
    contacts_for_people_page,
    team_of_client,
)
from .credentials import (
    credential_link_for_token,
    credential_request_from_token,
    credential_requests_for_client,
)
from .materials import material_versions_of, materials_for_client
from .team import ACCOUNT_MANAGERS, account_managers_of

__all__ = [
    "ACCOUNT_MANAGERS",
    "CONTACT_VERBS",
    "access_entries_for_client",
    "account_managers_of",
    "client_list_for_staff",
    "clients_for_page",
    "clients_managed_by",
    "clients_with_team",
    "contact_for_portal",
    "contact_list",
    "contact_of_client",
    "contacts_for_people_page",
    "credential_link_for_token",
    "credential_request_from_token",
    "credential_requests_for_client",
    "last_contact_for_client",
    "material_versions_of",
    "materials_for_client",
    "secrets_revealable",
    "team_of_client",
]
