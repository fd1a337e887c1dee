"""Writes on a client's contacts (the portal's users): add, invite,
deactivate, reactivate.

A contact's user account is made and managed by the people app's services
(``person_create``, ``invitation_send``, ``person_deactivate``,
``person_reactivate``); this module
adds what belongs to the client (the contact row, its role, the timeline).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from agencydesk.core.access import require_actor
from agencydesk.core.phones import to_e164
from agencydesk.core.timeline import timeline_record
from agencydesk.people import services as people_services

from ..models import Client, Contact
from .guard import ensure_editable


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
    integration: bool = False,
) -> Contact:
    """Add a contact (a portal user) to a client; intake's contacts made from
    an unknown address of the client's domain come ``from_mail_unconfirmed``;
    with ``invite``, e-mail them a link to choose their password."""
    require_actor(actor, "clients.add_contact")
    ensure_editable(client)
    user = people_services.person_create(
        actor=actor,
        email=email,
        full_name=full_name,
        password=password,
        language=language or client.language,
        timezone=client.timezone,
        is_staff=False,
        integration="contact" if integration else "",
    )
    contact = Contact.objects.create(
        user=user,
        client=client,
        role=role,
        job_title=job_title,
        phone=to_e164(phone, client.country.code) or phone.strip(),
        from_mail_unconfirmed=from_mail_unconfirmed,
    )
    timeline_record(
        actor=actor, client_id=client.pk, verb="client.contact_added", target=contact
    )
    if invite:
        _invite(actor=actor, contact=contact)
    return contact


@transaction.atomic
def contact_update(
    *,
    actor: Any,
    contact: Contact,
    role: str | None = None,
    job_title: str | None = None,
    phone: str | None = None,
) -> Contact:
    """Change a contact's role, job title or phone (what is left out stays);
    the timeline names the fields that changed."""
    require_actor(actor, "clients.change_contact")
    ensure_editable(contact.client)
    new = {
        "role": role,
        "job_title": job_title.strip() if job_title is not None else None,
        "phone": (to_e164(phone, contact.client.country.code) or phone.strip())
        if phone is not None
        else None,
    }
    changed = [
        name
        for name, value in new.items()
        if value is not None and value != getattr(contact, name)
    ]
    if not changed:
        return contact
    for name in changed:
        setattr(contact, name, new[name])
    contact.save(update_fields=[*changed, "updated_at"])
    timeline_record(
        actor=actor,
        client_id=contact.client_id,
        verb="client.contact_updated",
        target=contact,
        data={"fields": ", ".join(changed)},
    )
    return contact


# What the API shows of a contact from their user account.
USER_FIELDS_SHOWN = frozenset({"full_name", "email", "is_active"})


def contact_touch_on_user_save(
    sender: Any,
    instance: Any,
    created: bool = False,
    update_fields: Any = None,
    **kwargs: Any,
) -> None:
    """Move a contact's ``updated_at`` when their user account changes what
    the API shows of them: people's services (below this app) rename,
    deactivate and reactivate accounts, and a sync asking ``updated_since``
    must see the contact as changed. Connected to the user's ``post_save``."""
    if created or instance.is_staff:
        return
    if update_fields is not None and not USER_FIELDS_SHOWN & set(update_fields):
        return  # e.g. the last sign-in time
    Contact.objects.filter(user_id=instance.pk).update(updated_at=timezone.now())


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
def contact_reactivate(*, actor: Any, contact: Contact) -> Contact:
    """Let a deactivated contact sign in to the portal again, as they were:
    same role, password and history (one who never chose a password can then
    be invited). An archived account's contacts stay out."""
    require_actor(actor, "clients.change_contact")
    ensure_editable(contact.client)
    was_active = contact.user.is_active
    people_services.person_reactivate(actor=actor, user=contact.user)
    if not was_active:
        timeline_record(
            actor=actor,
            client_id=contact.client_id,
            verb="client.contact_reactivated",
            target=contact,
        )
    return contact
