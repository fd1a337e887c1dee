"""Timeline verbs of integrations (recorded on each client the integration
is tied to: the clients it is restricted to, or the client it is a contact
of; an agency-wide integration has no client timeline)."""

from django.utils.translation import gettext_lazy as _

from agencydesk.core.timeline import register_kind, register_verb

register_kind("integration", _("Integrations"))
register_verb(
    "integration.token_created",
    _("%(actor)s gave the integration %(target)s the API token %(token)s."),
)
register_verb(
    "integration.token_revoked",
    _("%(actor)s revoked the API token %(token)s of the integration %(target)s."),
)
register_verb(
    "integration.deactivated", _("%(actor)s deactivated the integration %(target)s.")
)
register_verb(
    "integration.reactivated", _("%(actor)s reactivated the integration %(target)s.")
)
