"""Forms of the client's panel: shape only; the desk services hold the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from agencydesk.core.forms import Form, KeptModelChoiceField
from agencydesk.desk.models import REQUEST_TYPES, Priority, RequestType, Status


class MultipleFileInput(forms.ClearableFileInput):
    """A file input that lets the person pick several files at once."""

    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Zero or more uploaded files, cleaned one by one into a list."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        clean_one = super().clean
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files:
            # FileField raises "required" here when the field is required.
            clean_one(None, initial)
            return []
        return [clean_one(upload, initial) for upload in files]


def attachments_field() -> MultipleFileField:
    return MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("You can pick several files."),
    )


STATUS_FILTERS = [
    ("", _("All requests")),
    ("active", _("Active")),
    (Status.OPEN, _("Open")),
    (Status.WAITING, _("Waiting for your answer")),
    (Status.DONE, _("Done")),
    (Status.CANCELLED, _("Cancelled")),
]


class TicketFilterForm(Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=STATUS_FILTERS
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100)


class TicketCreateForm(Form):
    title = forms.CharField(label=_("Subject"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What you need, by when, and anything that helps us start."),
    )
    priority = forms.ChoiceField(
        label=_("Priority"), choices=Priority.choices, initial=Priority.NORMAL
    )
    request_type = KeptModelChoiceField(
        RequestType.objects.filter(is_active=True),
        group=REQUEST_TYPES,
        label=_("Type of request"),
        required=False,
        empty_label=_("Not sure / something else"),
    )
    attachments = attachments_field()


class ReplyForm(Form):
    body = forms.CharField(
        label=_("Your reply"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write a message before sending it.")},
    )
    attachments = attachments_field()


SCORE_CHOICES = [(n, str(n)) for n in range(1, 6)]
SCORE_ERROR = _("Choose a score from 1 to 5.")


class RatingForm(Form):
    score = forms.TypedChoiceField(
        label=_("Score"),
        choices=SCORE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": SCORE_ERROR, "invalid_choice": SCORE_ERROR},
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Radios drawn as a row of buttons, not as text inputs.
        self.fields["score"].widget.attrs["class"] = "btn-check"


class SignedScanForm(Form):
    """The signed scan of a document or an act: a PDF or an image (the
    finance service checks its type by content and its size)."""

    file = forms.FileField(label=_("Signed scan (PDF or image)"))


class BillingInvoiceFilterForm(Form):
    show = forms.ChoiceField(
        label=_("Show"),
        choices=[("", _("All invoices")), ("due", _("Still to pay"))],
        required=False,
    )
