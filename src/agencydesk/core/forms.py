"""Form base shared by every app: Bootstrap classes on every widget."""

from __future__ import annotations

from django import forms

from .access import Viewer
from .pickers import PickerField, PickerMultipleField


class StyledFormMixin:
    """Give each widget the Bootstrap class its kind needs."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            elif isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class Form(StyledFormMixin, forms.Form):
    """A plain form with Bootstrap styling.

    Given the request's ``viewer``, every choice of client-owned rows (clients,
    contacts…) is narrowed to what that viewer may see, and so is what a
    ``PickerField`` resolves: a picker never names a client the person may not
    see, and a posted id of one is refused."""

    def __init__(self, *args, viewer: Viewer | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        if viewer is None:
            return
        for field in self.fields.values():
            if isinstance(field, PickerField | PickerMultipleField):
                # Typed text resolves only among what this viewer may see.
                field.viewer = viewer
            queryset = getattr(field, "queryset", None)
            if queryset is not None and hasattr(queryset, "visible_to"):
                field.queryset = queryset.visible_to(viewer)

    def submitted_data(self) -> dict:
        """The cleaned values of the fields the request carried: a field a page
        did not send (a partial form, a stray POST) is not a change, so saving
        never blanks what the form did not show. (An unticked checkbox sends
        nothing either: a form with one needs another way.)"""
        sent = set(self.data) | set(self.files)
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if self.add_prefix(name) in sent
        }
