"""The demo agency: staff in every role and six clients in six countries.

Idempotent: people and clients are looked up by e-mail and short name, and
only what is missing is created (through the same services the pages use).
"""

from __future__ import annotations

import importlib
import importlib.util
from decimal import Decimal
from typing import TextIO

from django.db import transaction

from agencydesk.clients import services as clients
from agencydesk.clients.models import Client, TeamMember
from agencydesk.people import services as people
from agencydesk.people.models import User
from agencydesk.people.roles import Role

DEMO_PASSWORD = "demo-agency-2026"
# Apps with a demo module of their own (``<app>/demo.py`` with ``load(out)``),
# loaded after people and clients, in this order.
APP_DEMOS = [
    "agencydesk.desk.demo",
    "agencydesk.work.demo",
    "agencydesk.comms.demo",
    "agencydesk.meetings.demo",
    "agencydesk.timesheets.demo",
    "agencydesk.planning.demo",
    # Finance before onboarding: onboarding archives a client, and an
    # archived account takes no contract.
    "agencydesk.finance.demo",
    "agencydesk.onboarding.demo",
    "agencydesk.reports.demo",
    "agencydesk.risks.demo",
]

STAFF = [
    # email, name, role, job title, country, timezone, language, cost, rate, currency
    (
        "admin@agency.example",
        "Nadia Putri",
        Role.ADMIN,
        "Operations",
        "ID",
        "Asia/Jakarta",
        "id",
        "18",
        "0",
        "USD",
    ),
    (
        "lead@agency.example",
        "Dmitri Volkov",
        Role.AGENCY_LEAD,
        "Agency lead",
        "RU",
        "Europe/Moscow",
        "ru",
        "45",
        "120",
        "USD",
    ),
    (
        "rina@agency.example",
        "Rina Wijaya",
        Role.ACCOUNT_MANAGER,
        "Account manager",
        "ID",
        "Asia/Jakarta",
        "id",
        "25",
        "80",
        "USD",
    ),
    (
        "li.wei@agency.example",
        "Li Wei",
        Role.ACCOUNT_MANAGER,
        "Account manager",
        "CN",
        "Asia/Shanghai",
        "zh-hans",
        "28",
        "85",
        "USD",
    ),
    (
        "anna@agency.example",
        "Anna Smirnova",
        Role.SPECIALIST,
        "Designer",
        "RU",
        "Europe/Moscow",
        "ru",
        "22",
        "70",
        "USD",
    ),
    (
        "budi@agency.example",
        "Budi Santoso",
        Role.SPECIALIST,
        "Copywriter",
        "ID",
        "Asia/Jakarta",
        "id",
        "15",
        "55",
        "USD",
    ),
    (
        "sarah@agency.example",
        "Sarah Miller",
        Role.SPECIALIST,
        "Ads & SEO specialist",
        "US",
        "America/New_York",
        "en",
        "40",
        "110",
        "USD",
    ),
    (
        "olga@agency.example",
        "Olga Ivanova",
        Role.FINANCE,
        "Finance manager",
        "RU",
        "Europe/Moscow",
        "ru",
        "30",
        "0",
        "USD",
    ),
]

