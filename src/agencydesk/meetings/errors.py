from django.utils.translation import gettext as _

from agencydesk.core.errors import DomainError


class MeetingInvalidError(DomainError):
    code = "meeting_invalid"


class FeedLinkInvalidError(DomainError):
    code = "feed_link_invalid"


class MeetingCancelledError(DomainError):
    code = "meeting_cancelled"


class AgendaKindTakenError(DomainError):
    code = "agenda_kind_taken"

    def __init__(self) -> None:
        super().__init__(
            _("This kind of meeting already has an agenda template; edit that one.")
        )


class ActionItemTaskError(DomainError):
    code = "action_item_task_invalid"
