"""Serving stored files to the people allowed to see them."""

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404


def download_response(
    file: FieldFile, *, filename: str, content_type: str
) -> FileResponse:
    """A download of a stored file; a file missing from storage is a 404."""
    try:
        handle = file.open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    # Never let a browser run an uploaded file as a page.
    response["X-Content-Type-Options"] = "nosniff"
    return response
