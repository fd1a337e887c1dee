"""URL-walk samples for the API's parameters."""

from agencydesk.api.services import token_create


def _token(side):
    issued = token_create(
        actor=side.contact.user,
        name=f"{side.client.name} sync",
        scopes=["tickets:read"],
        expires_in_days=30,
    )
    return issued.token


SAMPLES = {
    "number": lambda side, cb: str(side.ticket.number),
    "slug": lambda side, cb: side.client.slug,
    "token_id": lambda side, cb: str(side.once("token", lambda: _token(side)).pk),
}
