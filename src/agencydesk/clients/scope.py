"""Need-to-know: which clients a member of staff may see.

With the agency's staff scope on "own", staff without the permission to see
every client (admins, agency leads and account managers hold it; specialists
and finance do not) see only the clients they work on: those whose team they
are on, and those of the work other apps hand them (the desk registers the
tickets a person is analyst or production owner of).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import IntegerField, QuerySet, Value

from agencydesk.core.models import Agency

from .models import TeamMember

SEE_EVERY_CLIENT = "clients.view_every_client"

# Each source gives a user's client ids as a one-column ``values_list``
# queryset, so all of them are read in one UNION.
WorkSource = Callable[[Any], QuerySet]
_work_sources: list[WorkSource] = [
    lambda user: TeamMember.objects.filter(user=user).values_list("client_id")
]

# Client ids start at 1: this row only says "the agency limits this person".
_LIMITED = 0


def register_work_source(source: WorkSource) -> None:
    """Let a higher app add what counts as working on a client."""
    _work_sources.append(source)


def staff_client_ids(user: Any) -> frozenset[int] | None:
    """The clients a member of staff may see, or None for every client.

    One query: the agency's setting and every work source in one UNION (the
    permission comes from the user's cached permissions). An integration
    restricted to some clients sees exactly the clients whose team it is on,
    whatever its role and the agency's setting (one query)."""
    if getattr(user, "integration", "") == "clients":
        return frozenset(
            TeamMember.objects.filter(user=user).values_list("client_id", flat=True)
        )
    if user.has_perm(SEE_EVERY_CLIENT):
        return None
    limited = Agency.objects.filter(
        staff_scope=Agency.StaffScope.OWN_CLIENTS
    ).values_list(Value(_LIMITED, output_field=IntegerField()))
    sources = [source(user).order_by() for source in _work_sources]
    rows = {row[0] for row in limited.order_by().union(*sources)}
    if _LIMITED not in rows:
        return None
    return frozenset(rows - {_LIMITED})
