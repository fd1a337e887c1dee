"""The account pages' staff pickers: the team's person and an access's holder
are typed (an address, a name, an id) instead of chosen from every member of
staff, and what names nobody is refused with nothing changed."""

import pytest
from cryptography.fernet import Fernet
from django.urls import reverse

from agencydesk.clients.models import AccessEntry, TeamMember
from agencydesk.clients.services import team_member_add

pytestmark = pytest.mark.django_db

CHOOSE = "Choose one of the suggestions: type a name or an e-mail address."


@pytest.fixture(autouse=True)
def _secrets_key(settings):
    settings.SECRETS_KEY = Fernet.generate_key().decode()


@pytest.fixture
def on_team(client_a, manager):
    team_member_add(actor=None, client=client_a, user=manager, role="account_manager")
    return manager


def _url(name, client):
    return reverse(f"clients:{name}", args=[client.slug])


def _team(client):
    return sorted(client.team.values_list("user__email", "role"))


def test_the_people_page_lists_no_staff_to_choose_from(
    client_a, on_team, specialist, as_user
):
    html = as_user(on_team).get(_url("people-edit", client_a)).content.decode()

    assert 'id="team-add-form"' in html
    assert "Sam Specialist" not in html
    assert specialist.email not in html
    assert f'hx-get="{reverse("core:pick", args=["staff"])}"' in html


@pytest.mark.parametrize("typed", ["address", "name", "id"])
def test_a_member_typed_joins_the_team(typed, client_a, on_team, specialist, as_user):
    value = {
        "address": specialist.email.upper(),
        "name": "sam specialist",
        "id": str(specialist.pk),
    }[typed]

    response = as_user(on_team).post(
        _url("team-add", client_a), {"user": value, "role": "specialist"}
    )

    assert response.status_code == 302
    assert TeamMember.objects.get(client=client_a, user=specialist).role == (
        "specialist"
    )


@pytest.mark.parametrize("typed", ["nobody@agency.test", "Sam", "", "999999"])
def test_a_person_typed_who_is_nobody_is_refused(
    typed, client_a, on_team, specialist, as_user
):
    before = _team(client_a)

    response = as_user(on_team).post(
        _url("team-add", client_a), {"user": typed, "role": "specialist"}
    )

    assert response.status_code == 422
    assert response.context["team_form"].errors["user"] == [
        CHOOSE if typed else "This field is required."
    ]
    assert _team(client_a) == before


def test_a_contact_cannot_be_typed_onto_the_team(client_a, contact_a, on_team, as_user):
    response = as_user(on_team).post(
        _url("team-add", client_a),
        {"user": contact_a.user.email, "role": "specialist"},
    )

    assert response.status_code == 422
    assert response.context["team_form"].errors["user"] == [CHOOSE]
    assert not TeamMember.objects.filter(user=contact_a.user).exists()


def test_the_access_page_lists_no_staff_to_choose_from(
    client_a, on_team, specialist, as_user
):
    html = as_user(on_team).get(_url("access-list", client_a)).content.decode()

    assert 'name="holder"' in html
    assert "Sam Specialist" not in html
    assert specialist.email not in html


def test_an_access_is_held_by_a_person_typed_by_address(
    client_a, on_team, specialist, as_user
):
    response = as_user(on_team).post(
        _url("access-create", client_a),
        {
            "platform": "Meta Ads",
            "kind": "ads",
            "state": "granted",
            "holder": specialist.email,
        },
    )

    assert response.status_code == 302
    entry = AccessEntry.objects.get(client=client_a)
    assert (entry.platform, entry.holder) == ("Meta Ads", specialist)


def test_an_access_may_be_held_by_nobody(client_a, on_team, as_user):
    as_user(on_team).post(
        _url("access-create", client_a),
        {"platform": "Hosting", "kind": "hosting", "state": "requested", "holder": ""},
    )

    assert AccessEntry.objects.get(client=client_a).holder is None


def test_an_access_held_by_nobody_typed_is_refused(
    client_a, on_team, specialist, as_user
):
    response = as_user(on_team).post(
        _url("access-create", client_a),
        {
            "platform": "Meta Ads",
            "kind": "ads",
            "state": "granted",
            "holder": "<script>sam</script>",
        },
    )

    assert response.status_code == 422
    assert response.context["form"].errors["holder"] == [CHOOSE]
    assert not AccessEntry.objects.exists()
    # The typed text is shown again, escaped, to be corrected.
    assert 'value="&lt;script&gt;sam&lt;/script&gt;"' in response.content.decode()
