"""Setups of the client lifecycle, built through the services."""

from agencydesk.clients.services import team_member_add
from agencydesk.onboarding import services
from agencydesk.onboarding.models import RunItem


def put_on_team(client, manager, specialist=None):
    team_member_add(actor=None, client=client, user=manager, role="account_manager")
    if specialist is not None:
        team_member_add(actor=None, client=client, user=specialist, role="specialist")


def item(run, key) -> RunItem:
    return RunItem.objects.get(run=run, key=key)


def complete(run, *keys, actor=None):
    for key in keys:
        services.item_complete(actor=actor, item=item(run, key))
