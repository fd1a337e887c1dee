"""What each kind of import reads, how it finds the row it already has, and
which service writes it.

A kind cleans a row (the pages' own forms check its shape), names its key
(duplicates in one file are refused) and applies it through the same
services the pages use. A row that matches an existing one updates the
columns an import may change and leaves the others: a differing value of a
column taken only on creation is reported as a note.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from agencydesk.clients import services as clients_services
from agencydesk.clients.forms import ClientForm, ContactAddForm
from agencydesk.clients.models import Client, Contact
from agencydesk.core.access import Viewer
from agencydesk.core.phones import to_e164
from agencydesk.desk.models import Ticket
from agencydesk.people import services as people_services
from agencydesk.people.forms import StaffInviteForm
from agencydesk.people.models import User, normalize_email
from agencydesk.people.roles import Role
from agencydesk.timesheets import services as time_services
from agencydesk.timesheets.forms import parse_duration
from agencydesk.timesheets.models import MAX_DAY_MINUTES, TimeEntry

from .errors import RowInvalidError
from .models import ImportRun

CREATE, UPDATE, UNCHANGED, ERROR = "create", "update", "unchanged", "error"


@dataclass(frozen=True)
class Column:
    """A column of a kind: its name, the other headers that mean it, and
    whether a row must fill it."""

    name: str
    label: Promise
    aliases: tuple[str, ...] = ()
    required: bool = False
    example: str = ""


@dataclass
class Context:
    """One run's actor and viewer, and the lookups it has made already."""

    actor: Any
    viewer: Viewer
    cache: dict = field(default_factory=dict)

    def once(self, key: Any, load) -> Any:
        if key not in self.cache:
            self.cache[key] = load()
        return self.cache[key]


@dataclass
class Cleaned:
    """A valid row: its key, its values and the row it matches (or None)."""

    key: tuple
    data: dict
    existing: Any = None
    notes: list[str] = field(default_factory=list)
    # The columns the row filled: only those may change an existing row.
    given: frozenset[str] = frozenset()


def header_key(text: str) -> str:
    """``E-mail Address`` → ``e_mail_address``: headers compare this way."""
    return "_".join(text.strip().lower().replace("-", " ").split())


def _form_errors(form: forms.Form, labels: Mapping[str, str]) -> RowInvalidError:
    messages = []
    for name, errors in form.errors.items():
        label = labels.get(name, name)
        messages.extend(f"{label}: {error}" for error in errors)
    return RowInvalidError(*messages)


def _choice(value: str, choices: Sequence[tuple[str, Any]]) -> str:
    """A choice typed as its value or its label (any case) → its value."""
    typed = value.strip().lower()
    for key, label in choices:
        if typed in (str(key).lower(), str(label).lower()):
            return key
    return value


def _flag(value: str, default: bool) -> bool:
    typed = value.strip().lower()
    if not typed:
        return default
    if typed in ("yes", "y", "true", "1", "x", _("yes").lower()):
        return True
    if typed in ("no", "n", "false", "0", _("no").lower()):
        return False
    raise RowInvalidError(_("Write yes or no."))


def _kept(notes: list[str], label: Promise, given: str, stored: Any) -> None:
    if given and given != str(stored):
        notes.append(
            _("%(column)s stays %(value)s: an import does not change it.")
            % {"column": label, "value": stored}
        )


def _client_by_slug(ctx: Context, slug: str) -> Client:
    found = ctx.once(
        ("client", slug),
        lambda: Client.objects.visible_to(ctx.viewer).filter(slug=slug).first(),
    )
    if found is None:
        raise RowInvalidError(
            _("No client has the short name %(slug)s.") % {"slug": slug}
        )
    return found


class Kind:
    """Base of the kinds below."""

    name: str
    columns: tuple[Column, ...]

    def clean(self, ctx: Context, values: Mapping[str, str]) -> Cleaned:
        raise NotImplementedError

    def apply(self, ctx: Context, row: Cleaned) -> str:
        raise NotImplementedError

    @property
    def label(self) -> str:
        return ImportRun.Kind(self.name).label

    @property
    def labels(self) -> dict[str, str]:
        return {c.name: str(c.label) for c in self.columns}


