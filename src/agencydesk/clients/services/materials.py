"""Key materials of a client: upload a material, add versions (reads in
``clients.selectors.materials``)."""

from __future__ import annotations

import hashlib
import mimetypes
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from agencydesk.core.access import require_actor
from agencydesk.core.files import (
    ALLOWED_EXTENSIONS,
    HashedContent,
    file_extension,
    file_type_allowed,
    upload_name,
)
from agencydesk.core.timeline import timeline_record

from ..errors import UploadRefusedError
from ..models import Client, Material, MaterialVersion
from .guard import ensure_editable


def material_max_bytes() -> int:
    """The upload limit of one material version."""
    return (
        getattr(settings, "MATERIAL_MAX_BYTES", None) or settings.ATTACHMENT_MAX_BYTES
    )


def check_upload(upload: Any, *, allowed: frozenset[str] = ALLOWED_EXTENSIONS) -> str:
    """Refuse a disallowed or over-large file before anything is stored; the
    name (normalised, ``core.files.upload_name``) to keep it under."""
    name = upload_name(getattr(upload, "name", ""))
    extension = file_extension(name)
    if not file_type_allowed(name, allowed):
        raise UploadRefusedError(
            _("Files of type %(ext)s cannot be uploaded here.")
            % {"ext": extension or _("(none)")}
        )
    limit = material_max_bytes()
    if upload.size > limit:
        raise UploadRefusedError(
            _("%(name)s is larger than the limit of %(size)s.")
            % {"name": name, "size": filesizeformat(limit)}
        )
    return name


def store_version_file(version: Any, upload: Any) -> None:
    """Check ``upload``, fill a version row's file columns (``file``,
    ``filename``, ``content_type``, ``size``, ``sha256``) and store the file
    through the default storage; the caller saves the row. Every kept-in-
    versions file (key materials, finance's contract files) goes through here."""
    name = check_upload(upload)
    content = upload.read()
    version.filename = name
    version.content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    version.size = len(content)
    version.sha256 = hashlib.sha256(content).hexdigest()
    version.file.save(name, HashedContent(content, version.sha256), save=False)


def _store_version(
    *, actor: Any, material: Material, upload: Any, note: str
) -> MaterialVersion:
    number = (material.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = MaterialVersion(
        material=material,
        number=number,
        note=note,
        uploaded_by=actor if actor is not None and actor.is_authenticated else None,
    )
    store_version_file(version, upload)
    version.save()
    return version


@transaction.atomic
def material_create(
    *,
    actor: Any,
    client: Client,
    title: str,
    kind: str,
    upload: Any,
    description: str = "",
) -> Material:
    """Add a key material with its first version."""
    require_actor(actor, "clients.add_material")
    check_upload(upload)
    client = ensure_editable(client)
    material = Material.objects.create(
        client=client, title=title, kind=kind, description=description
    )
    version = _store_version(actor=actor, material=material, upload=upload, note="")
    timeline_record(
        actor=actor,
        client_id=client.pk,
        verb="client.material_added",
        target=material,
        data={"file": version.filename},
    )
    return material


@transaction.atomic
def material_add_version(
    *, actor: Any, material: Material, upload: Any, note: str = ""
) -> MaterialVersion:
    """Upload a new version of a material; earlier versions are kept."""
    require_actor(actor, "clients.change_material")
    check_upload(upload)
    ensure_editable(material.client)
    material = Material.objects.select_for_update().get(pk=material.pk)
    version = _store_version(actor=actor, material=material, upload=upload, note=note)
    timeline_record(
        actor=actor,
        client_id=material.client_id,
        verb="client.material_version_added",
        target=material,
        data={"number": version.number, "file": version.filename, "note": note},
    )
    return version
