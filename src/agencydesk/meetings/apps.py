from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "agencydesk.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from agencydesk.comms.services.outbox import register_attachments

        from . import panels, verbs  # noqa: F401  (registers panels and verbs)
        from .selectors import INVITATION_REF, invitation_attachments

        register_attachments(INVITATION_REF, invitation_attachments)
