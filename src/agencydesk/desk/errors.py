"""Refusals of the service desk, each a sentence for the user and a stable code."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencydesk.core.errors import DomainError, LinkRefusedError


class TicketChangedError(DomainError):
    code = "ticket_changed"

    def __init__(self) -> None:
        super().__init__(
            _(
                "Someone else changed this ticket meanwhile. "
                "Reload it to see the change."
            )
        )


class TicketMoveNotAllowedError(DomainError):
    code = "ticket_move_invalid"

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or _("This ticket cannot make that move."))


class PromisedDateInPastError(DomainError):
    code = "promised_date_past"

    def __init__(self) -> None:
        super().__init__(_("The promised delivery date cannot be in the past."))


class AttachmentRefusedError(DomainError):
    code = "attachment_refused"


class TicketClosedError(DomainError):
    code = "ticket_closed"

    def __init__(self) -> None:
        super().__init__(_("This ticket is closed. Reopen it to continue."))


class RatingRefusedError(DomainError):
    code = "rating_refused"


class RatingLinkClosedError(LinkRefusedError):
    code = "rating_link_closed"
    status = 410
    title = gettext_lazy("Rating closed")
    hint = gettext_lazy("Thank you all the same.")

    def __init__(self) -> None:
        super().__init__(
            _("This account is closed, so this request can no longer be rated.")
        )


class NotOnTeamError(DomainError):
    code = "not_staff"

    def __init__(self) -> None:
        super().__init__(_("Only agency staff can be assigned to a ticket."))


class MessageReviewedError(DomainError):
    code = "message_reviewed"

    def __init__(self) -> None:
        super().__init__(_("Someone has already accepted or discarded this message."))


class ClaimedSenderGoneError(DomainError):
    code = "claimed_sender_gone"

    def __init__(self) -> None:
        super().__init__(
            _(
                "Nobody active has the address this message claims to come from: "
                "it can only be discarded."
            )
        )


class WhatsAppReplyImpossibleError(DomainError):
    code = "whatsapp_reply_impossible"

    def __init__(self) -> None:
        super().__init__(
            _(
                "This reply cannot be sent: the customer last wrote on WhatsApp "
                "more than 24 hours ago, no WhatsApp template is configured for "
                "their language (Django admin → WhatsApp templates) and they do "
                "not take e-mail. Nothing was sent or saved."
            )
        )
