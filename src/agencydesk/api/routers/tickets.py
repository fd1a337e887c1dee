"""/tickets: the desk's queue, a ticket, and what the ticket page does to it,
through the desk's own selectors and services."""

from __future__ import annotations

import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Header, Query, Router, Status, UploadedFile
from ninja.responses import NinjaJSONEncoder

from agencydesk.clients.models import Client
from agencydesk.clients.selectors import contact_for_portal, contact_of_client
from agencydesk.core.access import (
    access_object,
    access_row,
    require,
    require_model_action,
)
from agencydesk.core.files import download_response
from agencydesk.desk import services
from agencydesk.desk.errors import AttachmentRefusedError
from agencydesk.desk.models import Attachment, Channel, Message, Ticket
from agencydesk.desk.selectors import (
    QueueFilters,
    message_list_for_ticket,
    ticket_list_for_desk,
)
from agencydesk.people.selectors import staff_pick_resolve

from ..auth import TICKETS_READ, TICKETS_WRITE, TICKETS_WRITE_FILES
from ..errors import ApiError
from ..pagination import cursor_page
from ..schemas.common import ERRORS
from ..schemas.tickets import (
    AssignIn,
    MessageFilesIn,
    MessageIn,
    MessageOut,
    MessagePage,
    MoveIn,
    TicketFilter,
    TicketIn,
    TicketOut,
    TicketPage,
)
from ..selectors import (
    TICKET_ROW_FIELDS,
    ticket_names_at_hand,
    ticket_representations,
    ticket_row,
    ticket_rows,
    tickets_for_api,
)
from ..services import idempotent_create
from ._shared import field_error, shaped

router = Router(tags=["tickets"])

ORDERINGS = {
    "updated": ("-updated_at", "-pk"),
    "created": ("-created_at", "-pk"),
    "number": ("-number",),
}


def _ticket(request: HttpRequest, number: int, action: str = "view") -> Ticket:
    return access_object(
        request.viewer, tickets_for_api(), number, field_name="number", action=action
    )


def _out(request: HttpRequest, ticket: Ticket) -> dict[str, Any]:
    return ticket_representations(
        viewer=request.viewer,
        rows=[ticket_row(ticket)],
        names=ticket_names_at_hand(ticket),
    )[0]


@router.get("", response={200: TicketPage, **ERRORS}, auth=TICKETS_READ)
def ticket_list(request: HttpRequest, filters: Query[TicketFilter]) -> dict[str, Any]:
    """The tickets the token's person sees, filtered as the desk queue is."""
    viewer = request.viewer
    if viewer.is_staff:
        require(viewer, "desk.view_ticket")
    rows = ticket_list_for_desk(
        viewer=viewer,
        filters=QueueFilters(
            client_slug=filters.client,
            stage=filters.stage,
            status=filters.status,
            q=filters.q,
            updated_since=filters.updated_since,
        ),
    )
    items, cursor = cursor_page(
        rows,
        ordering=ORDERINGS[filters.ordering],
        cursor=filters.cursor,
        limit=filters.limit,
        read=ticket_rows,
    )
    return shaped(
        request,
        {
            "items": ticket_representations(viewer=viewer, rows=items),
            "next_cursor": cursor,
        },
    )


def _etag(request: HttpRequest, row: dict[str, Any]) -> str:
    audience = "s" if request.viewer.is_staff else "c"
    stamp = int(row["updated_at"].timestamp() * 1_000_000)
    return f'W/"{row["number"]}-{row["version"]}-{stamp}-{audience}"'


@router.get(
    "/{int:number}", response={200: TicketOut, 304: None, **ERRORS}, auth=TICKETS_READ
)
def ticket_get(request: HttpRequest, number: int) -> HttpResponse:
    """One ticket; send its ETag back in If-None-Match to get 304 if unchanged."""
    row = access_row(
        request.viewer, Ticket, number, fields=TICKET_ROW_FIELDS, field_name="number"
    )
    etag = _etag(request, row)
    sent = request.headers.get("If-None-Match", "")
    if etag in [tag.strip() for tag in sent.split(",")]:
        answer = HttpResponse(status=304)
    else:
        answer = shaped(
            request, ticket_representations(viewer=request.viewer, rows=[row])[0]
        )
    answer["ETag"] = etag
    return answer


@router.post("", response={201: TicketOut, **ERRORS}, auth=TICKETS_WRITE)
def ticket_create(
    request: HttpRequest,
    payload: TicketIn,
    idempotency_key: str = Header("", alias="Idempotency-Key", max_length=255),
) -> Any:
    """Open a ticket. With an ``Idempotency-Key`` a retry opens no second one."""
    viewer = request.viewer

    def create() -> tuple[int, Any]:
        if viewer.is_staff and not payload.client:
            raise field_error("client", _("This field is required."))
        # The requester read with their client: one query for both.
        requester = None
        if payload.requester:
            requester = contact_of_client(
                viewer=viewer, email=payload.requester, client_slug=payload.client
            )
        if requester is not None:
            client = requester.client
            require_model_action(viewer, Client, "view")
        elif payload.client:
            client = access_object(viewer, Client, payload.client, field_name="slug")
        else:
            contact = contact_for_portal(viewer=viewer)
            if contact is None:
                raise field_error("client", _("This field is required."))
            client = contact.client
        if payload.requester and (
            requester is None
            or not (viewer.is_staff or requester.user_id == request.user.pk)
        ):
            raise field_error(
                "requester", _("No contact of this client has this e-mail address.")
            )
        ticket = services.ticket_create(
            actor=request.user,
            client=client,
            requester=requester,
            title=payload.title,
            description=payload.description,
            priority=payload.priority,
            channel=Channel.API,
        )
        # Kept as JSON for a retry: its times written as every answer writes them.
        return 201, json.loads(json.dumps(_out(request, ticket), cls=NinjaJSONEncoder))

    status, body = idempotent_create(
        actor=request.user,
        key=idempotency_key,
        payload=payload.model_dump(mode="json"),
        create=create,
    )
    # Already shaped (and, for a retry, as first answered): sent as it is.
    return JsonResponse(body, status=status)


