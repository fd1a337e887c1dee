from agencydesk.core.errors import DomainError


class InboundRefusedError(DomainError):
    code = "inbound_refused"
