"""comms background jobs (thin: they call the services)."""

from huey import crontab
from huey.contrib.djhuey import db_task

from agencydesk.core.schedule import once_per_schedule

from .services import imap, inbound, notifications, outbox


@db_task(retries=0)
def outbox_deliver(message_id: int) -> None:
    """Send one queued message (its own retries live in the outbox row)."""
    outbox.outbox_deliver(message_id)


@db_task(retries=0)
def outbox_deliver_many(message_ids: list[int]) -> None:
    """Send a batch of queued messages (one job for a whole sweep's mail)."""
    for message_id in message_ids:
        outbox.outbox_deliver(message_id)


@db_task(retries=2, retry_delay=30)
def notifications_email(notification_ids: list[int]) -> None:
    """Write the e-mail of new notifications into the outbox."""
    notifications.deliver_now(notification_ids)


@once_per_schedule(crontab(minute="*"))
def outbox_retry_due() -> None:
    """Every minute: send queued messages whose retry time has come."""
    outbox.outbox_retry_due()


@once_per_schedule(crontab(minute="*"))
def mailboxes_poll() -> None:
    """Every minute: read every active IMAP mailbox."""
    imap.mailboxes_poll()


@once_per_schedule(crontab(minute="*/5"))
def inbound_process_stranded() -> None:
    """Every 5 minutes: process stored messages whose processing was stopped."""
    inbound.inbound_process_stranded()
