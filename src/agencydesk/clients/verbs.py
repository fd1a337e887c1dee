"""Timeline verbs of client accounts."""

from django.utils.translation import gettext_lazy as _

from agencydesk.core.timeline import register_kind, register_verb

register_verb("client.created", _("%(actor)s opened the account %(target)s."))
register_verb("client.updated", _("%(actor)s updated the account details."))
register_verb("client.contact_added", _("%(actor)s added the contact %(target)s."))
register_verb("client.contact_invited", _("%(actor)s sent %(target)s an invitation."))
register_verb(
    "client.contact_deactivated", _("%(actor)s deactivated the contact %(target)s.")
)
register_verb(
    "client.contact_reactivated", _("%(actor)s reactivated the contact %(target)s.")
)
register_verb(
    "client.contact_updated",
    _("%(actor)s updated the contact %(target)s (%(fields)s)."),
)
register_verb("client.team_added", _("%(actor)s put %(target)s on the team."))
register_verb(
    "client.profile_updated", _("%(actor)s updated the profile (%(fields)s).")
)
register_verb(
    "client.material_added", _("%(actor)s added the material %(target)s (%(file)s).")
)
register_verb(
    "client.material_version_added",
    _("%(actor)s uploaded version %(number)s of %(target)s (%(file)s)."),
)
register_kind("access", _("Access"))
register_verb(
    "client.access_added",
    _("%(actor)s added %(target)s to the access inventory (%(state)s)."),
    kind="access",
)
register_verb(
    "client.access_state_changed",
    _("%(actor)s marked the access to %(target)s as %(state)s."),
    kind="access",
)
register_verb(
    "client.access_secret_set",
    _("%(actor)s stored a secret for %(target)s."),
    kind="access",
)
register_verb(
    "client.access_secret_cleared",
    _("%(actor)s removed the secret of %(target)s."),
    kind="access",
)
register_verb(
    "client.access_secret_revealed",
    _("%(actor)s revealed the secret of %(target)s."),
    kind="access",
)
register_kind("call", _("Calls"))
register_kind("chat", _("Chats"))
register_kind("meeting-note", _("Meeting notes"))
register_verb("comm.call", _("%(actor)s logged a call: %(summary)s"), kind="call")
register_verb(
    "client.credentials_requested",
    _("%(actor)s sent %(contact)s a link to enter accesses (valid until %(expires)s)."),
    kind="access",
)
register_verb(
    "client.credentials_withdrawn",
    _("%(actor)s withdrew the link sent to %(contact)s."),
    kind="access",
)
register_verb(
    "client.credentials_submitted",
    _("%(actor)s entered accesses through the link: %(platforms)s."),
    kind="access",
)
register_verb("comm.chat", _("%(actor)s logged a chat: %(summary)s"), kind="chat")
register_verb(
    "comm.meeting-note",
    _("%(actor)s noted a meeting: %(summary)s"),
    kind="meeting-note",
)
register_verb(
    "client.status_changed",
    _("%(actor)s moved the account from %(from)s to %(to)s."),
)
