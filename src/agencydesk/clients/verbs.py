"""Timeline verbs of client accounts."""

from django.utils.translation import gettext_lazy as _

from agencydesk.core.timeline import register_verb

register_verb("client.created", _("%(actor)s opened the account %(target)s."))
register_verb("client.updated", _("%(actor)s updated the account details."))
register_verb("client.contact_added", _("%(actor)s added the contact %(target)s."))
register_verb("client.team_added", _("%(actor)s put %(target)s on the team."))
