"""Time entries: matched by their id, or by person, day, client, ticket,
minutes and note."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencydesk.desk.models import Ticket
from agencydesk.people.models import User, normalize_email
from agencydesk.timesheets import services as time_services
from agencydesk.timesheets.forms import parse_duration
from agencydesk.timesheets.models import MAX_DAY_MINUTES, TimeEntry

from ..errors import RowInvalidError
from ..models import ImportRun
from .base import (
    CREATE,
    UNCHANGED,
    Cleaned,
    Column,
    Context,
    Kind,
    _client_by_slug,
    _flag,
)


class TimeEntriesKind(Kind):
    name = ImportRun.Kind.TIME_ENTRIES
    columns = (
        Column("id", gettext_lazy("Id"), ("entry_id",), False, ""),
        Column("person", gettext_lazy("Person"), ("email", "e_mail", "user"), True,
               "budi@agency.example"),
        Column("date", gettext_lazy("Date"), ("day",), True, "2026-11-23"),
        Column("minutes", gettext_lazy("Minutes"), ("mins",), False, "90"),
        Column("duration", gettext_lazy("Duration"), ("hours", "time"), False, ""),
        Column("client", gettext_lazy("Client"), ("client_slug", "short_name"), False,
               "acme"),
        Column("project", gettext_lazy("Project"), (), False, "Website"),
        Column("ticket", gettext_lazy("Ticket"), ("ticket_number",), False, ""),
        Column("note", gettext_lazy("Note"), ("description",), False, "Wireframes"),
        Column("billable", gettext_lazy("Billable"), ("is_billable",), False, "yes"),
    )  # fmt: skip

    def clean(self, ctx: Context, values: Mapping[str, str]) -> Cleaned:
        errors: list[str] = []
        labels = self.labels
        person = self._person(ctx, values.get("person", ""))
        day = _date(values.get("date", ""))
        minutes = _minutes(values.get("minutes", ""), values.get("duration", ""))
        slug = values.get("client", "")
        client = _client_by_slug(ctx, slug) if slug else None
        ticket = self._ticket(ctx, values.get("ticket", ""))
        if ticket is not None and client is not None and ticket.client_id != client.pk:
            errors.append(_("The ticket belongs to another client."))
        note = values.get("note", "")
        project = values.get("project", "")
        for name, text, limit in (("note", note, 500), ("project", project, 120)):
            if len(text) > limit:
                errors.append(
                    _("%(column)s is longer than %(count)d characters.")
                    % {"column": labels[name], "count": limit}
                )
        if errors:
            raise RowInvalidError(*errors)
        data = {
            "user": person,
            "day": day,
            "minutes": minutes,
            "client": ticket.client if ticket else client,
            "ticket": ticket,
            "project": project,
            "note": note,
            "is_billable": _flag(values.get("billable", ""), True),
        }
        entry_id = values.get("id", "")
        if entry_id:
            existing = self._entry(ctx, entry_id)
            return Cleaned(key=("id", existing.pk), data=data, existing=existing)
        key = (person.pk, day, _pk(data["client"]), _pk(ticket), minutes, note)
        return Cleaned(key=key, data=data)

    def apply(self, ctx: Context, row: Cleaned) -> str:
        data = row.data
        if row.existing is not None:
            entry = row.existing
            given = (
                data["user"].pk,
                data["day"],
                _pk(data["client"]),
                _pk(data["ticket"]),
                data["minutes"],
                data["note"],
            )
            stored = (
                entry.user_id,
                entry.date,
                entry.client_id,
                entry.ticket_id,
                entry.minutes,
                entry.note,
            )
            if given != stored:
                raise RowInvalidError(
                    _(
                        "An import does not change a time entry; delete it on "
                        "the time page and import the row without its id."
                    )
                )  # fmt: skip
            return UNCHANGED
        found = TimeEntry.objects.filter(
            user=data["user"],
            date=data["day"],
            client=data["client"],
            ticket=data["ticket"],
            minutes=data["minutes"],
            note=data["note"],
        ).exists()
        if found:
            return UNCHANGED
        time_services.time_entry_create(actor=ctx.actor, **data)
        return CREATE

    def _person(self, ctx: Context, email: str) -> User:
        email = normalize_email(email)
        person = ctx.once(
            ("person", email),
            lambda: User.objects.filter(email=email, is_staff=True).first(),
        )
        if person is None:
            raise RowInvalidError(
                _("No member of staff has the e-mail address %(email)s.")
                % {"email": email or "—"}
            )
        return person

    def _ticket(self, ctx: Context, number: str) -> Ticket | None:
        if not number:
            return None
        digits = number.lstrip("#")
        ticket = (
            ctx.once(
                ("ticket", digits),
                lambda: (
                    Ticket.objects.visible_to(ctx.viewer)
                    .filter(number=int(digits))
                    .first()
                ),
            )
            if digits.isdigit() and len(digits) < 10
            else None
        )
        if ticket is None:
            raise RowInvalidError(
                _("No ticket has the number %(number)s.") % {"number": number}
            )
        return ticket

    def _entry(self, ctx: Context, text: str) -> TimeEntry:
        entry = (
            TimeEntry.objects.visible_to(ctx.viewer).filter(pk=int(text)).first()
            if text.isdigit() and len(text) < 12
            else None
        )
        if entry is None:
            raise RowInvalidError(_("No time entry has the id %(id)s.") % {"id": text})
        return entry


def _pk(obj: Any) -> int | None:
    return obj.pk if obj is not None else None


def _date(text: str) -> date:
    try:
        return forms.DateField().clean(text)
    except forms.ValidationError as error:
        raise RowInvalidError(
            *(f"{_('Date')}: {message}" for message in error.messages)
        ) from None


def _minutes(minutes: str, duration: str) -> int:
    if minutes:
        value = int(minutes) if minutes.isdigit() and len(minutes) < 6 else None
    elif duration:
        value = parse_duration(duration[:20])
    else:
        raise RowInvalidError(_("Give the minutes or the duration."))
    if value is None or not 0 < value <= MAX_DAY_MINUTES:
        raise RowInvalidError(
            _("Write the time as minutes (90) or a duration (1:30, 1.5h).")
        )
    return value
