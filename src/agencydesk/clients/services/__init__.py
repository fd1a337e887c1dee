"""Writes of the clients app, one module per concept:

- ``accounts``: open an account, its profile, status and communication log;
- ``guard``: the read-only guard of archived accounts (``ensure_editable``);
- ``contacts``: a client's contacts (their user accounts through people's
  services);
- ``team``: who works on an account, and who may change that;
- ``materials``: key materials and their versions;
- ``access``: the access inventory and its secrets (encrypted by
  ``core.secrets``);
- ``credentials``: one-time links on which a contact enters accesses.

The names below are re-exported for callers that want "the clients services".
"""

from .access import (
    access_entry_create,
    access_entry_set_secret,
    access_entry_set_state,
    access_secret_reveal,
)
from .accounts import (
    client_create,
    client_set_status,
    client_update_profile,
    communication_log,
)
from .contacts import (
    contact_create,
    contact_deactivate,
    contact_invite,
    contact_reactivate,
    contact_update,
)
from .credentials import (
    credential_request_send,
    credential_request_submit,
    credential_request_withdraw,
)
from .guard import ensure_editable
from .materials import (
    check_upload,
    material_add_version,
    material_create,
    store_version_file,
)
from .team import team_editable, team_member_add

__all__ = [
    "access_entry_create",
    "access_entry_set_secret",
    "access_entry_set_state",
    "access_secret_reveal",
    "check_upload",
    "client_create",
    "client_set_status",
    "client_update_profile",
    "communication_log",
    "contact_create",
    "contact_deactivate",
    "contact_invite",
    "contact_reactivate",
    "contact_update",
    "credential_request_send",
    "credential_request_submit",
    "credential_request_withdraw",
    "ensure_editable",
    "material_add_version",
    "material_create",
    "store_version_file",
    "team_editable",
    "team_member_add",
]