CLIENTS = [
    # slug, name, country, timezone, language, currency, status,
    # account manager, specialists, contacts
    (
        "kopi-nusantara",
        "Kopi Nusantara",
        "ID",
        "Asia/Jakarta",
        "id",
        "IDR",
        Client.Status.ACTIVE,
        "rina@agency.example",
        ["budi@agency.example", "anna@agency.example"],
        [
            ("maya@kopinusantara.example", "Maya Sari", "decision_maker"),
            ("agus@kopinusantara.example", "Agus Pratama", "day_to_day"),
            ("dewi@kopinusantara.example", "Dewi Kartika", "billing"),
        ],
    ),
    (
        "taiga-honey",
        "Taiga Honey",
        "RU",
        "Europe/Moscow",
        "ru",
        "RUB",
        Client.Status.ACTIVE,
        "rina@agency.example",
        ["anna@agency.example"],
        [
            ("ivan@taigahoney.example", "Ivan Petrov", "decision_maker"),
            ("elena@taigahoney.example", "Elena Kuznetsova", "day_to_day"),
        ],
    ),
    (
        "qingshan-tea",
        "Qingshan Tea",
        "CN",
        "Asia/Shanghai",
        "zh-hans",
        "CNY",
        Client.Status.ACTIVE,
        "li.wei@agency.example",
        ["anna@agency.example", "budi@agency.example"],
        [
            ("zhang.min@qingshantea.example", "Zhang Min", "decision_maker"),
            ("chen.jie@qingshantea.example", "Chen Jie", "technical"),
        ],
    ),
    (
        "brightline-fitness",
        "Brightline Fitness",
        "US",
        "America/New_York",
        "en",
        "USD",
        Client.Status.ONBOARDING,
        "li.wei@agency.example",
        ["sarah@agency.example"],
        [
            ("jessica@brightline.example", "Jessica Moore", "decision_maker"),
            ("tom@brightline.example", "Tom Baker", "technical"),
            ("ap@brightline.example", "Accounts Payable", "billing"),
        ],
    ),
    (
        "lion-city-eats",
        "Lion City Eats",
        "SG",
        "Asia/Singapore",
        "en",
        "SGD",
        Client.Status.ACTIVE,
        "rina@agency.example",
        ["sarah@agency.example", "budi@agency.example"],
        [
            ("wei.ling@lioncityeats.example", "Tan Wei Ling", "decision_maker"),
            ("raj@lioncityeats.example", "Raj Kumar", "day_to_day"),
        ],
    ),
    (
        "nordwind-outdoor",
        "Nordwind Outdoor",
        "DE",
        "Europe/Berlin",
        "en",
        "EUR",
        Client.Status.PROSPECT,
        "li.wei@agency.example",
        ["sarah@agency.example"],
        [
            ("katrin@nordwind.example", "Katrin Becker", "decision_maker"),
            ("jonas@nordwind.example", "Jonas Weber", "day_to_day"),
        ],
    ),
]


@transaction.atomic
def load(out: TextIO) -> None:
    """Create whatever part of the demo agency is missing and print the logins."""
    out.write("Loading the demo agency…\n")
    existing = set(User.objects.values_list("email", flat=True))
    for i, row in enumerate(STAFF, 1):
        email, name, role, title, country, tz, lang, cost, rate, currency = row
        out.write(f"  [{i}/{len(STAFF)}] staff {email}\n")
        if email in existing:
            continue
        people.staff_create(
            actor=None,
            email=email,
            full_name=name,
            role=role,
            password=DEMO_PASSWORD,
            language=lang,
            timezone=tz,
            job_title=title,
            country=country,
            hourly_cost=Decimal(cost),
            default_bill_rate=Decimal(rate),
            rate_currency=currency,
        )
    staff = {u.email: u for u in User.objects.filter(is_staff=True)}
    existing_clients = set(Client.objects.values_list("slug", flat=True))
    for i, row in enumerate(CLIENTS, 1):
        (
            slug,
            name,
            country,
            tz,
            lang,
            currency,
            status,
            manager,
            specialists,
            contacts,
        ) = row
        out.write(f"  [{i}/{len(CLIENTS)}] client {name}\n")
        if slug in existing_clients:
            continue
        client = clients.client_create(
            actor=None,
            name=name,
            slug=slug,
            email_domains=contacts[0][0].split("@", 1)[1],
            country=country,
            timezone=tz,
            language=lang,
            currency=currency,
            status=status,
        )
        clients.team_member_add(
            actor=None,
            client=client,
            user=staff[manager],
            role=TeamMember.Role.ACCOUNT_MANAGER,
        )
        for email in specialists:
            clients.team_member_add(
                actor=None,
                client=client,
                user=staff[email],
                role=TeamMember.Role.SPECIALIST,
            )
        for email, full_name, role in contacts:
            clients.contact_create(
                actor=None,
                client=client,
                email=email,
                full_name=full_name,
                role=role,
                password=DEMO_PASSWORD,
            )
    for module in APP_DEMOS:
        # Each app loads its own part of the demo through its services.
        if importlib.util.find_spec(module) is not None:
            importlib.import_module(module).load(out=out)
    out.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})\n")
    for email, name, role, *_rest in STAFF:
        out.write(f"  {email:<28} {name:<16} {Role(role).label}\n")
    out.write("  Client contacts, e.g.:\n")
    for _slug, name, *_mid, contacts in CLIENTS[:3]:
        out.write(f"  {contacts[0][0]:<28} {contacts[0][1]:<16} {name}\n")
