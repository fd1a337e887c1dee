from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommsConfig(AppConfig):
    name = "agencydesk.comms"
    label = "comms"
    verbose_name = _("Communication")

    def ready(self) -> None:
        from agencydesk.core.notifications import register_channel
        from agencydesk.people.mail import register_sender

        from . import notify_email, outbox, tasks  # noqa: F401  (registers tasks)

        register_channel(notify_email.deliver)
        # Invitations and reset links go through the outbox like all mail.
        register_sender(outbox.outbox_enqueue)
