"""URL parameters of the planning pages (see tests/timesheets/url_samples.py for
why they name no row of their own)."""

SAMPLES = {
    # A contact, never planned: staff get 404, contacts 403.
    "user_id": lambda side, cb: str(side.contact.user.pk),
    "week": lambda side, cb: "2026-11-09",
    "allocation_id": lambda side, cb: "0",
    "leave_id": lambda side, cb: "0",
}
