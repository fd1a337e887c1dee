"""Writes about people: sign-in, staff accounts, roles, preferences."""

from __future__ import annotations

from decimal import Decimal
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY, authenticate
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone as dj_timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import check_for_language

from agencydesk.core.access import require_actor
from agencydesk.core.perm_cache import permissions_forget

from . import throttle
from .errors import (
    EmailTakenError,
    PasswordAlreadySetError,
    PersonInactiveError,
    SelfDeactivationError,
)
from .mail import account_mail_send
from .models import StaffProfile, User, normalize_email
from .roles import Role


def login_attempt(*, request: Any, email: str, password: str) -> User | None:
    """Check credentials within the sign-in limits (people.throttle); raise
    LoginRateLimitedError when a limit refuses the attempt."""
    reserved = throttle.attempt_reserve(
        email=email, address=throttle.client_address(request)
    )
    user = authenticate(request, email=email, password=password)
    if user is not None:
        throttle.attempt_give_back(reserved)
    return user


@transaction.atomic
def person_create(
    *,
    actor: Any,
    email: str,
    full_name: str,
    is_staff: bool,
    password: str | None = None,
    language: str = "en",
    timezone: str = "UTC",
    integration: str = "",
) -> User:
    """Make the user account of a person: a member of staff (``staff_create``
    adds their profile and role) or a client's contact (the clients app adds
    the contact row). One person, one e-mail address: a taken one is refused.
    Staff are added by holders of ``people.add_user``, contacts by holders of
    ``clients.add_contact``. An ``integration`` (a kind of
    ``User.Integration``) gets no usable password, whatever is passed."""
    require_actor(actor, "people.add_user" if is_staff else "clients.add_contact")
    email = normalize_email(email)
    if User.objects.filter(email=email).exists():
        raise EmailTakenError
    return User.objects.create_user(
        email,
        None if integration else password,
        full_name=full_name,
        language=language,
        timezone=timezone,
        is_staff=is_staff,
        integration=User.Integration(integration).value,
    )


@transaction.atomic
def staff_create(
    *,
    actor: Any,
    email: str,
    full_name: str,
    role: Role | str,
    password: str | None = None,
    language: str = "en",
    timezone: str = "UTC",
    job_title: str = "",
    country: str = "",
    weekly_capacity_hours: Decimal = Decimal("40"),
    hourly_cost: Decimal = Decimal("0"),
    default_bill_rate: Decimal = Decimal("0"),
    rate_currency: str = "USD",
    invite: bool = False,
) -> User:
    """Create a member of staff with a role and a profile; with ``invite``,
    e-mail them a link to choose their password."""
    user = person_create(
        actor=actor,
        email=email,
        full_name=full_name,
        password=password,
        language=language,
        timezone=timezone,
        is_staff=True,
    )
    StaffProfile.objects.create(
        user=user,
        job_title=job_title,
        country=country,
        weekly_capacity_hours=weekly_capacity_hours,
        hourly_cost=hourly_cost,
        default_bill_rate=default_bill_rate,
        rate_currency=rate_currency,
    )
    staff_set_roles(actor=actor, user=user, roles=[Role(role)])
    if invite:
        invitation_send(actor=actor, user=user)
    return user


@transaction.atomic
def staff_profile_update(
    *,
    actor: Any,
    user: User,
    full_name: str | None = None,
    job_title: str | None = None,
) -> User:
    """Change a member of staff's name or job title (what is left out stays);
    an admin's only by an admin."""
    _require_person_manager(actor, user)
    if full_name is not None and full_name.strip() != user.full_name:
        user.full_name = full_name.strip()
        user.save(update_fields=["full_name"])
    if job_title is not None:
        profile, _created = StaffProfile.objects.get_or_create(user=user)
        if profile.job_title != job_title.strip():
            profile.job_title = job_title.strip()
            profile.save(update_fields=["job_title"])
    return user


def _is_admin(user: Any) -> bool:
    return user.is_superuser or user.groups.filter(name=Role.ADMIN).exists()


def staff_set_roles(*, actor: Any, user: User, roles: list[Role]) -> User:
    """Give a member of staff exactly these roles; only an admin makes or
    unmakes an admin (an agency lead manages the rest of the team)."""
    require_actor(actor, "people.change_user")
    touches_admin = Role.ADMIN in [Role(r) for r in roles] or _is_admin(user)
    if actor is not None and touches_admin and not _is_admin(actor):
        raise PermissionDenied
    user.groups.set(Group.objects.filter(name__in=[Role(r).value for r in roles]))
    permissions_forget(user.pk)
    for name in ("_perm_cache", "_group_perm_cache", "_user_perm_cache"):
        user.__dict__.pop(name, None)
    return user


