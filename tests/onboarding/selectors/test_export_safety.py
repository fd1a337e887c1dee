"""The archive export's files are safe to open (onboarding.selectors.exports):
a formula typed as a name stays text in the CSVs, and an e-mail's sender with
a comma or a Cyrillic name gives a From header a mail program can read."""

import csv
import email
import email.policy
import io
import zipfile

import pytest

from agencydesk.clients.services import team_member_add
from agencydesk.desk import services as desk
from agencydesk.onboarding.selectors.exports import build_export
from agencydesk.people.roles import Role
from tests.factories.clients import make_contact
from tests.factories.people import make_staff

pytestmark = pytest.mark.django_db
FORMULA = '=HYPERLINK("http://evil.test","Click")'


def _files(client):
    content, _count = build_export(client=client)
    archive = zipfile.ZipFile(io.BytesIO(content))
    return {name: archive.read(name) for name in archive.namelist()}


def test_a_formula_typed_as_a_name_is_text_in_the_contacts_csv(client_a):
    make_contact(client_a, full_name=FORMULA, email="evil@alpha.test")
    make_contact(client_a, full_name="Ani Alpha", email="ani@alpha.test")

    files = _files(client_a)
    text = files["contacts.csv"].decode()
    rows = list(csv.DictReader(io.StringIO(text)))

    assert text.startswith("name,email,role,job_title,phone")  # no BOM added
    assert {row["email"]: row["name"] for row in rows} == {
        "evil@alpha.test": "'" + FORMULA,
        "ani@alpha.test": "Ani Alpha",
    }
    assert not any(
        cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values()
    )


def _mail_from(client, contact, name, address):
    author = make_staff(Role.ACCOUNT_MANAGER, full_name=name, email=address)
    team_member_add(actor=None, client=client, user=author, role="account_manager")
    ticket = desk.ticket_create(
        actor=author, client=client, requester=contact, title="Banner, again"
    )
    message = desk.message_add(
        actor=author, ticket=ticket, body="Here it is.", channel="email"
    )
    return ticket, message


@pytest.mark.parametrize(
    ("name", "address"),
    [
        ("Doe, John", "john.doe@agency.test"),
        ("Анна Иванова-Петрова", "anna@agency.test"),
        ('Eve "Q" <x@y>', "eve@agency.test"),
    ],
)
def test_the_sender_of_an_archived_email_round_trips(
    client_a, contact_a, name, address
):
    ticket, message = _mail_from(client_a, contact_a, name, address)

    raw = _files(client_a)[f"emails/{ticket.reference}-{message.pk}.eml"]
    parsed = email.message_from_bytes(raw, policy=email.policy.default)

    (sender,) = parsed["From"].addresses
    assert (sender.display_name, sender.addr_spec) == (name, address)
    assert not parsed["From"].defects
    assert parsed["Date"].datetime == message.created_at.replace(microsecond=0)
    assert parsed["Subject"] == f"[{ticket.reference}] Banner, again"
    assert parsed.get_content().strip() == "Here it is."
    assert raw.isascii()  # encoded words, no raw UTF-8 in the headers
