"""Refusals of deliverables and approvals, each a sentence for the person and
a stable code."""

from django.utils.translation import gettext as _

from agencydesk.core.errors import DomainError


class DeliverableInputError(DomainError):
    code = "deliverable_invalid"

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message, extra={"field": field} if field else {})


class ApprovalContactError(DomainError):
    code = "approval_contact_invalid"

    def __init__(self) -> None:
        super().__init__(
            _("Choose one or more active contacts of this task's client."),
            extra={"field": "contacts"},
        )


class ApprovalVersionOutdatedError(DomainError):
    code = "approval_version_outdated"

    def __init__(self, latest: int) -> None:
        super().__init__(
            _(
                "A newer version (version %(latest)d) of this deliverable exists, "
                "so this one can no longer be decided on. Please wait for the "
                "newer version to be sent to you."
            )
            % {"latest": latest}
        )


class ApprovalAlreadyDecidedError(DomainError):
    code = "approval_already_decided"

    def __init__(self) -> None:
        super().__init__(_("You have already given your decision on this round."))


class ApprovalRoundClosedError(DomainError):
    code = "approval_round_closed"

    def __init__(self, status: str) -> None:
        messages = {
            "withdrawn": _("This request for approval was withdrawn by the agency."),
            "superseded": _(
                "This request for approval was replaced by a newer one; "
                "please use the newest e-mail."
            ),
        }
        super().__init__(
            messages.get(status, _("A decision on this round has already been made."))
        )


class ApprovalCommentRequiredError(DomainError):
    code = "approval_comment_required"

    def __init__(self) -> None:
        super().__init__(_("Tell us what should change."), extra={"field": "comment"})


class ApprovalNothingToSendError(DomainError):
    code = "approval_nothing_to_send"

    def __init__(self) -> None:
        super().__init__(_("Upload a file or give a link before sending for approval."))
