"""Staff pages of an account: profile, key materials, access inventory and the
communication log."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from agencydesk.core.access import access_object, staff_required
from agencydesk.core.errors import DomainError
from agencydesk.core.files import download_response
from agencydesk.core.htmx import partial

from . import access_inventory, account, credential_requests, materials, services
from .account_forms import (
    AccessEntryForm,
    AccessStateForm,
    CommLogForm,
    ContactAddForm,
    CredentialRequestForm,
    CredentialRowForm,
    MaterialForm,
    MaterialVersionForm,
    ProfileForm,
    TeamMemberForm,
)
from .errors import CredentialLinkClosedError, CredentialLinkInvalidError
from .models import AccessEntry, Client, Contact, Material, MaterialVersion
from .views import timeline_context


def _client(request: HttpRequest, slug: str, action: str = "view") -> Client:
    return access_object(request.viewer, Client, slug, field_name="slug", action=action)


@staff_required("clients.change_client")
def profile_edit(request: HttpRequest, client_slug: str) -> HttpResponse:
    client = _client(request, client_slug, action="change")
    initial = {name: getattr(client, name) for name in account.PROFILE_FIELDS}
    form = ProfileForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            account.client_update_profile(
                actor=request.user, client=client, changes=form.submitted_data()
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The profile was saved."))
            return redirect(client)
    status = 422 if request.method == "POST" else 200
    context = {"client": client, "form": form}
    return render(request, "clients/profile_form.html", context, status=status)


@require_POST
@staff_required("clients.view_client")
def communication_log(request: HttpRequest, client_slug: str) -> HttpResponse:
    client = _client(request, client_slug)
    form = CommLogForm(request.POST)
    if form.is_valid():
        try:
            account.communication_log(
                actor=request.user, client=client, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            if partial(request):
                context = timeline_context(request, client, use_filters=False)
                return render(request, "clients/partials/timeline.html", context)
            messages.success(request, _("Logged on the timeline."))
            return redirect(client)
    context = {"client": client, "comm_form": form}
    response = render(request, "clients/partials/comm_form.html", context, status=422)
    response["HX-Retarget"] = "#comm-log"
    response["HX-Reswap"] = "outerHTML"
    return response


@staff_required("clients.add_material")
def material_create(request: HttpRequest, client_slug: str) -> HttpResponse:
    client = _client(request, client_slug)
    post = request.method == "POST"
    form = MaterialForm(request.POST if post else None, request.FILES if post else None)
    if post and form.is_valid():
        data = form.cleaned_data
        try:
            materials.material_create(
                actor=request.user,
                client=client,
                title=data["title"],
                kind=data["kind"],
                description=data["description"],
                upload=data["file"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The material was added."))
            return redirect(client)
    context = {"client": client, "form": form}
    status = 422 if post else 200
    return render(request, "clients/material_form.html", context, status=status)


@require_POST
@staff_required("clients.change_material")
def material_version_add(
    request: HttpRequest, client_slug: str, material_id: int
) -> HttpResponse:
    client = _client(request, client_slug)
    material = access_object(
        request.viewer, Material.objects.filter(client=client), material_id
    )
    form = MaterialVersionForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            materials.material_add_version(
                actor=request.user,
                material=material,
                upload=form.cleaned_data["file"],
                note=form.cleaned_data["note"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The new version was uploaded."))
            return redirect(client)
    context = {"client": client, "form": form, "material": material}
    return render(request, "clients/material_form.html", context, status=422)


@staff_required("clients.view_material")
def material_download(
    request: HttpRequest, client_slug: str, material_id: int, version_id: int
) -> HttpResponse:
    client = _client(request, client_slug)
    versions = MaterialVersion.objects.filter(
        material__client=client, material_id=material_id
    )
    version = access_object(request.viewer, versions, version_id)
    return download_response(
        version.file, filename=version.filename, content_type=version.content_type
    )


@staff_required("clients.view_accessentry")
def access_list(request: HttpRequest, client_slug: str) -> HttpResponse:
    client = _client(request, client_slug)
    return _access_page(request, client, AccessEntryForm())


def _access_page(
    request: HttpRequest,
    client: Client,
    form: AccessEntryForm,
    status: int = 200,
    link_form: CredentialRequestForm | None = None,
) -> HttpResponse:
    entries = access_inventory.access_entries_for_client(
        viewer=request.viewer, client=client
    )
    context = {
        "client": client,
        "entries": entries,
        "form": form,
        "state_choices": AccessEntry.State.choices,
        "can_reveal": access_inventory.secrets_revealable(
            actor=request.user, client_id=client.pk
        ),
        "link_form": link_form or CredentialRequestForm(client=client),
        "credential_requests": credential_requests.credential_requests_for_client(
            client=client
        ),
        "now": timezone.now(),
    }
    return render(request, "clients/access_list.html", context, status=status)


@require_POST
@staff_required("clients.add_accessentry")
def access_create(request: HttpRequest, client_slug: str) -> HttpResponse:
    client = _client(request, client_slug)
    form = AccessEntryForm(request.POST)
    if form.is_valid():
        try:
            access_inventory.access_entry_create(
                actor=request.user, client=client, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The access was added to the inventory."))
            return redirect("clients:access-list", client.slug)
    return _access_page(request, client, form, status=422)


@require_POST
@staff_required("clients.change_accessentry")
def access_state(request: HttpRequest, client_slug: str, entry_id: int) -> HttpResponse:
    client = _client(request, client_slug)
    entry = access_object(
        request.viewer, AccessEntry.objects.filter(client=client), entry_id
    )
    form = AccessStateForm(request.POST)
    if form.is_valid():
        try:
            access_inventory.access_entry_set_state(
                actor=request.user, entry=entry, state=form.cleaned_data["state"]
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The access state was changed."))
    else:
        messages.error(request, _("Choose a state."))
    return redirect("clients:access-list", client.slug)


@never_cache
@require_POST
@staff_required("clients.reveal_accessentry")
def access_reveal(
    request: HttpRequest, client_slug: str, entry_id: int
) -> HttpResponse:
    client = _client(request, client_slug)
    entry = access_object(
        request.viewer, AccessEntry.objects.filter(client=client), entry_id
    )
    try:
        secret = access_inventory.access_secret_reveal(actor=request.user, entry=entry)
    except DomainError as error:
        context = {"entry": entry, "error": error.message}
        return render(request, "clients/partials/secret.html", context, status=422)
    context = {"entry": entry, "secret": secret, "client": client}
    return render(request, "clients/partials/secret.html", context)


def _people_page(request, client, *, contact_form=None, team_form=None, status=200):
    context = {
        "client": client,
        "contacts": client.contacts.select_related("user").order_by(
            "user__full_name", "pk"
        ),
        "can_manage_contacts": request.viewer.has_perm("clients.change_contact"),
        "contact_form": contact_form or ContactAddForm(),
        "team_form": team_form or TeamMemberForm(),
    }
    return render(request, "clients/people_form.html", context, status=status)


@staff_required("clients.change_client")
def people_edit(request: HttpRequest, client_slug: str) -> HttpResponse:
    """Add contacts (with their role) and team members to an account."""
    return _people_page(request, _client(request, client_slug))


@require_POST
@staff_required("clients.add_contact")
def contact_add(request: HttpRequest, client_slug: str) -> HttpResponse:
    client = _client(request, client_slug)
    form = ContactAddForm(request.POST)
    if form.is_valid():
        try:
            services.contact_create(
                actor=request.user, client=client, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            if form.cleaned_data["invite"]:
                messages.success(
                    request, _("The contact was added and an invitation sent.")
                )
            else:
                messages.success(request, _("The contact was added."))
            return redirect(client)
    return _people_page(request, client, contact_form=form, status=422)


def _contact(request: HttpRequest, client: Client, contact_id: int) -> Contact:
    contacts = Contact.objects.filter(client=client).select_related("user", "client")
    return access_object(request.viewer, contacts, contact_id, action="change")


@require_POST
@staff_required("clients.change_contact")
def contact_invite(
    request: HttpRequest, client_slug: str, contact_id: int
) -> HttpResponse:
    """E-mail a contact the link to choose their password."""
    client = _client(request, client_slug)
    contact = _contact(request, client, contact_id)
    try:
        services.contact_invite(actor=request.user, contact=contact)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The invitation was sent."))
    return redirect("clients:people-edit", client.slug)


@require_POST
@staff_required("clients.change_contact")
def contact_deactivate(
    request: HttpRequest, client_slug: str, contact_id: int
) -> HttpResponse:
    """Stop a contact signing in; their history stays."""
    client = _client(request, client_slug)
    contact = _contact(request, client, contact_id)
    try:
        services.contact_deactivate(actor=request.user, contact=contact)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(name)s can no longer sign in.") % {"name": contact.user.display_name},
        )
    return redirect("clients:people-edit", client.slug)


@require_POST
@staff_required("clients.change_client")
def team_add(request: HttpRequest, client_slug: str) -> HttpResponse:
    client = _client(request, client_slug, action="change")
    form = TeamMemberForm(request.POST)
    if form.is_valid():
        try:
            services.team_member_add(
                actor=request.user, client=client, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The team was updated."))
            return redirect(client)
    return _people_page(request, client, team_form=form, status=422)


@require_POST
@staff_required("clients.change_accessentry")
def access_secret(
    request: HttpRequest, client_slug: str, entry_id: int
) -> HttpResponse:
    """Store, replace or (empty) remove the secret of an access entry."""
    client = _client(request, client_slug)
    entry = access_object(
        request.viewer, AccessEntry.objects.filter(client=client), entry_id
    )
    secret = request.POST.get("secret", "")[:2000]
    try:
        access_inventory.access_entry_set_secret(
            actor=request.user, entry=entry, secret=secret
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The secret was stored.") if secret else _("The secret was removed."),
        )
    return redirect("clients:access-list", client.slug)


@require_POST
@staff_required("clients.add_accessentry")
def credential_request_send(request: HttpRequest, client_slug: str) -> HttpResponse:
    """Mail a contact a one-time link to enter the accesses the team needs."""
    client = _client(request, client_slug)
    form = CredentialRequestForm(request.POST, client=client)
    if form.is_valid():
        try:
            credential_requests.credential_request_send(
                actor=request.user,
                client=client,
                contact=form.cleaned_data["contact"],
                days=form.cleaned_data["days"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("The link was sent to %(contact)s.")
                % {"contact": form.cleaned_data["contact"]},
            )
            return redirect("clients:access-list", client.slug)
    return _access_page(request, client, AccessEntryForm(), status=422, link_form=form)


def _credential_rows(data=None) -> list[CredentialRowForm]:
    return [
        CredentialRowForm(data, prefix=f"a{n}")
        for n in range(credential_requests.FORM_ROWS)
    ]


@never_cache
def credential_fill(request: HttpRequest, credential_token: str) -> HttpResponse:
    """The contact's page behind a one-time link (no sign-in): they enter the
    accesses, which go encrypted into the inventory; the link then closes."""
    try:
        sent = credential_requests.credential_request_from_token(credential_token)
    except CredentialLinkInvalidError as error:
        return _credential_refused(request, error.message, status=404)
    except CredentialLinkClosedError as error:
        return _credential_refused(request, error.message, status=410)
    post = request.method == "POST"
    rows = _credential_rows(request.POST if post else None)
    error = ""
    if post and all(row.is_valid() for row in rows):
        accesses = [
            credential_requests.SubmittedAccess(**row.cleaned_data) for row in rows
        ]
        try:
            credential_requests.credential_request_submit(
                request=sent, accesses=accesses
            )
        except CredentialLinkClosedError as closed:
            return _credential_refused(request, closed.message, status=410)
        except DomainError as refused:
            error = refused.message
        else:
            context = {
                "client": sent.client,
                "count": len([a for a in accesses if a.platform.strip()]),
            }
            return render(request, "clients/credential_done.html", context)
    context = {"sent": sent, "client": sent.client, "rows": rows, "error": error}
    status = 422 if post else 200
    return render(request, "clients/credential_fill.html", context, status=status)


def _credential_refused(request: HttpRequest, message: str, status: int):
    context = {"message": message}
    return render(request, "clients/credential_refused.html", context, status=status)
