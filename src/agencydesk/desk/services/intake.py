"""Messages → tickets: threading, sender → contact → client, triage.

Threading order: In-Reply-To/References against Message-IDs we stored or
sent; then the ticket's reply address (desk+AD-1042-<signature>@…); then the
subject tag [AD-1042]. A thread is only followed to a ticket of the sender's
own client. Anything else opens a ticket (channel e-mail, stage Screening) or,
for an unknown sender, waits for a person in triage.

Only authenticated mail speaks for a person (``comms.mail_auth``, or arrival
at the person's own signed reply address): mail claiming a staff address
without proof is held as an internal note flagged "sender not verified";
a contact's is taken and marked, or held (``MAIL_UNVERIFIED_CONTACTS``).
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.utils.translation import gettext as _

from agencydesk.clients.models import Client, Contact
from agencydesk.clients.services import contact_create
from agencydesk.comms.mail_auth import REPLY_ADDRESS, authenticate_sender
from agencydesk.comms.parsing import reply_text
from agencydesk.comms.selectors.refs import ref_for_message_ids
from agencydesk.comms.services.inbound import inbound_reprocess
from agencydesk.core.access import require_actor
from agencydesk.core.agency import agency_get
from agencydesk.core.batch import batch_cached
from agencydesk.core.files import file_type_allowed, upload_name
from agencydesk.core.phones import to_e164
from agencydesk.people.models import User

from ..models import CLOSED_STATUSES, Channel, Status, Ticket
from .mail import SIGNATURE_LENGTH, reply_signature_valid, ticket_pk_from_ref
from .messages import message_add, message_add_automatic, message_hold
from .moves import ticket_move
from .tickets import ticket_create

SUBJECT_TAG = re.compile(r"\[AD-(\d{1,9})\]", re.IGNORECASE)
PLUS_ADDRESS = re.compile(
    rf"\+AD-(\d{{1,9}})-(?:p(\d{{1,12}})-)?([0-9a-f]{{{SIGNATURE_LENGTH}}})@",
    re.IGNORECASE,
)


def _ref(ticket: Ticket) -> str:
    return f"desk.ticket:{ticket.pk}"


def _by_headers(parsed: Any) -> Ticket | None:
    ids = [parsed.in_reply_to, *reversed(parsed.references)]
    pk = ticket_pk_from_ref(ref_for_message_ids([i for i in ids if i]))
    # What the thread check needs; the service that writes reads it locked.
    fields = ("pk", "number", "client_id", "status")
    return Ticket.objects.only(*fields).filter(pk=pk).first() if pk else None


def address_tag(parsed: Any) -> tuple[int, int | None] | None:
    """(ticket number, person id or None) of the first reply address among
    the recipients whose signature is ours."""
    addresses = [a.email for a in [*parsed.to, *parsed.cc]] + list(parsed.delivered_to)
    for address in addresses[:50]:
        match = PLUS_ADDRESS.search(address or "")
        if not match:
            continue
        number, person = int(match[1]), int(match[2]) if match[2] else None
        if reply_signature_valid(match[3], number, person):
            return number, person
    return None


def _by_address(parsed: Any) -> Ticket | None:
    tag = address_tag(parsed)
    return Ticket.objects.filter(number=tag[0]).first() if tag else None


def _by_subject(parsed: Any) -> Ticket | None:
    match = SUBJECT_TAG.search(parsed.subject or "")
    return Ticket.objects.filter(number=int(match[1])).first() if match else None


def find_thread(parsed: Any, client_id: int | None) -> Ticket | None:
    """The ticket this message continues, if it belongs to the sender's client."""
    for finder in (_by_headers, _by_address, _by_subject):
        ticket = finder(parsed)
        if ticket is not None and (client_id is None or ticket.client_id == client_id):
            return ticket
    return None


def _client_for_domain(email: str) -> Client | None:
    domain = email.rsplit("@", 1)[-1].lower()
    if not domain:
        return None
    candidates = Client.objects.filter(email_domains__icontains=domain).exclude(
        status=Client.Status.ARCHIVED
    )
    for client in candidates:
        domains = {d.strip().lower() for d in client.email_domains.split(",")}
        if domain in domains:
            return client
    return None


