"""Staff pages of an account: profile, contacts and team, key materials,
access inventory, credential links and the communication log; and the
contact's credential page behind a one-time link."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from agencydesk.core.access import access_object, staff_required
from agencydesk.core.actions import button, perform, posted, reads, submit, writes
from agencydesk.core.files import download_response
from agencydesk.core.htmx import partial

from .forms import (
    AccessEntryForm,
    AccessSecretForm,
    AccessStateForm,
    CommLogForm,
    ContactAddForm,
    CredentialFillForm,
    CredentialRequestForm,
    EmptyForm,
    MaterialForm,
    MaterialVersionForm,
    ProfileForm,
    TeamMemberForm,
)
from .models import AccessEntry, Client, Contact, CredentialRequest, Material
from .selectors import (
    access_entries_for_client,
    contacts_for_people_page,
    credential_link_for_token,
    credential_requests_for_client,
    material_versions_of,
    secrets_revealable,
)
from .services import access, accounts, contacts, credentials, materials, team
from .views import timeline_context


def _client(request: HttpRequest, slug: str, action: str = "view") -> Client:
    return access_object(request.viewer, Client, slug, field_name="slug", action=action)


def _entry(request: HttpRequest, client: Client, entry_id: int) -> AccessEntry:
    entries = AccessEntry.objects.filter(client=client)
    return access_object(request.viewer, entries, entry_id)


# --- The profile and the communication log -------------------------------------


@staff_required("clients.change_client")
@writes
def profile_edit(request: HttpRequest, client_slug: str) -> HttpResponse:
    client = _client(request, client_slug, action="change")
    initial = {name: getattr(client, name) for name in accounts.PROFILE_FIELDS}
    form = ProfileForm(**posted(request), initial=initial)
    return submit(
        request,
        form,
        lambda _data: accounts.client_update_profile(
            actor=request.user, client=client, changes=form.submitted_data()
        ),
        template="clients/profile_form.html",
        context={"client": client},
        success=_("The profile was saved."),
        redirect_to=client,
    )


@staff_required("clients.view_client")
@button
def communication_log(request: HttpRequest, client_slug: str) -> HttpResponse:
    client = _client(request, client_slug)
    fragment = partial(request)
    response = submit(
        request,
        CommLogForm(**posted(request)),
        lambda data: accounts.communication_log(
            actor=request.user, client=client, **data
        ),
        template="clients/partials/comm_form.html",
        form_name="comm_form",
        context={"client": client},
        # htmx swaps the new timeline in; a plain form post goes back.
        success=None if fragment else _("Logged on the timeline."),
        answer=(
            (
                lambda _client: render(
                    request,
                    "clients/partials/timeline.html",
                    timeline_context(request, client, use_filters=False),
                )
            )
            if fragment
            else None
        ),
        redirect_to=client,
    )
    if response.status_code == 422:
        response["HX-Retarget"] = "#comm-log"
        response["HX-Reswap"] = "outerHTML"
    return response


# --- Contacts and team ----------------------------------------------------------


def _people_context(request: HttpRequest, client: Client, **forms) -> dict:
    return {
        "client": client,
        "contacts": contacts_for_people_page(viewer=request.viewer, client=client),
        "can_manage_contacts": request.viewer.has_perm("clients.change_contact"),
        "can_change_team": team.team_editable(actor=request.user, client=client),
        "contact_form": forms.get("contact_form") or ContactAddForm(),
        "team_form": forms.get("team_form") or TeamMemberForm(viewer=request.viewer),
    }


@staff_required("clients.change_client")
@reads
def people_edit(request: HttpRequest, client_slug: str) -> HttpResponse:
    """Add contacts (with their role) and team members to an account."""
    client = _client(request, client_slug)
    return render(request, "clients/people_form.html", _people_context(request, client))


@staff_required("clients.add_contact")
@button
def contact_add(request: HttpRequest, client_slug: str) -> HttpResponse:
    client = _client(request, client_slug)
    form = ContactAddForm(**posted(request), client=client)
    return submit(
        request,
        form,
        lambda data: contacts.contact_create(actor=request.user, client=client, **data),
        template="clients/people_form.html",
        form_name="contact_form",
        context=lambda form: _people_context(request, client, contact_form=form),
        success=lambda _contact: (
            _("The contact was added and an invitation sent.")
            if form.cleaned_data["invite"]
            else _("The contact was added.")
        ),
        redirect_to=client,
    )


@staff_required("clients.change_client")
@button
def team_add(request: HttpRequest, client_slug: str) -> HttpResponse:
    client = _client(request, client_slug, action="change")
    return submit(
        request,
        TeamMemberForm(**posted(request), viewer=request.viewer),
        lambda data: team.team_member_add(actor=request.user, client=client, **data),
        template="clients/people_form.html",
        form_name="team_form",
        context=lambda form: _people_context(request, client, team_form=form),
        success=_("The team was updated."),
        redirect_to=client,
    )


def _contact(request: HttpRequest, client_slug: str, contact_id: int) -> Contact:
    client = _client(request, client_slug)
    contacts_of_client = Contact.objects.filter(client=client).select_related(
        "user", "client"
    )
    return access_object(
        request.viewer, contacts_of_client, contact_id, action="change"
    )


def _invited(contact: Contact) -> str:
    return _("The invitation was sent.")


def _deactivated(contact: Contact) -> str:
    return _("%(name)s can no longer sign in.") % {"name": contact.user.display_name}


def _reactivated(contact: Contact) -> str:
    return _("%(name)s can sign in again.") % {"name": contact.user.display_name}


# The buttons of a contact's row: the service and what it says when done.
CONTACT_ACTIONS = {
    "invite": (contacts.contact_invite, _invited),
    "deactivate": (contacts.contact_deactivate, _deactivated),
    "reactivate": (contacts.contact_reactivate, _reactivated),
}


@staff_required("clients.change_contact")
@button
def contact_action(
    request: HttpRequest, client_slug: str, contact_id: int, action: str
) -> HttpResponse:
    """Invite, deactivate (their history stays) or reactivate a contact."""
    contact = _contact(request, client_slug, contact_id)
    service, said = CONTACT_ACTIONS[action]
    return perform(
        request,
        lambda: service(actor=request.user, contact=contact),
        success=lambda _result: said(contact),
        redirect_to=reverse("clients:people-edit", args=[contact.client.slug]),
    )


# --- Key materials --------------------------------------------------------------


@staff_required("clients.add_material")
@writes
def material_create(request: HttpRequest, client_slug: str) -> HttpResponse:
    client = _client(request, client_slug)
    return submit(
        request,
        MaterialForm(**posted(request)),
        lambda data: materials.material_create(
            actor=request.user,
            client=client,
            title=data["title"],
            kind=data["kind"],
            description=data["description"],
            upload=data["file"],
        ),
        template="clients/material_form.html",
        context={"client": client},
        success=_("The material was added."),
        redirect_to=client,
    )


@staff_required("clients.change_material")
@button
def material_version_add(
    request: HttpRequest, client_slug: str, material_id: int
) -> HttpResponse:
    client = _client(request, client_slug)
    material = access_object(
        request.viewer, Material.objects.filter(client=client), material_id
    )
    return submit(
        request,
        MaterialVersionForm(**posted(request)),
        lambda data: materials.material_add_version(
            actor=request.user,
            material=material,
            upload=data["file"],
            note=data["note"],
        ),
        template="clients/material_form.html",
        context={"client": client, "material": material},
        success=_("The new version was uploaded."),
        redirect_to=client,
    )


@staff_required("clients.view_material")
@reads
def material_download(
    request: HttpRequest, client_slug: str, material_id: int, version_id: int
) -> HttpResponse:
    client = _client(request, client_slug)
    versions = material_versions_of(client=client, material_id=material_id)
    version = access_object(request.viewer, versions, version_id)
    return download_response(
        version.file, filename=version.filename, content_type=version.content_type
    )


# --- The access inventory -------------------------------------------------------


def _access_context(
    request: HttpRequest,
    client: Client,
    *,
    form: AccessEntryForm | None = None,
    link_form: CredentialRequestForm | None = None,
) -> dict:
    return {
        "client": client,
        "entries": access_entries_for_client(viewer=request.viewer, client=client),
        "form": form or AccessEntryForm(viewer=request.viewer),
        "state_choices": AccessEntry.State.choices,
        "can_reveal": secrets_revealable(actor=request.user, client_id=client.pk),
        "link_form": link_form or CredentialRequestForm(client=client),
        "credential_requests": credential_requests_for_client(client=client),
        "now": timezone.now(),
    }


@staff_required("clients.view_accessentry")
@reads
def access_list(request: HttpRequest, client_slug: str) -> HttpResponse:
    client = _client(request, client_slug)
    return render(request, "clients/access_list.html", _access_context(request, client))


@staff_required("clients.add_accessentry")
@button
def access_create(request: HttpRequest, client_slug: str) -> HttpResponse:
    client = _client(request, client_slug)
    return submit(
        request,
        AccessEntryForm(**posted(request), viewer=request.viewer),
        lambda data: access.access_entry_create(
            actor=request.user, client=client, **data
        ),
        template="clients/access_list.html",
        context=lambda form: _access_context(request, client, form=form),
        success=_("The access was added to the inventory."),
        redirect_to=reverse("clients:access-list", args=[client.slug]),
    )


@staff_required("clients.change_accessentry")
@button
def access_state(request: HttpRequest, client_slug: str, entry_id: int) -> HttpResponse:
    client = _client(request, client_slug)
    entry = _entry(request, client, entry_id)
    return submit(
        request,
        AccessStateForm(**posted(request)),
        lambda data: access.access_entry_set_state(
            actor=request.user, entry=entry, state=data["state"]
        ),
        success=_("The access state was changed."),
        redirect_to=reverse("clients:access-list", args=[client.slug]),
    )


@staff_required("clients.change_accessentry")
@button
def access_secret(
    request: HttpRequest, client_slug: str, entry_id: int
) -> HttpResponse:
    """Store, replace or (empty) remove the secret of an access entry."""
    client = _client(request, client_slug)
    entry = _entry(request, client, entry_id)
    return submit(
        request,
        AccessSecretForm(**posted(request)),
        lambda data: access.access_entry_set_secret(
            actor=request.user, entry=entry, secret=data["secret"]
        ),
        success=lambda saved: (
            _("The secret was stored.")
            if saved.secret_encrypted
            else _("The secret was removed.")
        ),
        redirect_to=reverse("clients:access-list", args=[client.slug]),
    )


@never_cache
@staff_required("clients.reveal_accessentry")
@button
def access_reveal(
    request: HttpRequest, client_slug: str, entry_id: int
) -> HttpResponse:
    """The secret, as a fragment for the entry's row (or why not, with 422)."""
    client = _client(request, client_slug)
    entry = _entry(request, client, entry_id)
    return submit(
        request,
        EmptyForm(**posted(request)),
        lambda _data: access.access_secret_reveal(actor=request.user, entry=entry),
        template="clients/partials/secret.html",
        context={"entry": entry, "client": client},
        answer=lambda secret: render(
            request,
            "clients/partials/secret.html",
            {"entry": entry, "secret": secret, "client": client},
        ),
    )


