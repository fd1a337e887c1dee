"""Which URLs a webhook may call: http(s) to a public address only.

Every address the host resolves to is checked, at save and again before each
delivery (a name may be pointed elsewhere later), and the delivery connects to
the address that was checked, not to a second lookup's answer (a name that
resolves to a public address for the check and to 127.0.0.1 a moment later
gains nothing). Hosts named in
``settings.WEBHOOK_ALLOWED_HOSTS`` skip the address check (an integration on
the agency's own network; the tests' local receiver)."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from .errors import WebhookUrlRefusedError


def _allowed_hosts() -> set[str]:
    return {h.lower() for h in getattr(settings, "WEBHOOK_ALLOWED_HOSTS", [])}


def _forbidden(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    mapped = getattr(ip, "ipv4_mapped", None)
    if mapped is not None:
        ip = mapped
    return (
        not ip.is_global
        or ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


def check_url(url: str) -> str | None:
    """Raise ``WebhookUrlRefusedError`` unless ``url`` may be called; else the
    checked address to connect to (None for an allowed host: looked up as
    usual)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise WebhookUrlRefusedError(_("This is not a valid address.")) from None
    if parts.scheme not in ("http", "https"):
        raise WebhookUrlRefusedError(
            _("The address must start with http:// or https://.")
        )
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise WebhookUrlRefusedError(_("This is not a valid address.")) from None
    host = (parts.hostname or "").lower()
    if not host:
        raise WebhookUrlRefusedError(_("The address has no host name."))
    if parts.username or parts.password:
        raise WebhookUrlRefusedError(
            _("The address must not contain a user name or password.")
        )
    if host in _allowed_hosts():
        return None
    try:
        infos = socket.getaddrinfo(
            host,
            port or (443 if parts.scheme == "https" else 80),
            type=socket.SOCK_STREAM,
        )
    except (OSError, UnicodeError, ValueError):
        raise WebhookUrlRefusedError(
            _("The host name %(host)s does not resolve.") % {"host": host}
        ) from None
    pinned = None
    for info in infos:
        address = str(info[4][0]).split("%", 1)[0]
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            continue
        pinned = pinned or address
        if _forbidden(ip):
            raise WebhookUrlRefusedError(
                _(
                    "The address points at a private, loopback or reserved "
                    "network (%(ip)s): webhooks are sent only to public addresses."
                )
                % {"ip": address}
            )
    if pinned is None:
        raise WebhookUrlRefusedError(
            _("The host name %(host)s does not resolve.") % {"host": host}
        )
    return pinned
