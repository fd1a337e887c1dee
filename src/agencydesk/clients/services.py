"""Writes about client accounts, contacts and teams."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.text import slugify

from agencydesk.core.access import require_actor
from agencydesk.core.agency import agency_get
from agencydesk.core.models import WorkingCalendar
from agencydesk.core.timeline import timeline_record
from agencydesk.people import services as people_services
from agencydesk.people.errors import EmailTakenError
from agencydesk.people.models import User, normalize_email

from .account import ensure_editable
from .errors import ClientSlugTakenError, NotStaffError
from .models import Client, Contact, TeamMember


def _free_slug(name: str) -> str:
    base = slugify(name)[:50] or "client"
    slug, n = base, 2
    while Client.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def client_create(
    *,
    actor: Any,
    name: str,
    country: str,
    timezone: str,
    currency: str,
    language: str = "en",
    slug: str = "",
    status: str = Client.Status.PROSPECT,
    email_domains: str = "",
) -> Client:
    """Open a client account with its own working calendar (the agency's hours
    in the client's timezone, with the client's public holidays)."""
    require_actor(actor, "clients.add_client")
    if slug and Client.objects.filter(slug=slug).exists():
        raise ClientSlugTakenError
    agency_calendar = agency_get().calendar
    calendar = WorkingCalendar.objects.create(
        name=name[:120],
        timezone=timezone,
        country=country,
        weekdays=agency_calendar.weekdays,
        opens=agency_calendar.opens,
        closes=agency_calendar.closes,
    )
    client = Client.objects.create(
        name=name,
        slug=slug or _free_slug(name),
        country=country,
        timezone=timezone,
        language=language,
        currency=currency,
        status=status,
        calendar=calendar,
        email_domains=email_domains,
    )
    timeline_record(
        actor=actor, client_id=client.pk, verb="client.created", target=client
    )
    return client


@transaction.atomic
def contact_create(
    *,
    actor: Any,
    client: Client,
    email: str,
    full_name: str,
    role: str = Contact.Role.DAY_TO_DAY,
    language: str = "",
    password: str | None = None,
    job_title: str = "",
    phone: str = "",
    from_mail_unconfirmed: bool = False,
    invite: bool = False,
) -> Contact:
    """Add a contact (a portal user) to a client; intake's contacts made from
    an unknown address of the client's domain come ``from_mail_unconfirmed``;
    with ``invite``, e-mail them a link to choose their password."""
    require_actor(actor, "clients.add_contact")
    ensure_editable(client)
    email = normalize_email(email)
    if User.objects.filter(email=email).exists():
        raise EmailTakenError
    user = User.objects.create_user(
        email,
        password,
        full_name=full_name,
        language=language or client.language,
        timezone=client.timezone,
        is_staff=False,
    )
    contact = Contact.objects.create(
        user=user,
        client=client,
        role=role,
        job_title=job_title,
        phone=phone,
        from_mail_unconfirmed=from_mail_unconfirmed,
    )
    timeline_record(
        actor=actor, client_id=client.pk, verb="client.contact_added", target=contact
    )
    if invite:
        _invite(actor=actor, contact=contact)
    return contact


def _invite(*, actor: Any, contact: Contact) -> None:
    people_services.invitation_send(actor=actor, user=contact.user)
    timeline_record(
        actor=actor,
        client_id=contact.client_id,
        verb="client.contact_invited",
        target=contact,
    )


@transaction.atomic
def contact_invite(*, actor: Any, contact: Contact) -> Contact:
    """E-mail a contact without a password, in their language, a one-time
    link to choose one and sign in to the portal."""
    require_actor(actor, "clients.change_contact")
    ensure_editable(contact.client)
    _invite(actor=actor, contact=contact)
    return contact


@transaction.atomic
def contact_deactivate(*, actor: Any, contact: Contact) -> Contact:
    """Stop a contact signing in to the portal (sessions ended); their
    tickets, messages and history stay."""
    require_actor(actor, "clients.change_contact")
    was_active = contact.user.is_active
    people_services.person_deactivate(actor=actor, user=contact.user)
    if was_active:
        timeline_record(
            actor=actor,
            client_id=contact.client_id,
            verb="client.contact_deactivated",
            target=contact,
        )
    return contact


@transaction.atomic
def team_member_add(*, actor: Any, client: Client, user: User, role: str) -> TeamMember:
    """Put a member of staff on a client's team (or change their role on it)."""
    require_actor(actor, "clients.change_client")
    ensure_editable(client)
    if not user.is_staff:
        raise NotStaffError
    member, created = TeamMember.objects.update_or_create(
        client=client, user=user, defaults={"role": role}
    )
    if created:
        timeline_record(
            actor=actor, client_id=client.pk, verb="client.team_added", target=user
        )
    return member
