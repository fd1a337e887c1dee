from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommsConfig(AppConfig):
    name = "agencydesk.comms"
    label = "comms"
    verbose_name = _("Communication")

    def ready(self) -> None:
        from agencydesk.core.leases import register_resume
        from agencydesk.core.notifications import register_channel
        from agencydesk.core.secrets import register_secret_field
        from agencydesk.people.mail import register_sender

        from . import metrics, tasks
        from .services import notifications, outbox

        # The services queue work for the worker through these hooks, so they
        # need not import the tasks module that imports them (no import circle).
        # Looked up at call time: a test may replace a task.
        outbox.register_delivery_jobs(
            one=lambda pk: tasks.outbox_deliver(pk),
            many=lambda pks: tasks.outbox_deliver_many(pks),
        )
        # A restarted worker takes back the mail its killed process held.
        register_resume("outbox", outbox.outbox_resume)
        notifications.register_email_job(lambda ids: tasks.notifications_email(ids))
        register_channel(notifications.deliver)
        # Invitations and reset links go through the outbox like all mail.
        register_sender(outbox.outbox_enqueue)
        register_secret_field("comms.Mailbox", "password")
        metrics.register_gauges()
