"""What every finance write checks first: may this person manage the party's
money, and is the client's account still open."""

from __future__ import annotations

from typing import Any

from agencydesk.clients.models import TeamMember
from agencydesk.clients.services import ensure_editable
from agencydesk.core.timeline import timeline_record

from ..errors import ContractClosedError, NotYourClientError
from ..models import EVERY_CONTRACT, MANAGING_ROLES, Contract


def ensure_may_manage(actor: Any, client_id: int | None) -> None:
    """Finance, admins and leads manage every contract; an account manager
    only those of the clients they manage (contractors are not theirs)."""
    if actor is None or actor.has_perm(EVERY_CONTRACT):
        return
    if (
        client_id is None
        or not TeamMember.objects.filter(
            client_id=client_id, user=actor, role__in=MANAGING_ROLES
        ).exists()
    ):
        raise NotYourClientError


def lock_contract(actor: Any, contract: Contract) -> Contract:
    """The contract re-read under a row lock, refused when closed, when the
    client's account is archived or when it is not the actor's to manage."""
    ensure_may_manage(actor, contract.client_id)
    if contract.client_id:
        ensure_editable(contract.client)
    locked = Contract.objects.select_for_update().get(pk=contract.pk)
    if locked.is_closed:
        raise ContractClosedError
    return locked


def record(actor: Any, contract: Contract, verb: str, target: Any, **data) -> None:
    """A timeline event on the client's timeline; contractor contracts have no
    client and so no timeline (their rows carry created/updated times)."""
    if contract.client_id:
        timeline_record(
            actor=actor,
            client_id=contract.client_id,
            verb=verb,
            target=target,
            data=data,
        )
