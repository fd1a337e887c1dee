"""Small builders of raw e-mail for the intake tests."""

from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from django.utils import timezone


def raw_mail(
    *,
    sender: str = "Maya Sari <maya@kopi.example>",
    to: str = "desk@agency.test",
    subject: str = "Need a banner",
    body: str = "Hello, we need a banner for the sale.",
    message_id: str | None = None,
    in_reply_to: str | None = None,
    references: str | None = None,
    headers: dict | None = None,
    attachments: list[tuple[str, bytes, str]] = (),
) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(timezone.now())
    message["Message-ID"] = message_id or make_msgid(domain="kopi.example")
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
    if references:
        message["References"] = references
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    for filename, content, content_type in attachments:
        maintype, subtype = content_type.split("/")
        message.add_attachment(
            content, maintype=maintype, subtype=subtype, filename=filename
        )
    return bytes(message)