def sender_person(email: str, name: str) -> tuple[User | None, Contact | None]:
    """The staff member or contact behind an address; an unknown sender of a
    known client domain becomes a new contact of that client."""
    email = (email or "").strip().lower()
    if not email:
        return None, None
    # Most mail comes from contacts: one query finds the person and the client.
    contact = batch_cached(
        ("desk.sender", email),
        lambda: (
            Contact.objects.select_related("user", "client")
            .filter(user__email=email, user__is_active=True)
            .first()
        ),
        keep_none=False,
    )
    if contact is not None:
        return contact.user, contact
    user = User.objects.filter(email=email, is_active=True).first()
    if user is not None:
        return user, Contact.objects.filter(user=user).select_related("client").first()
    # Anyone can write a From: at a client's domain: a contact is made from it
    # only when the agency chose so, and stays flagged until confirmed.
    if not batch_cached(("core.agency",), agency_get).mail_creates_contacts:
        return None, None
    client = _client_for_domain(email)
    if client is None:
        return None, None
    contact = contact_create(
        actor=None,
        client=client,
        email=email,
        full_name=name or email.split("@")[0],
        from_mail_unconfirmed=True,
    )
    return contact.user, contact


def sender_authentication(inbound: Any, parsed: Any, user: User | None) -> str:
    """How the sender is proven to be ``user`` ("" when not at all): their
    own signed reply address, or the mail's authentication (``comms``)."""
    if user is None:
        return ""
    tag = address_tag(parsed)
    if tag is not None and tag[1] == user.pk:
        return REPLY_ADDRESS
    return authenticate_sender(bytes(inbound.raw)).method


def _files(parsed: Any) -> tuple[list[SimpleUploadedFile], list[str]]:
    """Attachments the desk may keep, and a line for each one it may not."""
    kept, refused = [], []
    limit, count = settings.ATTACHMENT_MAX_BYTES, settings.ATTACHMENT_MAX_COUNT
    for attachment in parsed.attachments:
        # Checked and kept under the normalised name: "evil.js." is "evil.js".
        name = upload_name(attachment.filename or "attachment")
        if not file_type_allowed(name):
            refused.append(_("%(name)s (type not allowed)") % {"name": name})
        elif attachment.size > limit:
            refused.append(_("%(name)s (too large)") % {"name": name})
        elif len(kept) >= count:
            refused.append(_("%(name)s (too many files)") % {"name": name})
        else:
            kept.append(
                SimpleUploadedFile(name, attachment.content, attachment.content_type)
            )
    return kept, refused


def _body(parsed: Any, *, reply: bool, refused: list[str]) -> str:
    text = reply_text(parsed.text) if reply else parsed.text
    text = text.strip() or parsed.subject or _("(no text)")
    if refused:
        text += "\n\n" + _("Not kept: %(files)s") % {"files": ", ".join(refused)}
    return text


def handle_email(inbound: Any, parsed: Any) -> str | None:
    """Turn a stored e-mail into a ticket or a message on one."""
    sender = parsed.from_.email if parsed.from_ else ""
    name = parsed.from_.name if parsed.from_ else ""
    if parsed.auto_submitted:
        return _automatic(parsed, sender)
    user, contact = sender_person(sender, name)
    auth = sender_authentication(inbound, parsed, user)
    files, refused = _files(parsed)
    if user is not None and user.is_staff:
        ticket = find_thread(parsed, None)
        if ticket is None:
            return f"triage:{_('Sent by a member of staff, not about a ticket.')}"
        if not auth:
            return _hold(ticket, parsed, user.email, files, refused)
        return _post(ticket, parsed, user, files, refused, auth)
    if contact is None:
        return None
    ticket = find_thread(parsed, contact.client_id)
    if not auth and settings.MAIL_UNVERIFIED_CONTACTS == "hold":
        if ticket is None:
            return "held:" + _("Claims to be from %(sender)s; sender not verified.") % {
                "sender": contact.user.email
            }
        return _hold(ticket, parsed, contact.user.email, files, refused)
    named = None
    if ticket is not None and not _may_see(contact, ticket):
        # A contact limited to their own tickets named a colleague's: their
        # mail opens a ticket of its own that says which one it named.
        named, ticket = ticket, None
    if ticket is not None:
        return _post(ticket, parsed, contact.user, files, refused, auth)
    return _open(parsed, contact, files, refused, auth, named=named)


def _automatic(parsed: Any, sender: str) -> str:
    """Auto-replies, bounces and list mail never open tickets or notify:
    recorded as an automatic internal note on the ticket they answer."""
    sender = sender.lower()
    user = User.objects.filter(email=sender).first()
    contact = Contact.objects.filter(user__email=sender).first()
    client_id = contact.client_id if contact else None
    if user is not None and user.is_staff:
        ticket = find_thread(parsed, None)
    else:
        ticket = find_thread(parsed, client_id) if contact else None
    if ticket is None:
        return "ignored"
    message_add_automatic(
        ticket=ticket,
        body=_body(parsed, reply=False, refused=[]),
        channel=Channel.EMAIL,
        external_id=parsed.message_id or "",
    )
    return _ref(ticket)


