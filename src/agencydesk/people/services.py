"""Writes about people: sign-in, staff accounts, roles, preferences."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth import authenticate
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import check_for_language

from agencydesk.core.access import require_actor

from . import throttle
from .errors import EmailTakenError
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
) -> User:
    """Create a member of staff with a role and a profile."""
    require_actor(actor, "people.add_user")
    email = normalize_email(email)
    if User.objects.filter(email=email).exists():
        raise EmailTakenError
    user = User.objects.create_user(
        email,
        password,
        full_name=full_name,
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
    return user


def staff_set_roles(*, actor: Any, user: User, roles: list[Role]) -> User:
    """Give a member of staff exactly these roles."""
    require_actor(actor, "people.change_user")
    user.groups.set(Group.objects.filter(name__in=[Role(r).value for r in roles]))
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