class ClientsKind(Kind):
    name = ImportRun.Kind.CLIENTS
    columns = (
        Column("name", gettext_lazy("Name"), ("client", "client_name"), True, "Acme"),
        Column("slug", gettext_lazy("Short name"), ("short_name", "key"), False,
               "acme"),
        Column("country", gettext_lazy("Country"), ("country_code",), True, "ID"),
        Column("timezone", gettext_lazy("Timezone"), ("time_zone", "tz"), True,
               "Asia/Jakarta"),
        Column("currency", gettext_lazy("Currency"), (), True, "IDR"),
        Column("language", gettext_lazy("Language"), ("lang",), False, "id"),
        Column("status", gettext_lazy("Status"), (), False, "active"),
        Column("industry", gettext_lazy("Industry"), (), False, "Retail"),
        Column("website", gettext_lazy("Website"), ("url", "site"), False,
               "https://acme.example"),
    )  # fmt: skip

    def clean(self, ctx: Context, values: Mapping[str, str]) -> Cleaned:
        data = dict(values)
        country = data.get("country", "")
        if len(country) != 2:
            data["country"] = countries.by_name(country) or country
        data["country"] = data["country"].upper()
        data["language"] = _choice(
            data.get("language") or "en", ClientForm.base_fields["language"].choices
        )
        data["status"] = _choice(
            data.get("status") or Client.Status.PROSPECT, Client.Status.choices
        )
        data["slug"] = data.get("slug") or slugify(data.get("name", ""))[:50]
        form = _ClientRowForm(data)
        if not form.is_valid():
            raise _form_errors(form, self.labels)
        cleaned = form.cleaned_data
        existing = ctx.once(
            ("client", cleaned["slug"]),
            lambda: (
                Client.objects.visible_to(ctx.viewer)
                .filter(slug=cleaned["slug"])
                .first()
            ),
        )
        return Cleaned(
            key=(cleaned["slug"],),
            data=cleaned,
            existing=existing,
            given=frozenset(k for k, v in values.items() if v),
        )

    def apply(self, ctx: Context, row: Cleaned) -> str:
        data, client = row.data, row.existing
        profile = {k: data[k] for k in ("industry", "website") if data[k]}
        if client is None:
            client = clients_services.client_create(
                actor=ctx.actor,
                **{k: data[k] for k in ("name", "slug", "country", "timezone",
                                        "currency", "language", "status")},
            )  # fmt: skip
            if profile:
                clients_services.client_update_profile(
                    actor=ctx.actor, client=client, changes=profile, source="import"
                )
            ctx.cache[("client", client.slug)] = client
            return CREATE
        stored = {
            "name": client.name,
            "timezone": client.timezone,
            "currency": client.currency,
            "language": client.language,
            "country": client.country.code,
        }
        for name, value in stored.items():
            if name in row.given:
                _kept(row.notes, self.labels[name], str(data[name]), value)
        changed = {k: v for k, v in profile.items() if getattr(client, k) != v}
        if changed:
            clients_services.client_update_profile(
                actor=ctx.actor, client=client, changes=changed, source="import"
            )
        if "status" in row.given and data["status"] != client.status:
            clients_services.client_set_status(
                actor=ctx.actor, client=client, status=data["status"]
            )
            changed["status"] = data["status"]
        return UPDATE if changed else UNCHANGED


class _ClientRowForm(ClientForm):
    industry = forms.CharField(max_length=120, required=False)
    website = forms.URLField(max_length=300, required=False, assume_scheme="https")