def _may_see(contact: Contact, ticket: Ticket) -> bool:
    if contact.sees_all_tickets:
        return True
    return (
        Ticket.objects.filter(pk=ticket.pk)
        .filter(Q(requester=contact) | Q(cc=contact))
        .exists()
    )


def _hold(
    ticket: Ticket, parsed: Any, claimed: str, files: list, refused: list[str]
) -> str:
    message_hold(
        ticket=ticket,
        body=_body(parsed, reply=True, refused=refused),
        claimed_sender=claimed,
        attachments=files,
        external_id=parsed.message_id or "",
    )
    return _ref(ticket)


def _post(
    ticket: Ticket,
    parsed: Any,
    author: User,
    files: list,
    refused: list[str],
    auth: str,
) -> str:
    if ticket.status in CLOSED_STATUSES:
        ticket_move(actor=None, ticket=ticket, status=Status.OPEN)
        ticket.refresh_from_db()
    message_add(
        actor=author,
        ticket=ticket,
        body=_body(parsed, reply=True, refused=refused),
        attachments=files,
        channel=Channel.EMAIL,
        external_id=parsed.message_id or "",
        sender_auth=auth,
    )
    return _ref(ticket)


def _open(
    parsed: Any,
    contact: Contact,
    files: list,
    refused: list[str],
    auth: str,
    *,
    named: Ticket | None = None,
) -> str:
    description = _body(parsed, reply=named is not None, refused=refused)
    if named is not None:
        description += "\n\n" + _(
            "(This message named %(ref)s, a ticket its sender may not see.)"
        ) % {"ref": named.reference}
    ticket = ticket_create(
        actor=contact.user,
        client=contact.client,
        requester=contact,
        title=(parsed.subject or _("(no subject)"))[:200],
        description=description,
        channel=Channel.EMAIL,
        cc=list(
            Contact.objects.filter(
                Q(user__email__in=[a.email.lower() for a in parsed.cc if a.email]),
                client=contact.client,
            )
        ),
        attachments=files,
        external_id=parsed.message_id or "",
        sender_auth=auth,
    )
    return _ref(ticket)


def contact_for_phone(phone: str) -> Contact | None:
    """The contact whose phone number is this WhatsApp number ("62812…": the
    digits with the country code). Contacts' numbers are kept in E.164
    (``clients.services.contact_create``), so one indexed lookup finds it."""
    number = to_e164(phone)
    if number is None:
        return None
    return (
        Contact.objects.select_related("user", "client")
        .filter(phone=number)
        .order_by("pk")
        .first()
    )


def handle_whatsapp(inbound: Any, raw: bytes) -> str | None:
    """A WhatsApp message joins the contact's open ticket, or opens one."""
    message = json.loads(raw)
    contact = contact_for_phone(str(message.get("from", "")))
    if contact is None:
        return None
    kind = message.get("type", "text")
    body = ""
    if isinstance(message.get("text"), dict):
        body = str(message["text"].get("body", ""))
    elif isinstance(message.get(kind), dict):
        media = message[kind]
        body = " ".join(
            part
            for part in (
                f"[{kind}]",
                str(media.get("caption", "")),
                str(media.get("filename", "")),
            )
            if part
        )
    body = body.strip() or f"[{kind}]"
    ticket = (
        Ticket.objects.filter(requester=contact)
        .exclude(status__in=CLOSED_STATUSES)
        .order_by("-updated_at")
        .first()
    )
    if ticket is not None:
        message_add(
            actor=contact.user,
            ticket=ticket,
            body=body,
            channel=Channel.WHATSAPP,
            external_id=str(message.get("id", "")),
        )
    else:
        ticket = ticket_create(
            actor=contact.user,
            client=contact.client,
            title=body.splitlines()[0][:80],
            description=body,
            channel=Channel.WHATSAPP,
            external_id=str(message.get("id", "")),
        )
    return _ref(ticket)


def triage_assign(*, actor: Any, inbound: Any, client: Client) -> Any:
    """A person decides whose message it is: the sender becomes a contact of
    that client and the message is processed again."""
    require_actor(actor, "desk.add_ticket")
    if inbound.source == "email" and inbound.sender:
        user, _contact = sender_person(inbound.sender, "")
        if user is None:
            contact_create(
                actor=actor,
                client=client,
                email=inbound.sender,
                full_name=inbound.sender.split("@")[0],
            )
    return inbound_reprocess(inbound=inbound)