@router.get(
    "/{int:number}/messages",
    response={200: MessagePage, **ERRORS},
    auth=TICKETS_READ,
)
def message_list(
    request: HttpRequest,
    number: int,
    cursor: Query[str] = "",
    limit: Query[int] = 25,
) -> dict[str, Any]:
    """The ticket's messages, oldest first (internal notes for staff only)."""
    ticket = _ticket(request, number)
    limit = max(1, min(limit, 100))
    rows = message_list_for_ticket(viewer=request.viewer, ticket=ticket)
    items, next_cursor = cursor_page(
        rows, ordering=("created_at", "pk"), cursor=cursor, limit=limit
    )
    return {"items": items, "next_cursor": next_cursor}


@router.post(
    "/{int:number}/messages",
    response={201: MessageOut, **ERRORS},
    auth=TICKETS_WRITE,
)
def message_create(request: HttpRequest, number: int, payload: MessageIn) -> Any:
    """A reply, or an internal note (staff only)."""
    ticket = _ticket(request, number)
    message: Message = services.message_add(
        actor=request.user,
        ticket=ticket,
        body=payload.body,
        is_internal=payload.is_internal,
    )
    return Status(201, message)


# The file's own type: any, as it was uploaded (served as a download).
FILE_RESPONSE = {
    "200": {
        "description": "The file, as a download.",
        "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}},
    }
}


@router.get(
    "/{int:number}/messages/{int:message_id}/attachments/{int:attachment_id}",
    response={**ERRORS},
    auth=TICKETS_READ,
    openapi_extra={"responses": FILE_RESPONSE},
)
def attachment_download(
    request: HttpRequest, number: int, message_id: int, attachment_id: int
) -> HttpResponse:
    """Download a file of a message, as the ticket page and the portal do: a
    contact never gets the file of an internal note (404)."""
    viewer = request.viewer
    if viewer.is_staff:
        require(viewer, "desk.view_ticket")
    ticket = _ticket(request, number)
    # As the desk's download: whoever sees the ticket may open its files
    # (roles hold no attachment permission); a contact's exclude notes' files.
    attachment = (
        Attachment.objects.visible_to(viewer)
        .filter(message__ticket=ticket, message_id=message_id, pk=attachment_id)
        .first()
    )
    if attachment is None:
        raise Http404
    return download_response(
        attachment.file,
        filename=attachment.filename,
        content_type=attachment.content_type,
    )


@router.post(
    "/{int:number}/attachments",
    response={201: MessageOut, **ERRORS},
    auth=TICKETS_WRITE_FILES,
)
def message_create_with_files(
    request: HttpRequest,
    number: int,
    payload: Form[MessageFilesIn],
    files: File[list[UploadedFile]],
) -> Any:
    """A reply (or, staff only, an internal note) with files, as
    ``multipart/form-data``: ``body``, ``is_internal`` and one ``files`` part per
    file. A file over the size limit is 413, a type not taken or too many files
    422 (``attachment_refused``); nothing is stored then."""
    ticket = _ticket(request, number)
    try:
        message: Message = services.message_add(
            actor=request.user,
            ticket=ticket,
            body=payload.body,
            is_internal=payload.is_internal,
            attachments=files,
        )
    except AttachmentRefusedError as refused:
        raise ApiError(
            refused.message,
            code=refused.code,
            status=413 if refused.extra.get("limit") == "size" else 422,
            fields={"files": [refused.message]},
        ) from None
    return Status(
        201,
        message_list_for_ticket(viewer=request.viewer, ticket=ticket).get(
            pk=message.pk
        ),
    )


@router.post(
    "/{int:number}/move", response={200: TicketOut, **ERRORS}, auth=TICKETS_WRITE
)
def ticket_move(request: HttpRequest, number: int, payload: MoveIn) -> Any:
    """Move to another stage and/or status; a stale ``version`` is 409."""
    ticket = _ticket(request, number)
    services.ticket_move(
        actor=request.user,
        ticket=ticket,
        stage=payload.stage or None,
        status=payload.status or None,
        note=payload.note,
        version=payload.version,
    )
    return _out(request, _ticket(request, number))


@router.post(
    "/{int:number}/assign", response={200: TicketOut, **ERRORS}, auth=TICKETS_WRITE
)
def ticket_assign(request: HttpRequest, number: int, payload: AssignIn) -> Any:
    """Set the analyst and/or the production owner (staff by e-mail)."""
    ticket = _ticket(request, number)
    people = {}
    for name in ("analyst", "production_owner"):
        text = getattr(payload, name)
        if not text:
            continue
        person = staff_pick_resolve(request.viewer, text)
        if person is None:
            raise field_error(name, _("Nobody on the staff has this address."))
        people[name] = person
    services.ticket_assign(
        actor=request.user, ticket=ticket, version=payload.version, **people
    )
    return _out(request, _ticket(request, number))
