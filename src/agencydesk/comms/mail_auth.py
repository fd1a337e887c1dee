"""Is the ``From:`` of a message true? Only an authenticated message speaks for
a person (staff or contact); anyone can write any ``From:``.

Two ways are read here, knowing no tickets:

- the verdict of the receiving mail server, in an ``Authentication-Results``
  header (RFC 8601) whose authserv-id the agency trusts
  (``MAIL_TRUSTED_AUTHSERV_IDS``): ``dmarc=pass`` for the From domain, or
  ``dkim=pass`` with a signing domain aligned with it. The trusted server must
  remove such headers carrying its own id from the mail it receives (Postfix
  with OpenDMARC, Exim, Google and Microsoft do), otherwise a sender could
  write the verdict themselves; only the topmost trusted header counts.
- our own DKIM check (``MAIL_VERIFY_DKIM``, dkimpy with DNS lookups).

The desk adds a third, knowing people: arrival at the person's own signed reply
address (``desk.services.intake``).

Costs are bounded: the header block read is capped, as are the number of
Authentication-Results headers and DKIM signatures looked at.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from email.utils import getaddresses

from django.conf import settings

logger = logging.getLogger(__name__)

HEADER_BYTES = 256 * 1024
MAX_RESULTS_HEADERS = 20
MAX_DKIM_SIGNATURES = 3

DMARC = "dmarc"
DKIM = "dkim"
DKIM_VERIFIED = "dkim-verified"
REPLY_ADDRESS = "reply-address"

# Tests put a resolver here (this machine reaches no DNS); None is dkimpy's own.
DKIM_DNSFUNC = None


@dataclass(frozen=True)
class SenderAuth:
    """How the sender was authenticated ("" when not), and why, for people."""

    method: str = ""
    detail: str = ""

    @property
    def ok(self) -> bool:
        return bool(self.method)


NOT_AUTHENTICATED = SenderAuth()


def _header_block(raw: bytes) -> list[tuple[str, str]]:
    """The message's headers, unfolded, in order (a linear scan of at most
    ``HEADER_BYTES``)."""
    block = raw[:HEADER_BYTES]
    for end in (b"\r\n\r\n", b"\n\n"):
        cut = block.find(end)
        if cut != -1:
            block = block[:cut]
            break
    headers: list[tuple[str, str]] = []
    for line in block.decode("latin-1").splitlines():
        if line[:1] in (" ", "\t") and headers:
            name, value = headers[-1]
            headers[-1] = (name, value + " " + line.strip())
        elif ":" in line:
            name, value = line.split(":", 1)
            headers.append((name.strip().lower(), value.strip()))
    return headers


def _without_comments(value: str) -> str:
    # RFC 5322 comments nest; one pass keeps it linear.
    out, depth, escaped = [], 0, False
    for char in value:
        if escaped:
            escaped = False
            if depth == 0:
                out.append(char)
            continue
        if char == "\\":
            escaped = True
        elif char == "(":
            depth += 1
        elif char == ")" and depth:
            depth -= 1
        elif depth == 0:
            out.append(char)
    return "".join(out)


_RESULT = re.compile(r"^\s*([a-z0-9_-]+)\s*=\s*([a-z]+)", re.I)
_PROPERTY = re.compile(r'([a-z]+)\.([a-z0-9_-]+)\s*=\s*("[^"]*"|[^\s;]+)', re.I)


@dataclass(frozen=True)
class Result:
    method: str
    result: str
    properties: dict[str, str]


def parse_authentication_results(value: str) -> tuple[str, list[Result]]:
    """(authserv-id, results) of one Authentication-Results header value."""
    parts = _without_comments(value[:8192]).split(";")
    authserv_id = parts[0].strip().split()[0].lower() if parts[0].strip() else ""
    results = []
    for part in parts[1:]:
        match = _RESULT.match(part)
        if not match:
            continue
        properties = {
            f"{ptype.lower()}.{name.lower()}": raw.strip('"').lower()
            for ptype, name, raw in _PROPERTY.findall(part[match.end() :])
        }
        results.append(Result(match[1].lower(), match[2].lower(), properties))
    return authserv_id, results


def _aligned(signing_domain: str, from_domain: str) -> bool:
    """Relaxed alignment: the same domain or a parent of it (never a bare TLD)."""
    signing_domain = signing_domain.strip(".").lower()
    if "." not in signing_domain:
        return False
    return from_domain == signing_domain or from_domain.endswith("." + signing_domain)


def _from_domain(headers: list[tuple[str, str]]) -> str | None:
    """The single From domain, or None when there is not exactly one address."""
    values = [value for name, value in headers if name == "from"]
    if len(values) != 1:
        return None
    addresses = [a for _name, a in getaddresses(values) if a]
    if len(addresses) != 1 or "@" not in addresses[0]:
        return None
    return addresses[0].rsplit("@", 1)[1].strip().lower() or None


def _by_trusted_server(headers: list[tuple[str, str]], domain: str) -> SenderAuth:
    trusted = {i.lower() for i in settings.MAIL_TRUSTED_AUTHSERV_IDS}
    if not trusted:
        return NOT_AUTHENTICATED
    seen = 0
    for name, value in headers:
        if name != "authentication-results":
            continue
        seen += 1
        if seen > MAX_RESULTS_HEADERS:
            break
        authserv_id, results = parse_authentication_results(value)
        if authserv_id not in trusted:
            continue
        # The topmost header of a trusted server is its own verdict; older
        # ones further down may have come with the message.
        # DMARC is the stronger statement about the From: domain: read first.
        for result in sorted(results, key=lambda r: r.method != DMARC):
            if result.result != "pass":
                continue
            if result.method == DMARC:
                header_from = result.properties.get("header.from", domain)
                if header_from == domain:
                    return SenderAuth(DMARC, f"dmarc=pass ({authserv_id})")
            elif result.method == DKIM:
                signer = (
                    result.properties.get("header.d")
                    or result.properties.get("header.i", "").rpartition("@")[2]
                )
                if signer and _aligned(signer, domain):
                    return SenderAuth(DKIM, f"dkim=pass d={signer} ({authserv_id})")
        return NOT_AUTHENTICATED
    return NOT_AUTHENTICATED


def _by_own_dkim_check(raw: bytes, domain: str) -> SenderAuth:
    signed = b"dkim-signature" in raw[:HEADER_BYTES].lower()
    if not settings.MAIL_VERIFY_DKIM or not signed:
        return NOT_AUTHENTICATED
    import dkim

    kwargs = {"dnsfunc": DKIM_DNSFUNC} if DKIM_DNSFUNC else {}
    try:
        checker = dkim.DKIM(raw, timeout=5)
        signatures = [
            value
            for name, value in checker.headers
            if name.lower() == b"dkim-signature"
        ][:MAX_DKIM_SIGNATURES]
        for index in range(len(signatures)):
            if checker.verify(idx=index, **kwargs) and _aligned(
                checker.domain.decode("ascii", "replace"), domain
            ):
                signer = checker.domain.decode("ascii", "replace")
                return SenderAuth(DKIM_VERIFIED, f"DKIM signature of {signer}")
    except Exception as error:  # a malformed signature is just not a proof
        logger.info("DKIM check failed: %s", error)
    return NOT_AUTHENTICATED


def authenticate_sender(raw: bytes) -> SenderAuth:
    """Whether the message's single From address is vouched for by a trusted
    receiving server or by its own DKIM signature."""
    headers = _header_block(raw)
    domain = _from_domain(headers)
    if domain is None:
        return NOT_AUTHENTICATED
    verdict = _by_trusted_server(headers, domain)
    if verdict.ok:
        return verdict
    return _by_own_dkim_check(raw, domain)