# --- Credential links -----------------------------------------------------------


@staff_required("clients.add_accessentry")
@button
def credential_request_send(request: HttpRequest, client_slug: str) -> HttpResponse:
    """Mail a contact a one-time link to enter the accesses the team needs."""
    client = _client(request, client_slug)
    return submit(
        request,
        CredentialRequestForm(**posted(request), client=client),
        lambda data: credentials.credential_request_send(
            actor=request.user, client=client, **data
        ),
        template="clients/access_list.html",
        form_name="link_form",
        context=lambda form: _access_context(request, client, link_form=form),
        success=lambda sent: (
            _("The link was sent to %(contact)s.") % {"contact": sent[0].contact}
        ),
        redirect_to=reverse("clients:access-list", args=[client.slug]),
    )


@staff_required("clients.add_accessentry")
@button
def credential_request_withdraw(
    request: HttpRequest, client_slug: str, credential_request_id: int
) -> HttpResponse:
    """Close an open link before the contact uses it."""
    client = _client(request, client_slug)
    # The client is the viewer's (``_client``); its links are the AM's to manage.
    link = get_object_or_404(
        CredentialRequest.objects.filter(client=client), pk=credential_request_id
    )
    return perform(
        request,
        lambda: credentials.credential_request_withdraw(
            actor=request.user, request=link
        ),
        success=_("The link was withdrawn."),
        redirect_to=reverse("clients:access-list", args=[client.slug]),
    )


@never_cache
@writes
def credential_fill(request: HttpRequest, credential_token: str) -> HttpResponse:
    """The contact's page behind a one-time link (no sign-in): they enter the
    accesses, which go encrypted into the inventory; the link then closes."""
    link = credential_link_for_token(credential_token)
    if link.request is None:
        context = {"message": link.refusal}
        return render(
            request, "clients/credential_refused.html", context, status=link.status
        )
    sent = link.request
    form = CredentialFillForm(**posted(request), rows=credentials.FORM_ROWS)
    return submit(
        request,
        form,
        lambda data: credentials.credential_request_submit(
            request=sent,
            accesses=[credentials.SubmittedAccess(**row) for row in data["accesses"]],
        ),
        template="clients/credential_fill.html",
        context={"sent": sent, "client": sent.client, "rows": form.rows},
        answer=lambda entries: render(
            request,
            "clients/credential_done.html",
            {"client": sent.client, "count": len(entries)},
        ),
    )
