"""IMAP polling: fetch, store and process, and only then move the message.

A crash between fetch and commit leaves the message in the folder it was read
from; the next poll fetches it again and the Message-ID makes it one ticket.
"""

from __future__ import annotations

import contextlib
import imaplib
import logging
import ssl

from django.utils import timezone

from ..models import InboundMessage, Mailbox
from .ingest import ingest_many

logger = logging.getLogger(__name__)
BATCH = 50


def _connect(mailbox: Mailbox) -> imaplib.IMAP4:
    if mailbox.security == Mailbox.Security.SSL:
        return imaplib.IMAP4_SSL(
            mailbox.host,
            mailbox.port,
            ssl_context=ssl.create_default_context(),
            timeout=30,
        )
    client = imaplib.IMAP4(mailbox.host, mailbox.port, timeout=30)
    if mailbox.security == Mailbox.Security.STARTTLS:
        client.starttls(ssl_context=ssl.create_default_context())
    return client


def _quote(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _move(client: imaplib.IMAP4, uid: bytes, folder: str) -> None:
    client.create(_quote(folder))  # already there → a harmless NO
    if "MOVE" in client.capabilities:
        status, _data = client.uid("MOVE", uid, _quote(folder))
        if status == "OK":
            return
    client.uid("COPY", uid, _quote(folder))
    client.uid("STORE", uid, "+FLAGS.SILENT", r"(\Deleted)")
    client.expunge()


def mailbox_poll(mailbox: Mailbox) -> dict[str, int]:
    """Read the mailbox's folder once; returns counts by outcome."""
    counts = {"processed": 0, "failed": 0, "duplicates": 0}
    client = _connect(mailbox)
    try:
        client.login(mailbox.username, mailbox.password)
        status, _data = client.select(_quote(mailbox.folder))
        if status != "OK":
            raise imaplib.IMAP4.error(f"cannot open folder {mailbox.folder}")
        _status, data = client.uid("SEARCH", None, "ALL")
        uids = (data[0] or b"").split()[:BATCH]
        fetched = []
        for uid in uids:
            _status, parts = client.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = next((p[1] for p in parts if isinstance(p, tuple)), None)
            if raw is not None:
                fetched.append((uid, raw))
        # The batch commits before the server is told to move anything.
        rows = ingest_many((raw, f"imap:{mailbox.name}") for _uid, raw in fetched)
        for (uid, _raw), (row, created) in zip(fetched, rows, strict=True):
            counts["duplicates"] += 0 if created else 1
            failed = row.status == InboundMessage.Status.FAILED
            counts["failed" if failed else "processed"] += 1
            _move(
                client,
                uid,
                mailbox.failed_folder if failed else mailbox.processed_folder,
            )
        mailbox.last_error = ""
    except (imaplib.IMAP4.error, OSError, ssl.SSLError) as error:
        mailbox.last_error = f"{type(error).__name__}: {error}"[:2000]
        logger.warning("Polling %s failed: %s", mailbox, mailbox.last_error)
    finally:
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            client.logout()
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
