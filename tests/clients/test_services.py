import pytest

from agencydesk.clients import services
from agencydesk.clients.errors import ClientSlugTakenError, NotStaffError
from agencydesk.clients.models import Client, Contact, TeamMember
from agencydesk.core.models import Event
from agencydesk.people.errors import EmailTakenError
from tests.factories.clients import make_client, make_contact

pytestmark = pytest.mark.django_db


def test_new_client_gets_its_own_calendar_in_its_timezone_and_country(manager):
    client = services.client_create(
        actor=manager,
        name="Qingshan Tea",
        country="CN",
        timezone="Asia/Shanghai",
        currency="CNY",
        language="zh-hans",
    )

    assert client.slug == "qingshan-tea"
    assert client.calendar.timezone == "Asia/Shanghai"
    assert str(client.calendar.country) == "CN"
    # An account manager opening an account becomes its account manager.
    assert list(Event.objects.filter(client=client).values_list("verb", "actor")) == [
        ("client.created", manager.pk),
        ("client.team_added", manager.pk),
    ]
    assert list(client.team.values_list("user", "role")) == [
        (manager.pk, "account_manager")
    ]


def test_slugs_stay_unique_when_names_repeat(db):
    first = make_client("Kopi Nusantara")
    second = make_client("Kopi Nusantara")

    assert (first.slug, second.slug) == ("kopi-nusantara", "kopi-nusantara-2")


def test_a_taken_short_name_is_refused_and_nothing_is_created(client_a, manager):
    before = Client.objects.count()

    with pytest.raises(ClientSlugTakenError):
        services.client_create(
            actor=manager,
            name="Other",
            slug=client_a.slug,
            country="ID",
            timezone="Asia/Jakarta",
            currency="IDR",
        )

    assert Client.objects.count() == before


def test_specialist_cannot_open_a_client_account(specialist):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.client_create(
            actor=specialist, name="X", country="US", timezone="UTC", currency="USD"
        )
    assert not Client.objects.exists()


def test_contact_belongs_to_exactly_one_client_and_speaks_its_language(client_b):
    contact = make_contact(client_b, email="Ivan@Taiga.Example ")

    assert contact.user.email == "ivan@taiga.example"
    assert contact.user.language == "ru"
    assert contact.user.timezone == "Europe/Moscow"
    assert not contact.user.is_staff
    assert list(
        Contact.objects.filter(user=contact.user).values_list("client", flat=True)
    ) == [client_b.pk]


def test_an_email_in_use_cannot_become_a_second_contact(client_a, client_b):
    make_contact(client_a, email="same@example.com")

    with pytest.raises(EmailTakenError):
        make_contact(client_b, email="SAME@example.com")
    assert Contact.objects.filter(client=client_b).count() == 0


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
