"""Who is on a client's team, as other apps need it often."""

from __future__ import annotations

from agencydesk.core.kept import kept
from agencydesk.people.models import User

from ..models import TeamMember

ACCOUNT_MANAGERS = "account-managers"
# What notifying a person needs (language, zone, address, preference): no
# password hash or other credential goes into the shared cache.
_NOTIFY_FIELDS = (
    "email",
    "full_name",
    "language",
    "timezone",
    "is_staff",
    "is_active",
    "notify_by_email",
)


def account_managers_of(client_id: int) -> list[User]:
    """The client's active account managers, kept between requests (the
    group is forgotten whenever a team membership or a person changes): every
    new request notifies them."""
    return kept(
        ACCOUNT_MANAGERS,
        client_id,
        lambda: list(
            User.objects.filter(
                client_teams__client_id=client_id,
                client_teams__role=TeamMember.Role.ACCOUNT_MANAGER,
                is_active=True,
            )
            .only(*_NOTIFY_FIELDS)
            .order_by("pk")
        ),
    )