class ContactsKind(Kind):
    name = ImportRun.Kind.CONTACTS
    columns = (
        Column("client", gettext_lazy("Client"), ("client_slug", "short_name"), True,
               "acme"),
        Column("email", gettext_lazy("E-mail"), ("e_mail", "email_address",
               "e_mail_address"), True, "dewi@acme.example"),
        Column("full_name", gettext_lazy("Full name"), ("name",), True, "Dewi Lestari"),
        Column("role", gettext_lazy("Role"), (), False, "decision_maker"),
        Column("job_title", gettext_lazy("Job title"), ("title", "position"), False,
               "Marketing director"),
        Column("phone", gettext_lazy("Phone"), ("phone_number", "mobile"), False,
               "+62 812 3456 7890"),
        Column("language", gettext_lazy("Language"), ("lang",), False, "id"),
    )  # fmt: skip

    def clean(self, ctx: Context, values: Mapping[str, str]) -> Cleaned:
        client = _client_by_slug(ctx, values.get("client", ""))
        data = dict(values)
        data["role"] = _choice(
            data.get("role") or Contact.Role.DAY_TO_DAY, Contact.Role.choices
        )
        data["language"] = _choice(
            data.get("language", ""), ContactAddForm.base_fields["language"].choices
        )
        form = ContactAddForm(data, client=client)
        if not form.is_valid():
            raise _form_errors(form, self.labels)
        cleaned = dict(form.cleaned_data, client=client)
        email = normalize_email(cleaned["email"])
        existing = (
            Contact.objects.select_related("user", "client")
            .filter(user__email=email)
            .first()
        )
        if existing is not None and existing.client_id != client.pk:
            raise RowInvalidError(
                _("This e-mail address is a contact of another client.")
            )
        return Cleaned(key=(email,), data=cleaned, existing=existing)

    def apply(self, ctx: Context, row: Cleaned) -> str:
        data, contact = row.data, row.existing
        if contact is None:
            clients_services.contact_create(
                actor=ctx.actor,
                client=data["client"],
                email=data["email"],
                full_name=data["full_name"],
                role=data["role"],
                language=data["language"],
                job_title=data["job_title"],
                phone=data["phone"],
            )
            return CREATE
        _kept(row.notes, self.labels["full_name"], data["full_name"],
              contact.user.full_name)  # fmt: skip
        phone = data["phone"]
        if phone:
            phone = to_e164(phone, contact.client.country.code) or phone.strip()
        new = {"role": data["role"], "job_title": data["job_title"], "phone": phone}
        changes = {k: v for k, v in new.items() if v and v != getattr(contact, k)}
        if not changes:
            return UNCHANGED
        clients_services.contact_update(actor=ctx.actor, contact=contact, **changes)
        return UPDATE


class StaffKind(Kind):
    name = ImportRun.Kind.STAFF
    columns = (
        Column("email", gettext_lazy("E-mail"), ("e_mail", "email_address",
               "e_mail_address"), True, "budi@agency.example"),
        Column("full_name", gettext_lazy("Full name"), ("name",), True, "Budi Santoso"),
        Column("role", gettext_lazy("Role"), (), True, "specialist"),
        Column("job_title", gettext_lazy("Job title"), ("title", "position"), False,
               "Designer"),
        Column("language", gettext_lazy("Language"), ("lang",), False, "id"),
        Column("timezone", gettext_lazy("Timezone"), ("time_zone", "tz"), False,
               "Asia/Jakarta"),
    )  # fmt: skip

    def clean(self, ctx: Context, values: Mapping[str, str]) -> Cleaned:
        data = dict(values)
        data["role"] = _choice(data.get("role", ""), Role.choices)
        data["language"] = _choice(
            data.get("language") or "en",
            StaffInviteForm.base_fields["language"].choices,
        )
        data["timezone"] = data.get("timezone") or "UTC"
        form = StaffInviteForm(data)
        if not form.is_valid():
            raise _form_errors(form, self.labels)
        cleaned = form.cleaned_data
        email = normalize_email(cleaned["email"])
        existing = (
            User.objects.select_related("staff_profile")
            .prefetch_related("groups")
            .filter(email=email)
            .first()
        )
        if existing is not None and not existing.is_staff:
            raise RowInvalidError(
                _("This e-mail address belongs to a client's contact.")
            )
        return Cleaned(key=(email,), data=cleaned, existing=existing)

    def apply(self, ctx: Context, row: Cleaned) -> str:
        data, user = row.data, row.existing
        if user is None:
            people_services.staff_create(
                actor=ctx.actor,
                email=data["email"],
                full_name=data["full_name"],
                role=data["role"],
                language=data["language"],
                timezone=data["timezone"],
                job_title=data["job_title"],
            )
            return CREATE
        profile = getattr(user, "staff_profile", None)
        changed = False
        title = data["job_title"]
        if data["full_name"] != user.full_name or (
            title and title != (profile.job_title if profile else "")
        ):
            people_services.staff_profile_update(
                actor=ctx.actor,
                user=user,
                full_name=data["full_name"],
                job_title=title or None,
            )
            changed = True
        if data["role"] not in {g.name for g in user.groups.all()}:
            people_services.staff_set_roles(
                actor=ctx.actor, user=user, roles=[Role(data["role"])]
            )
            changed = True
        return UPDATE if changed else UNCHANGED


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


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (ClientsKind(), ContactsKind(), StaffKind(), TimeEntriesKind())
}
