"""The archive export: a ZIP of everything the agency holds on a client.

Profile and contacts as JSON and CSV, the team, the timeline, tickets with
their messages (JSON, and .eml for e-mails), materials with every version,
the access inventory (never its secrets), checklists, questionnaire answers,
feedback and meeting minutes.

The CSV files go through ``core.exports`` (a cell typed as ``=HYPERLINK(...)``
stays text); the .eml headers are built by the ``email`` package (a name
with a comma or in Cyrillic is quoted or encoded, never pasted in).
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any

from django.utils.text import slugify

from agencydesk.clients.models import Client, Contact, TeamMember
from agencydesk.clients.selectors import access_entries_for_client, materials_for_client
from agencydesk.core.access import SYSTEM
from agencydesk.core.exports import csv_of_dicts
from agencydesk.core.timeline import timeline_entries, timeline_for_client
from agencydesk.desk.models import Message
from agencydesk.desk.selectors import QueueFilters, ticket_list_for_desk
from agencydesk.meetings.selectors import meetings_for_export

from ..models import Answer, FeedbackRequest, RunItem

PROFILE_FIELDS = (
    "name", "slug", "status", "country", "timezone", "language", "currency",
    "industry", "website", "business_description", "goals", "target_audience",
    "social_accounts", "email_domains", "created_at",
)  # fmt: skip


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def _csv(rows: list[dict[str, Any]], fields: list[str]) -> str:
    # No byte-order mark: the archive's files stay as they always were.
    return csv_of_dicts(rows, fields, bom=False)


def _profile(client: Client) -> dict[str, Any]:
    return {name: str(getattr(client, name)) for name in PROFILE_FIELDS}


def _contacts(client: Client) -> list[dict[str, Any]]:
    contacts = Contact.objects.filter(client=client).select_related("user")
    return [
        {
            "name": c.user.full_name,
            "email": c.user.email,
            "role": c.role,
            "job_title": c.job_title,
            "phone": c.phone,
        }
        for c in contacts.order_by("user__full_name", "pk")
    ]


def _sender(author: Any) -> Address | str:
    if author is None:
        return "system"
    try:
        return Address(display_name=author.full_name, addr_spec=author.email)
    except (ValueError, IndexError, HeaderParseError):
        # No address, or one the header cannot carry: the name alone.
        return Address(display_name=author.full_name)


def _eml(message: Message, ticket: Any) -> bytes:
    mail = EmailMessage()
    mail["Subject"] = f"[{ticket.reference}] {ticket.title}"
    mail["From"] = _sender(message.author)
    mail["Date"] = format_datetime(message.created_at.astimezone(UTC))
    mail.set_content(message.body)
    return bytes(mail)


def build_export(*, client: Client) -> tuple[bytes, int]:
    """The export ZIP of the client and how many files it holds."""
    buffer = io.BytesIO()
    names: list[str] = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:

        def put(name: str, data: str | bytes) -> None:
            archive.writestr(name, data)
            names.append(name)

        profile = _profile(client)
        put("profile.json", _json(profile))
        put(
            "profile.csv",
            _csv(
                [{"field": k, "value": v} for k, v in profile.items()],
                ["field", "value"],
            ),
        )
        contacts = _contacts(client)
        put("contacts.json", _json(contacts))
        put(
            "contacts.csv",
            _csv(contacts, ["name", "email", "role", "job_title", "phone"]),
        )
        team = TeamMember.objects.filter(client=client).select_related("user")
        put(
            "team.json",
            _json(
                [
                    {"name": m.user.full_name, "email": m.user.email, "role": m.role}
                    for m in team
                ]
            ),
        )
        events = timeline_for_client(viewer=SYSTEM, client_id=client.pk)
        put(
            "timeline.json",
            _json(
                [
                    {
                        "at": e.at.isoformat(),
                        "kind": e.kind,
                        "who": e.actor_name,
                        "text": e.text,
                    }
                    for e in timeline_entries(events)
                ]
            ),
        )
        tickets = list(
            ticket_list_for_desk(
                viewer=SYSTEM,
                filters=QueueFilters(client=client.pk, status="all", sort="number"),
            )
        )
        messages = (
            Message.objects.visible_to(SYSTEM)
            .filter(ticket__client=client)
            .select_related("author")
            .order_by("created_at", "pk")
        )
        by_ticket: dict[int, list[Message]] = {}
        for message in messages:
            by_ticket.setdefault(message.ticket_id, []).append(message)
        put(
            "tickets.json",
            _json(
                [
                    {
                        "reference": t.reference,
                        "title": t.title,
                        "stage": t.stage,
                        "status": t.status,
                        "opened": t.created_at.isoformat(),
                        "messages": [
                            {
                                "at": m.created_at.isoformat(),
                                "author": m.author.full_name if m.author else "",
                                "channel": m.channel,
                                "internal": m.is_internal,
                                "body": m.body,
                            }
                            for m in by_ticket.get(t.pk, [])
                        ],
                    }
                    for t in tickets
                ]
            ),
        )
        for ticket in tickets:
            for message in by_ticket.get(ticket.pk, []):
                if message.channel == "email":
                    put(
                        f"emails/{ticket.reference}-{message.pk}.eml",
                        _eml(message, ticket),
                    )
        for material in materials_for_client(viewer=SYSTEM, client=client):
            folder = f"materials/{material.pk}-{slugify(material.title) or 'material'}"
            for version in material.versions.all():
                try:
                    with version.file.open("rb") as handle:
                        put(
                            f"{folder}/v{version.number}-{version.filename}",
                            handle.read(),
                        )
                except OSError:
                    continue
        access = access_entries_for_client(viewer=SYSTEM, client=client)
        put(
            "access.json",
            _json(
                [
                    {
                        "platform": a.platform,
                        "kind": a.kind,
                        "url": a.url,
                        "account_id": a.account_id,
                        "access_level": a.access_level,
                        "held_by": a.holder.full_name if a.holder else "",
                        "state": a.state,
                        "state_changed_at": a.state_changed_at,
                    }
                    for a in access
                ]
            ),
        )
        items = RunItem.objects.filter(run__client=client).select_related(
            "run", "owner"
        )
        put(
            "checklists.json",
            _json(
                [
                    {
                        "checklist": i.run.kind,
                        "section": i.section,
                        "item": i.title,
                        "owner": i.owner.full_name if i.owner else "",
                        "due": i.due_date,
                        "done": i.done_at,
                    }
                    for i in items.order_by("run__started_at", "order", "pk")
                ]
            ),
        )
        answers = Answer.objects.filter(request__client=client).select_related(
            "question"
        )
        put(
            "questionnaire.json",
            _json(
                [{"question": str(a.question), "answer": a.display} for a in answers]
            ),
        )
        feedback = FeedbackRequest.objects.filter(
            client=client, answered_at__isnull=False
        )
        put(
            "feedback.json",
            _json(
                [
                    {"score": f.score, "comment": f.comment, "at": f.answered_at}
                    for f in feedback
                ]
            ),
        )
        put("meetings.json", _json(meetings_for_export(client=client)))
        put("MANIFEST.txt", "\n".join([*names, "MANIFEST.txt"]) + "\n")
    return buffer.getvalue(), len(names)
