"""/contacts: a client's portal users, through the clients app's selectors
and contact services (the people page's own)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import Http404, HttpRequest, JsonResponse
from ninja import Header, Query, Router

from agencydesk.clients import selectors, services
from agencydesk.clients.models import Client, Contact
from agencydesk.core.access import access_object, require

from ..auth import CONTACTS_READ, CONTACTS_WRITE
from ..pagination import cursor_page
from ..schemas.common import ERRORS
from ..schemas.contacts import (
    ContactFilter,
    ContactIn,
    ContactOut,
    ContactPage,
    ContactPatch,
)
from ..services import idempotent_create

router = Router(tags=["contacts"])

# Each ends on a unique field (the cursor's rule, api.pagination).
ORDERINGS = {
    "name": ("user__full_name", "pk"),
    "updated": ("-updated_at", "-pk"),
}


def _contact(request: HttpRequest, contact_id: int, action: str = "view") -> Contact:
    rows = selectors.contact_list(viewer=request.viewer)
    return access_object(request.viewer, rows, contact_id, action=action)


def _out(request: HttpRequest, contact: Contact) -> dict[str, Any]:
    return ContactOut.from_orm(contact, context={"request": request}).model_dump(
        mode="json"
    )


@router.get("", response={200: ContactPage, **ERRORS}, auth=CONTACTS_READ)
def contact_list(request: HttpRequest, filters: Query[ContactFilter]) -> Any:
    """Contacts by name, or last changed first (a contact sees their own
    client's only)."""
    viewer = request.viewer
    if viewer.is_staff:
        require(viewer, "clients.view_contact")
    client_id = None
    if filters.client:
        try:
            client_id = access_object(
                viewer, Client, filters.client, field_name="slug"
            ).pk
        except Http404:
            client_id = 0  # a client the person cannot see: nothing to list
    rows = selectors.contact_list(
        viewer=viewer,
        client_id=client_id,
        query=filters.q,
        updated_since=filters.updated_since,
    )
    items, cursor = cursor_page(
        rows,
        ordering=ORDERINGS[filters.ordering],
        cursor=filters.cursor,
        limit=filters.limit,
    )
    return {"items": items, "next_cursor": cursor}


@router.get(
    "/{int:contact_id}", response={200: ContactOut, **ERRORS}, auth=CONTACTS_READ
)
def contact_get(request: HttpRequest, contact_id: int) -> Contact:
    """One contact by id."""
    return _contact(request, contact_id)


@router.post("", response={201: ContactOut, **ERRORS}, auth=CONTACTS_WRITE)
def contact_create(
    request: HttpRequest,
    payload: ContactIn,
    idempotency_key: str = Header("", alias="Idempotency-Key", max_length=255),
) -> Any:
    """Add a contact to a client (``invite`` e-mails them a link to sign in).
    With an ``Idempotency-Key`` a retry adds no second one."""

    def create() -> tuple[int, Any]:
        client = access_object(
            request.viewer, Client, payload.client, field_name="slug"
        )
        contact = services.contact_create(
            actor=request.user,
            client=client,
            email=payload.email,
            full_name=payload.full_name,
            role=payload.role,
            job_title=payload.job_title,
            phone=payload.phone,
            language=payload.language,
            invite=payload.invite,
        )
        return 201, _out(request, _contact(request, contact.pk))

    status, body = idempotent_create(
        actor=request.user,
        key=idempotency_key,
        payload=payload.model_dump(mode="json"),
        create=create,
    )
    return JsonResponse(body, status=status)


@router.patch(
    "/{int:contact_id}", response={200: ContactOut, **ERRORS}, auth=CONTACTS_WRITE
)
def contact_update(request: HttpRequest, contact_id: int, payload: ContactPatch) -> Any:
    """Change a contact's role, job title or phone; deactivate or reactivate."""
    contact = _contact(request, contact_id, action="change")
    with transaction.atomic():  # all of the change or none of it
        services.contact_update(
            actor=request.user,
            contact=contact,
            role=payload.role,
            job_title=payload.job_title,
            phone=payload.phone,
        )
        if payload.is_active is False:
            services.contact_deactivate(actor=request.user, contact=contact)
        elif payload.is_active is True:
            services.contact_reactivate(actor=request.user, contact=contact)
    return _contact(request, contact_id)
