"""Reading account mail (invitations, reset links) from the outbox."""

import re
from urllib.parse import urlsplit

from agencydesk.comms.models import OutboundMessage

_LINK = re.compile(r"https?://\S+/(?:welcome|password/reset)/\S+/")


def account_mail(kind: str, user) -> list[OutboundMessage]:
    """The queued mail of ``kind`` ("invitation", "password_reset") to ``user``."""
    return list(
        OutboundMessage.objects.filter(ref=f"people.{kind}:{user.pk}").order_by("pk")
    )


def link_path(mail: OutboundMessage) -> str:
    """The path of the one-time link in a mail, to open on the test server."""
    return urlsplit(_LINK.search(mail.text).group(0)).path
