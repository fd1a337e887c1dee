"""URL-walk samples for the risks pages' parameters (and the API's)."""

from agencydesk.risks.models import Complaint, Risk
from agencydesk.risks.services import complaint_open, risk_create


def _complaint(side) -> Complaint:
    from agencydesk.people.models import User

    owner = User.objects.filter(is_staff=True, is_active=True).order_by("pk").first()
    return complaint_open(
        actor=None,
        client=side.client,
        title=f"Complaint of {side.client.name}",
        description="Late again",
        owner=owner,
    )


def _risk(side) -> Risk:
    from agencydesk.people.models import User

    owner = User.objects.filter(is_staff=True, is_active=True).order_by("pk").first()
    return risk_create(
        actor=None,
        client=side.client,
        title=f"Risk of {side.client.name}",
        category="delivery",
        probability=3,
        impact=4,
        owner=owner,
    )


SAMPLES = {
    "complaint_id": lambda side, cb: str(
        side.once("complaint", lambda: _complaint(side)).pk
    ),
    "risk_id": lambda side, cb: str(side.once("risk", lambda: _risk(side)).pk),
}
