from agencydesk.core.errors import DomainError


class MeetingInvalidError(DomainError):
    code = "meeting_invalid"


class FeedLinkInvalidError(DomainError):
    code = "feed_link_invalid"


class MeetingCancelledError(DomainError):
    code = "meeting_cancelled"