def user_set_language(*, user: User, language: str) -> User:
    """Remember the person's language (interface and e-mail)."""
    if (
        user.is_authenticated
        and check_for_language(language)
        and language != user.language
    ):
        user.language = language
        user.save(update_fields=["language"])
    return user


def _require_person_manager(actor: Any, user: User) -> None:
    """Staff accounts are managed by holders of ``people.change_user`` (an
    admin's only by an admin); contacts by holders of
    ``clients.change_contact``, whose scope the calling view has checked."""
    if user.is_staff:
        require_actor(actor, "people.change_user")
        if actor is not None and _is_admin(user) and not _is_admin(actor):
            raise PermissionDenied
    else:
        require_actor(actor, "clients.change_contact")


def invitation_link(user: User) -> str:
    """The one-time link to choose a password (default_token_generator: it
    stops working once the password is set, or after PASSWORD_RESET_TIMEOUT)."""
    return _link("people:invitation-accept", user)


def invitation_send(*, actor: Any, user: User) -> User:
    """E-mail a person without a password, in their language, a link to
    choose one."""
    _require_person_manager(actor, user)
    if not user.is_active or user.is_integration:
        raise PersonInactiveError
    if user.has_usable_password():
        raise PasswordAlreadySetError
    account_mail_send(
        person=user,
        template="people/email/invitation",
        context={
            "person": user,
            "inviter": actor.display_name if actor is not None else "",
            "link": invitation_link(user),
            "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
            "site_url": settings.SITE_URL.rstrip("/"),
        },
        ref=f"people.invitation:{user.pk}",
    )
    return user


def _sessions_end(user: User) -> int:
    """Delete every live session signed in as ``user``; returns how many.
    Sessions are kept in the database and, in front of it, the shared cache
    (the ``cached_db`` engine); they are keyed by random ids, so this reads
    them all (deactivation is rare, the table small) and deletes each through
    the engine, which forgets its cached copy too."""
    ended = [
        session.session_key
        for session in Session.objects.filter(
            expire_date__gt=dj_timezone.now()
        ).iterator()
        if session.get_decoded().get(SESSION_KEY) == str(user.pk)
    ]
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for key in ended:
        store(session_key=key).delete()
    return len(ended)


@transaction.atomic
def person_deactivate(*, actor: Any, user: User) -> User:
    """Stop a person signing in: inactive, every session ended; their
    tickets, messages, time and history stay as they are."""
    _require_person_manager(actor, user)
    if actor is not None and actor.pk == user.pk:
        raise SelfDeactivationError
    if user.is_active:
        # A save (not a queryset update) so what is kept of people is forgotten.
        user.is_active = False
        user.save(update_fields=["is_active"])
    _sessions_end(user)
    return user


@transaction.atomic
def person_reactivate(*, actor: Any, user: User) -> User:
    """Let a deactivated person sign in again, as they were: same roles,
    password and history (one who never chose a password can be invited)."""
    _require_person_manager(actor, user)
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    return user


def user_update_profile(
    *,
    user: User,
    full_name: str,
    language: str,
    timezone: str,
    notify_by_email: bool,
) -> User:
    """The person's own name, language, timezone and e-mail preference."""
    user.full_name = full_name
    user.language = language
    user.timezone = timezone
    user.notify_by_email = notify_by_email
    user.save(update_fields=["full_name", "language", "timezone", "notify_by_email"])
    return user


def _link(name: str, user: User) -> str:
    path = reverse(
        name,
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.SITE_URL.rstrip("/") + path


def password_reset_request(*, request: Any, email: str) -> None:
    """E-mail a reset link to the active person with this address, if there is
    one; the caller answers alike either way. Counted by people.throttle
    first (raises PasswordResetRateLimitedError), known address or not."""
    throttle.reset_request_reserve(
        email=email, address=throttle.client_address(request)
    )
    people = User.objects.filter(
        email=normalize_email(email), is_active=True, integration=""
    )
    for user in people:
        account_mail_send(
            person=user,
            template="people/email/password_reset",
            context={
                "person": user,
                "link": _link("people:password-reset-confirm", user),
                "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
                "site_url": settings.SITE_URL.rstrip("/"),
            },
            ref=f"people.password_reset:{user.pk}",
        )
