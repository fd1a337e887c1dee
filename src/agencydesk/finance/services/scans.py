"""Signed scans sent back by the client's billing contact (the portal): a
row of the document status table is marked signed by them, an act sent to
them becomes signed. The file is kept as the contract's file versions are."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from agencydesk.clients.models import Contact, TeamMember
from agencydesk.clients.services import (
    check_upload,
    ensure_editable,
    store_version_file,
)
from agencydesk.core.access import require_actor
from agencydesk.core.errors import DomainError
from agencydesk.core.files import content_kind, file_extension, upload_name
from agencydesk.core.notifications import notify

from ..errors import (
    ActNotAwaitingSignatureError,
    NotBillingContactError,
    ScanNotExpectedError,
    ScanRefusedError,
)
from ..models import Act, Contract, Document, SignedScan
from ._shared import ensure_may_manage, record
from .plan import _check_act

# A scan is a PDF or a picture of the paper: the extension and the first bytes
# must both say so, and agree.
SCAN_KINDS = {
    ".pdf": "pdf",
    ".png": "png",
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".webp": "webp",
    ".heic": "heif",
    ".heif": "heif",
    ".tif": "tiff",
    ".tiff": "tiff",
}


def scan_max_bytes() -> int:
    return getattr(settings, "SCAN_MAX_BYTES", None) or settings.ATTACHMENT_MAX_BYTES


def check_scan(upload: Any) -> None:
    """Refuse, before anything is stored, a file that is not a PDF or an
    image by its name and its content, or larger than the limit."""
    if upload is None:
        raise ScanRefusedError(_("Choose the file of the signed scan."))
    name = upload_name(getattr(upload, "name", ""))
    expected = SCAN_KINDS.get(file_extension(name))
    if expected is None or content_kind(upload) != expected:
        raise ScanRefusedError(
            _("A signed scan must be a PDF or an image (JPEG, PNG, WebP, HEIC, TIFF).")
        )
    limit = scan_max_bytes()
    if upload.size > limit:
        raise ScanRefusedError(
            _("%(name)s is larger than the limit of %(size)s.")
            % {"name": name, "size": filesizeformat(limit)}
        )
    try:  # the materials' checks too, so the rules never drift apart
        check_upload(upload)
    except DomainError as error:
        raise ScanRefusedError(error.message) from None


def _ensure_may_send(actor: Any, contract: Contract) -> None:
    """A billing contact of the contract's client, or finance staff managing
    it (a scan received by mail and filed for the client); ``None`` is the
    system."""
    if actor is None:
        return
    if actor.is_staff:
        require_actor(actor, "finance.change_document")
        ensure_may_manage(actor, contract.client_id)
        return
    is_billing = Contact.objects.filter(
        user=actor,
        client_id=contract.client_id,
        role=Contact.Role.BILLING,
        user__is_active=True,
    ).exists()
    if contract.client_id is None or not is_billing:
        raise NotBillingContactError


def _store(actor: Any, contract: Contract, upload: Any, **paper: Any) -> SignedScan:
    scan = SignedScan(
        contract=contract,
        uploaded_by=actor if actor is not None and actor.is_authenticated else None,
        **paper,
    )
    store_version_file(scan, upload)
    scan.save()
    return scan


def _tell_managers(contract: Contract, title: Any, url: str) -> None:
    """The client's account managers learn that a signed paper came back."""
    if not contract.client_id:
        return
    managers = TeamMember.objects.filter(
        client_id=contract.client_id,
        role=TeamMember.Role.ACCOUNT_MANAGER,
        user__is_active=True,
    ).select_related("user")
    for member in managers:
        notify(
            recipient=member.user,
            verb="finance.scan_received",
            title=title,
            url=url,
        )


@transaction.atomic
def document_receive_signed_scan(
    *, actor: Any, document: Document, upload: Any
) -> SignedScan:
    """Keep the scan the other side signed: the row becomes a scan signed by
    them with nothing more expected from them (an original's holder no
    longer applies to a scan). Refused for a closed row."""
    check_scan(upload)
    document = (
        Document.objects.select_for_update(of=("self",))
        .select_related("contract__client")
        .get(pk=document.pk)
    )
    contract = document.contract
    _ensure_may_send(actor, contract)
    if contract.client_id:
        ensure_editable(contract.client)
    if not document.is_open or document.kind == Document.Kind.CONTRACTOR_BILL:
        raise ScanNotExpectedError
    scan = _store(actor, contract, upload, document=document)
    document.form = Document.Form.SCAN
    document.signed_by_them = True
    document.expected_from_them = ""
    document.expected_by = None
    document.original_holder = None
    document.original_location = ""
    document.save()
    record(actor, contract, "document.scan_received", document, file=scan.filename)
    title = document.title
    _tell_managers(
        contract,
        lambda: (
            _("%(client)s sent the signed scan of %(document)s.")
            % {"client": contract.client.name, "document": title}
        ),
        contract.get_absolute_url(),
    )
    return scan


@transaction.atomic
def act_sign_by_client(*, actor: Any, act: Act, upload: Any) -> SignedScan:
    """The client signs an act sent to them by uploading its signed scan: the
    act becomes signed (its rules checked again: never more than the
    contract). Only a sent act waits for the client's signature."""
    check_scan(upload)
    contract = (
        Contract.objects.select_for_update(of=("self",))
        .select_related("client")
        .get(pk=act.contract_id)
    )
    _ensure_may_send(actor, contract)
    if contract.client_id:
        ensure_editable(contract.client)
    act = Act.objects.select_for_update().get(pk=act.pk)
    if act.status != Act.Status.SENT:
        raise ActNotAwaitingSignatureError
    act.contract = contract
    act.status = Act.Status.SIGNED
    _check_act(act)
    scan = _store(actor, contract, upload, act=act)
    act.save()
    record(actor, contract, "act.signed_by_client", act, file=scan.filename)
    label = str(act)
    _tell_managers(
        contract,
        lambda: (
            _("%(client)s signed the act %(act)s.")
            % {"client": contract.client.name, "act": label}
        ),
        contract.get_absolute_url(),
    )
    return scan
