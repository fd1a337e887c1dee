"""URL samples of people's pages: account links and staff management."""

from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from agencydesk.people.roles import Role
from tests.factories.people import make_staff


def _staff(side):
    # A member of staff of their own, so that deactivating them (the admin's
    # POST is allowed) never takes a walker of the test out; staff are no
    # client's, so the name carries no client's.
    return side.once(
        "people_staff",
        lambda: make_staff(Role.SPECIALIST, full_name="Walk Staffer"),
    )


SAMPLES = {
    "user_id": lambda side, cb: str(_staff(side).pk),
    "uidb64": lambda side, cb: urlsafe_base64_encode(force_bytes(_staff(side).pk)),
    "token": lambda side, cb: default_token_generator.make_token(_staff(side)),
}
