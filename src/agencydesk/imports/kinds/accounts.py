"""Clients, contacts and staff: matched by short name or e-mail address."""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from agencydesk.clients import services as clients_services
from agencydesk.clients.forms import ClientForm, ContactAddForm
from agencydesk.clients.models import Client, Contact
from agencydesk.core.phones import to_e164
from agencydesk.people import services as people_services
from agencydesk.people.forms import StaffInviteForm
from agencydesk.people.models import User, normalize_email
from agencydesk.people.roles import Role

from ..errors import RowInvalidError
from ..models import ImportRun
from .base import (
    CREATE,
    UNCHANGED,
    UPDATE,
    Cleaned,
    Column,
    Context,
    Kind,
    _choice,
    _client_by_slug,
    _form_errors,
    _kept,
)


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
