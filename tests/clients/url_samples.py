"""URL samples of the account pages (materials, access inventory)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from agencydesk.clients.services import access as access_inventory
from agencydesk.clients.services import credentials as credential_requests
from agencydesk.clients.services import materials
from tests.factories.clients import make_contact


def _material(side):
    return side.once(
        "material",
        lambda: materials.material_create(
            actor=None,
            client=side.client,
            title=f"{side.client.name} brand book",
            kind="brand_book",
            upload=SimpleUploadedFile("book.pdf", b"%PDF-1.4"),
        ),
    )


def _entry(side):
    return side.once(
        "access_entry",
        lambda: access_inventory.access_entry_create(
            actor=None, client=side.client, platform="Google Ads", state="granted"
        ),
    )


def _second_contact(side):
    # Not the walker: the admin's allowed POST may deactivate this one.
    return side.once(
        "second_contact",
        lambda: make_contact(side.client, full_name=f"{side.client.name} Second"),
    )


def _credential_token(side):
    _request, path = side.once(
        "credential_request",
        lambda: credential_requests.credential_request_send(
            actor=None, client=side.client, contact=side.contact
        ),
    )
    return path.rstrip("/").rsplit("/", 1)[1]


SAMPLES = {
    "credential_token": lambda side, cb: _credential_token(side),
    "credential_request_id": lambda side, cb: (
        _credential_token(side) and str(side.cache["credential_request"][0].pk)
    ),
    "material_id": lambda side, cb: str(_material(side).pk),
    "version_id": lambda side, cb: str(_material(side).versions.get().pk),
    "entry_id": lambda side, cb: str(_entry(side).pk),
    "contact_id": lambda side, cb: str(_second_contact(side).pk),
}
