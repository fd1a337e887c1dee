from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agencydesk.core.errors import DomainError, LinkRefusedError


class RunAlreadyOpenError(DomainError):
    code = "run_already_open"

    def __init__(self) -> None:
        super().__init__(_("This client already has an open checklist of this kind."))


class GateClosedError(DomainError):
    code = "gate_closed"

    def __init__(self, item: str, blockers: list[str]) -> None:
        super().__init__(
            _("“%(item)s” cannot be completed before: %(blockers)s.")
            % {"item": item, "blockers": "; ".join(blockers)}
        )


class NoTemplateError(DomainError):
    code = "no_template"

    def __init__(self) -> None:
        super().__init__(_("There is no checklist template of this kind."))


class LinkInvalidError(LinkRefusedError):
    code = "link_invalid"

    def __init__(self) -> None:
        super().__init__(
            _("This link is not valid: it has expired, was altered or was closed.")
        )


class AnswerInvalidError(DomainError):
    code = "answer_invalid"


class AlreadySubmittedError(DomainError):
    code = "already_submitted"

    def __init__(self) -> None:
        super().__init__(_("These answers were already sent; thank you."))


class ContactNotOfClientError(DomainError):
    code = "contact_not_of_client"

    def __init__(self) -> None:
        super().__init__(_("This contact does not belong to this client."))


class NotReadyToArchiveError(DomainError):
    code = "not_ready_to_archive"


class ItemAssignError(DomainError):
    code = "item_assign_invalid"


class TemplateInUseError(DomainError):
    code = "checklist_template_in_use"

    def __init__(self, runs: int) -> None:
        super().__init__(
            ngettext(
                "This template was used by %(count)d checklist; it cannot be "
                "deleted (edit it instead: running checklists keep their items).",
                "This template was used by %(count)d checklists; it cannot be "
                "deleted (edit it instead: running checklists keep their items).",
                runs,
            )
            % {"count": runs}
        )


class TemplateInvalidError(DomainError):
    code = "checklist_template_invalid"
