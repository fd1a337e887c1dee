"""Stored files: which uploads are taken, under which name, and serving them to
the people allowed to see them."""

from __future__ import annotations

import hashlib
import mimetypes
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .errors import DomainError

# The types an agency and its clients exchange, by extension: an allow-list,
# so whatever is not named here (programs, scripts, web pages, macro-enabled
# office files, shortcuts…) is refused without a block-list having to know it.
# SVG is in because brand assets are drawn in it; every file is served as a
# download with nosniff (``download_response``), never shown as a page.
_DOCUMENTS = ".pdf .doc .docx .odt .rtf .txt .md .pages"
_SHEETS_AND_SLIDES = ".csv .tsv .xls .xlsx .ods .numbers .ppt .pptx .odp .key"
_IMAGES = ".png .jpg .jpeg .gif .webp .svg .heic .heif .avif .tif .tiff .bmp"
_DESIGN_AND_FONTS = ".ai .psd .eps .indd .fig .sketch .xd .otf .ttf .woff .woff2"
_ARCHIVES = ".zip .7z .rar .tar .gz .tgz"
_AUDIO_AND_VIDEO = ".mp3 .wav .m4a .aac .ogg .flac .mp4 .mov .m4v .webm .avi"
_MAIL = ".eml .ics .vcf"  # forwarded mail, invitations, contact cards
ALLOWED_EXTENSIONS = frozenset(
    " ".join(
        (
            _DOCUMENTS,
            _SHEETS_AND_SLIDES,
            _IMAGES,
            _DESIGN_AND_FONTS,
            _ARCHIVES,
            _AUDIO_AND_VIDEO,
            _MAIL,
        )
    ).split()
)
MAX_NAME_LENGTH = 255
# Control, format (a right-to-left override shows "fdp.exe" as "exe.pdf"),
# surrogate (undecodable bytes of a mail) and line/paragraph separators.
_UNSEEN = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_EDGES = re.compile(r"^[\s.]+|[\s.]+$")


def upload_name(name: str | None) -> str:
    """The name an upload is checked and kept under: NFC, without unseen
    characters, its last path part only, without leading or trailing dots and
    spaces (Windows drops trailing ones, so ``evil.js.`` is ``evil.js``), at
    most 255 characters with its extension kept; ``file`` when nothing is left."""
    name = unicodedata.normalize("NFC", name or "")
    name = "".join(c for c in name if unicodedata.category(c) not in _UNSEEN)
    name = _EDGES.sub("", name.replace("\\", "/").rsplit("/", 1)[-1])
    if len(name) > MAX_NAME_LENGTH:
        stem, _dot, extension = name.rpartition(".")
        keep = MAX_NAME_LENGTH - len(extension) - 1
        name = (
            f"{stem[:keep]}.{extension}"
            if stem and keep > 0
            else name[:MAX_NAME_LENGTH]
        )
    return name or "file"


def file_extension(name: str) -> str:
    """The lower-case extension of a (normalised) name with its dot, or ""."""
    return ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""


def file_type_allowed(name: str, allowed: frozenset[str] = ALLOWED_EXTENSIONS) -> bool:
    """Whether a (normalised) name is of a type the allow-list names."""
    return file_extension(name) in allowed


class UploadRefusedError(DomainError):
    """An upload of a type, size or number the limits do not take."""

    code = "attachment_refused"


def check_uploads(
    files: Sequence[Any],
    *,
    error: type[DomainError] = UploadRefusedError,
    max_bytes: int | None = None,
    max_count: int | None = None,
) -> None:
    """Refuse a set of uploads (with ``error``) before anything is stored, so a
    refused file leaves no orphan in storage: more than ``max_count`` files,
    a type the allow-list does not name, or one larger than ``max_bytes``
    (``ATTACHMENT_MAX_COUNT`` and ``ATTACHMENT_MAX_BYTES`` by default). Ticket
    messages and task files use it. The error's ``extra["limit"]`` names the
    limit at fault: ``count``, ``type`` or ``size``."""
    limit = max_bytes or settings.ATTACHMENT_MAX_BYTES
    count = max_count or settings.ATTACHMENT_MAX_COUNT
    if len(files) > count:
        raise error(
            ngettext(
                "At most %(count)d file can be attached to one message.",
                "At most %(count)d files can be attached to one message.",
                count,
            )
            % {"count": count},
            extra={"limit": "count"},
        )
    for upload in files:
        name = upload_name(getattr(upload, "name", ""))
        if not file_type_allowed(name):
            extension = file_extension(name)
            raise error(
                _("Files of type %(ext)s cannot be attached.") % {"ext": extension}
                if extension
                else _("Files without a type cannot be attached."),
                extra={"limit": "type"},
            )
        if upload.size > limit:
            raise error(
                _("%(name)s is larger than the limit of %(size)s.")
                % {"name": name, "size": filesizeformat(limit)},
                extra={"limit": "size"},
            )


# What a file's first bytes say it is, for the few places that take only some
# kinds (signed scans: PDF or an image): the extension alone is the sender's
# word, the content is the file's.
HEAD_BYTES = 16
_HEIF_BRANDS = (b"heic", b"heix", b"heim", b"heis", b"mif1", b"msf1", b"heif")


def content_kind(upload: Any) -> str | None:
    """``pdf``, ``png``, ``jpeg``, ``gif``, ``tiff``, ``webp`` or ``heif`` as
    the upload's first bytes say, or None; the upload is left at its start."""
    upload.seek(0)
    head = upload.read(HEAD_BYTES) or b""
    upload.seek(0)
    if isinstance(head, str):
        head = head.encode()
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return "heif"
    return None


class HashedContent(ContentFile):
    """Bytes to store whose SHA-256 the caller already has: the object store
    keeps it with the object rather than hashing the bytes once more."""

    def __init__(self, content: bytes, sha256: str, name: str | None = None) -> None:
        super().__init__(content, name)
        self.known_sha256 = sha256


@dataclass(frozen=True)
class ReadUpload:
    """An upload read once: the name it is kept under, its bytes, type and
    SHA-256 (the storage key of attachments)."""

    name: str
    content: bytes
    content_type: str
    sha256: str

    @property
    def size(self) -> int:
        return len(self.content)

    def as_content(self) -> HashedContent:
        """The bytes to hand to ``FieldFile.save``."""
        return HashedContent(self.content, self.sha256)


def read_upload(upload: Any) -> ReadUpload:
    """Read a checked upload (``check_uploads``) for storing."""
    name = upload_name(getattr(upload, "name", ""))
    content = upload.read()
    return ReadUpload(
        name=name,
        content=content,
        content_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
        sha256=hashlib.sha256(content).hexdigest(),
    )


# Bytes handed to the server per write of a download: the 4 KB of
# FileResponse costs a Python round per 4 KB, which the 20 MB bench felt.
DOWNLOAD_BLOCK_BYTES = 256 * 1024


def download_response(
    file: FieldFile, *, filename: str, content_type: str
) -> FileResponse:
    """A download of a stored file, streamed from the store through Django so
    it stays behind the caller's permission check (docs/deployment.md, "Files
    and the object store"). A file missing from the store is a 404; a store
    that cannot be reached raises ``StorageUnavailableError`` (503)."""
    try:
        handle = file.open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response.block_size = DOWNLOAD_BLOCK_BYTES
    # Never let a browser run an uploaded file as a page.
    response["X-Content-Type-Options"] = "nosniff"
    return response
