"""The upload form of an import: what the file holds, and the file."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from agencydesk.core.forms import Form

from .models import ImportRun


class ImportForm(Form):
    kind = forms.ChoiceField(label=_("The file holds"))
    file = forms.FileField(
        label=_("File"), help_text=_("CSV (UTF-8; comma, semicolon or tab) or XLSX.")
    )

    def __init__(self, *args, kinds: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (value, label) for value, label in ImportRun.Kind.choices if value in kinds
        ]
        self.fields["file"].widget.attrs["accept"] = ".csv,.xlsx"


class ResultsFilterForm(Form):
    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("Every row")), ("errors", _("Rows with errors"))],
    )


class KpiImportForm(Form):
    source = forms.ChoiceField(label=_("The file is an export of"))
    file = forms.FileField(
        label=_("File"), help_text=_("CSV (UTF-8; comma, semicolon or tab) or XLSX.")
    )

    def __init__(self, *args, mappings, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [(m.source, m.label) for m in mappings]
        self.fields["file"].widget.attrs["accept"] = ".csv,.xlsx"
