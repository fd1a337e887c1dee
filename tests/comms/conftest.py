"""Real mail servers on loopback: dovecot (IMAP) and aiosmtpd (SMTP)."""

import imaplib
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from imap_tools.imap_utf7 import utf7_encode

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
MAILBOX_USER = "desk@agency.test"
MAILBOX_PASSWORD = "imap-secret-pass"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Dovecot:
    """A dovecot serving one mailbox on a loopback port."""

    port: int
    root: Path

    def client(self) -> imaplib.IMAP4:
        client = imaplib.IMAP4("127.0.0.1", self.port)
        client.login(MAILBOX_USER, MAILBOX_PASSWORD)
        return client

    def deliver(self, raw: bytes, folder: str = "INBOX") -> None:
        """Put a message in a folder, as the MTA's local delivery would."""
        client = self.client()
        client.create(utf7_encode(folder))
        client.append(utf7_encode(folder), None, None, raw)
        client.logout()

    def folders(self) -> list[bytes]:
        """The folder names as the server lists them (modified UTF-7)."""
        client = self.client()
        _status, data = client.list()
        client.logout()
        return [line.rsplit(b" ", 1)[-1].strip(b'"') for line in data]

    def subjects(self, folder: str) -> list[str]:
        client = self.client()
        status, _data = client.select(utf7_encode(folder))
        if status != "OK":
            client.logout()
            return []
        _status, data = client.uid("SEARCH", None, "ALL")
        subjects = []
        for uid in (data[0] or b"").split():
            _status, parts = client.uid("FETCH", uid, "(BODY.PEEK[HEADER])")
            header = next(p[1] for p in parts if isinstance(p, tuple))
            subjects.append(str(message_from_bytes(header)["Subject"]))
        client.logout()
        return subjects


@pytest.fixture
def dovecot():
    if not Path(DOVECOT).exists():
        pytest.fail("dovecot is not installed: apt-get install dovecot-imapd")
    mail_user = pwd.getpwnam("dovecot")
    # Outside pytest's private tmp: the mail process runs as the dovecot user.
    root = Path(tempfile.mkdtemp(prefix="agencydesk-dovecot-"))
    root.chmod(0o755)
    for name in ("run", "state", "mail"):
        (root / name).mkdir()
    shutil.chown(root / "mail", mail_user.pw_uid, mail_user.pw_gid)
    (root / "passwd").write_text(f"{MAILBOX_USER}:{{PLAIN}}{MAILBOX_PASSWORD}\n")
    port = _free_port()
    (root / "dovecot.conf").write_text(
        f"""base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = {mail_user.pw_uid}
mail_location = maildir:{root}/mail/%n
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={mail_user.pw_uid} gid={mail_user.pw_gid} home={root}/mail/%n
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
"""
    )
    process = subprocess.Popen(
        [DOVECOT, "-F", "-c", str(root / "dovecot.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail("dovecot did not start")
    yield Dovecot(port=port, root=root)
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    shutil.rmtree(root, ignore_errors=True)


@dataclass
class Smtp:
    """Messages the loopback SMTP server received."""

    port: int
    received: list = field(default_factory=list)

    def messages(self):
        return [
            message_from_bytes(envelope.content, policy=policy.default)
            for envelope in self.received
        ]


class _Collector:
    def __init__(self, sink: Smtp) -> None:
        self.sink = sink

    async def handle_DATA(self, server, session, envelope):
        self.sink.received.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback; Django sends to it."""
    from aiosmtpd.controller import Controller

    sink = Smtp(port=_free_port())
    controller = Controller(_Collector(sink), hostname="127.0.0.1", port=sink.port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    yield sink
    controller.stop()


@pytest.fixture
def mailbox(dovecot, db):
    from agencydesk.comms.models import Mailbox

    mailbox = Mailbox(
        name="Desk",
        host="127.0.0.1",
        port=dovecot.port,
        security=Mailbox.Security.NONE,
        username=MAILBOX_USER,
        reply_address="desk@agency.test",
    )
    mailbox.set_password(MAILBOX_PASSWORD)
    mailbox.save()
    return mailbox


@pytest.fixture(autouse=True)
def _mail_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DEFAULT_FROM_EMAIL = "desk@agency.test"
    settings.DESK_REPLY_ADDRESS = "desk@agency.test"


class _Mta(_Collector):
    """Local delivery for the desk's address into dovecot; everything else is
    collected as mail leaving for the outside world."""

    def __init__(self, sink: Smtp, dovecot: Dovecot) -> None:
        super().__init__(sink)
        self.dovecot = dovecot

    async def handle_DATA(self, server, session, envelope):
        local = [r for r in envelope.rcpt_tos if r.lower().endswith("@agency.test")]
        if local:
            self.dovecot.deliver(envelope.content)
        if len(local) < len(envelope.rcpt_tos):
            self.sink.received.append(envelope)
        return "250 OK"


@pytest.fixture
def mta(dovecot, smtp_server):
    """An SMTP server on loopback acting as the agency's mail server."""
    from aiosmtpd.controller import Controller

    smtp_server.received.clear()
    sink = Smtp(port=_free_port())
    controller = Controller(_Mta(sink, dovecot), hostname="127.0.0.1", port=sink.port)
    controller.start()
    yield sink
    controller.stop()
