"""Who may change a client's team (clients.services.team): being on a team
opens the account's secrets, so an account manager cannot add themselves to
another manager's account and then reveal its secrets."""

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from agencydesk.clients import services
from agencydesk.clients.errors import NotStaffError
from agencydesk.clients.models import TeamMember
from agencydesk.clients.services import access, team
from agencydesk.core.models import Event
from agencydesk.people.roles import Role
from tests.factories.people import make_staff

pytestmark = pytest.mark.django_db


def test_an_account_manager_cannot_add_themselves_to_another_clients_team(
    client_a, manager
):
    with pytest.raises(PermissionDenied):
        team.team_member_add(
            actor=manager, client=client_a, user=manager, role="account_manager"
        )

    assert not TeamMember.objects.filter(client=client_a).exists()


def test_the_clients_own_account_manager_changes_its_team(
    client_a, manager, specialist
):
    team.team_member_add(
        actor=None, client=client_a, user=manager, role="account_manager"
    )

    team.team_member_add(
        actor=manager, client=client_a, user=specialist, role="specialist"
    )

    assert client_a.team.filter(user=specialist, role="specialist").exists()


@pytest.mark.parametrize("role", [Role.AGENCY_LEAD, Role.ADMIN])
def test_leads_and_admins_change_every_team(role, client_a, specialist):
    lead = make_staff(role)

    team.team_member_add(actor=lead, client=client_a, user=specialist, role="lead")

    assert team.team_editable(actor=lead, client=client_a)
    assert client_a.team.filter(user=specialist).exists()


def test_a_specialist_on_the_team_is_not_its_account_manager(client_a, specialist):
    team.team_member_add(
        actor=None, client=client_a, user=specialist, role="specialist"
    )

    assert not team.team_editable(actor=specialist, client=client_a)


def test_the_self_added_manager_is_refused_and_cannot_reveal(
    client_a, manager, as_user, settings
):
    settings.SECRETS_KEY = Fernet.generate_key().decode()
    entry = access.access_entry_create(
        actor=None, client=client_a, platform="Ads", secret="s3cret"
    )
    http = as_user(manager)

    joined = http.post(
        reverse("clients:team-add", args=[client_a.slug]),
        {"user": manager.pk, "role": "account_manager"},
    )
    revealed = http.post(
        reverse("clients:access-reveal", args=[client_a.slug, entry.pk])
    )

    assert joined.status_code == 403
    assert revealed.status_code == 403
    assert "s3cret" not in revealed.content.decode()
    assert not client_a.team.exists()


def test_the_team_form_is_shown_only_to_who_may_use_it(client_a, manager, as_user):
    url = reverse("clients:people-edit", args=[client_a.slug])
    http = as_user(manager)

    assert "team-add-form" not in http.get(url).content.decode()
    team.team_member_add(
        actor=None, client=client_a, user=manager, role="account_manager"
    )
    assert "team-add-form" in http.get(url).content.decode()


def test_only_staff_can_join_a_team(client_a, contact_a, admin_user, manager):
    with pytest.raises(NotStaffError):
        services.team_member_add(
            actor=admin_user, client=client_a, user=contact_a.user, role="specialist"
        )

    member = services.team_member_add(
        actor=admin_user, client=client_a, user=manager, role="account_manager"
    )
    again = services.team_member_add(
        actor=admin_user, client=client_a, user=manager, role="lead"
    )

    assert member.pk == again.pk
    assert list(TeamMember.objects.values_list("role", flat=True)) == ["lead"]
    assert Event.objects.filter(client=client_a, verb="client.team_added").count() == 1
