"""Demo mail: a request by e-mail from a known contact, one from a stranger
(waiting in the desk's Intake page) and a forged "staff" reply to the first,
held on its ticket as "sender not verified". Idempotent by Message-ID."""

from email.message import EmailMessage
from typing import TextIO

from django.conf import settings

from .services.ingest import ingest

DEMO_MAIL = [
    (
        "Dewi Kartika <dewi@kopinusantara.example>",
        "<demo-invoice-question@kopinusantara.example>",
        "Pertanyaan tentang laporan bulan Oktober",
        "Halo tim, bisakah Anda mengirim ulang laporan kinerja Oktober? Terima kasih.",
    ),
    (
        "Pavel Orlov <pavel@new-bakery.example>",
        "<demo-stranger@new-bakery.example>",
        "Нужна реклама для новой пекарни",
        "Здравствуйте! Мы открываем пекарню и ищем агентство для рекламы.",
    ),
    (
        "Rina Wijaya <rina@agency.example>",
        "<demo-forged-staff@mailer.example>",
        "Re: Pertanyaan tentang laporan bulan Oktober",
        "Our bank details changed: please pay the next invoice to account 000-111.",
    ),
]
# The forged reply answers the first message; nothing vouches for its sender.
IN_REPLY_TO = {
    "<demo-forged-staff@mailer.example>": (
        "<demo-invoice-question@kopinusantara.example>"
    )
}


def load(out: TextIO) -> None:
    for index, (sender, message_id, subject, body) in enumerate(DEMO_MAIL, 1):
        out.write(f"  [{index}/{len(DEMO_MAIL)}] mail {subject}\n")
        message = EmailMessage()
        message["From"] = sender
        message["To"] = settings.DEFAULT_FROM_EMAIL
        message["Subject"] = subject
        message["Message-ID"] = message_id
        if message_id in IN_REPLY_TO:
            message["In-Reply-To"] = IN_REPLY_TO[message_id]
        message.set_content(body)
        ingest(raw=bytes(message), via="demo")
