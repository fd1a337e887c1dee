"""IMAP polling: fetch, store and process, and only then move the message.

A crash between fetch and commit leaves the message in the folder it was read
from; the next poll fetches it again and the Message-ID makes it one ticket.

The IMAP protocol is spoken by ``imap-tools``, which encodes folder names in
modified UTF-7 (RFC 3501 §5.1.3), so a folder named "Обработано" or "已处理"
works like "Processed".
"""

from __future__ import annotations

import contextlib
import imaplib
import logging
import ssl

from django.utils import timezone
from imap_tools import MailBox, MailBoxStartTls, MailBoxUnencrypted, MailMessage
from imap_tools.errors import ImapToolsError

from agencydesk.core.errors import DomainError

from ..models import InboundMessage, Mailbox
from .ingest import ingest_many

logger = logging.getLogger(__name__)
BATCH = 50
TIMEOUT = 30
_ERRORS = (ImapToolsError, imaplib.IMAP4.error, OSError, ssl.SSLError)


class _RawMessage(MailMessage):
    """A fetched message as the server holds it: the exact bytes are stored
    (they are the evidence, and the intake parses them itself), so the
    library's own parse of each message is skipped."""

    def __init__(self, fetch_data: list) -> None:
        raw, uid_data, flag_data = self._get_message_data_parts(fetch_data)
        self._raw_uid_data = uid_data
        self._raw_flag_data = flag_data
        self.raw = raw


def _connect(mailbox: Mailbox) -> MailBox | MailBoxStartTls | MailBoxUnencrypted:
    if mailbox.security == Mailbox.Security.SSL:
        box = MailBox(
            mailbox.host,
            mailbox.port,
            timeout=TIMEOUT,
            ssl_context=ssl.create_default_context(),
        )
    elif mailbox.security == Mailbox.Security.STARTTLS:
        box = MailBoxStartTls(
            mailbox.host,
            mailbox.port,
            timeout=TIMEOUT,
            ssl_context=ssl.create_default_context(),
        )
    else:
        box = MailBoxUnencrypted(mailbox.host, mailbox.port, timeout=TIMEOUT)
    box.email_message_class = _RawMessage
    return box


def _move(box: MailBox, uids: list[str], folder: str) -> None:
    """Move messages (server-side MOVE, else copy, delete and expunge)."""
    if not uids:
        return
    if not box.folder.exists(folder):
        box.folder.create(folder)
    box.move(uids, folder)


def mailbox_poll(mailbox: Mailbox) -> dict[str, int]:
    """Read the mailbox's folder once; returns counts by outcome."""
    counts = {"processed": 0, "failed": 0, "duplicates": 0}
    box = None
    try:
        password = mailbox.password_plain()
        box = _connect(mailbox)
        box.login(mailbox.username, password, initial_folder=mailbox.folder)
        fetched = [
            (message.uid, message.raw)
            for message in box.fetch(mark_seen=False, limit=BATCH, bulk=True)
            if message.uid and message.raw
        ]
        # The batch commits before the server is told to move anything.
        rows = list(ingest_many((raw, f"imap:{mailbox.name}") for _uid, raw in fetched))
        done: list[str] = []
        failed: list[str] = []
        for (uid, _raw), (row, created) in zip(fetched, rows, strict=True):
            counts["duplicates"] += 0 if created else 1
            if row.status == InboundMessage.Status.FAILED:
                counts["failed"] += 1
                failed.append(uid)
            else:
                counts["processed"] += 1
                done.append(uid)
        _move(box, done, mailbox.processed_folder)
        _move(box, failed, mailbox.failed_folder)
        mailbox.last_error = ""
    except _ERRORS as error:
        mailbox.last_error = f"{type(error).__name__}: {error}"[:2000]
        logger.warning("Polling %s failed: %s", mailbox, mailbox.last_error)
    except DomainError as error:
        # The stored password cannot be decrypted (the key changed): said on
        # the mailbox like any sign-in failure, the other mailboxes go on.
        mailbox.last_error = str(error.message)
        logger.warning("Polling %s failed: %s", mailbox, mailbox.last_error)
    finally:
        if box is not None:
            with contextlib.suppress(*_ERRORS):
                box.logout()
    mailbox.last_polled_at = timezone.now()
    mailbox.save(update_fields=["last_polled_at", "last_error"])
    return counts


def mailboxes_poll() -> int:
    """Poll every active mailbox; a broken one does not stop the others."""
    polled = 0
    for mailbox in Mailbox.objects.filter(is_active=True):
        mailbox_poll(mailbox)
        polled += 1
    return polled
