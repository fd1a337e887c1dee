"""Form base shared by every app: Bootstrap classes on every widget."""

from __future__ import annotations

from django import forms
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import get_language

from .access import Viewer
from .kept import kept
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


class _KeptOptions(BaseChoiceIterator):
    """The options, read when the widget renders (not when the form is made)."""

    def __init__(self, field: KeptModelChoiceField) -> None:
        self.field = field

    def __iter__(self):
        field = self.field
        if field.empty_label is not None:
            yield ("", field.empty_label)
        # Labels may be translated (request types are): kept per language.
        yield from kept(
            field.group,
            f"options:{get_language()}",
            lambda: [
                (obj.pk, field.label_from_instance(obj)) for obj in field.queryset
            ],
        )


class KeptModelChoiceField(forms.ModelChoiceField):
    """A drop-down of a short, admin-defined list (request types) whose options
    are kept between requests (``core.kept``, group ``group``; the app forgets
    the group when a row changes): showing the form reads nothing, and only a
    posted choice is looked up. For lists that are not scoped to the viewer."""

    def __init__(self, queryset, *, group: str, **kwargs) -> None:
        self.group = group
        super().__init__(queryset, **kwargs)

    def _get_choices(self) -> _KeptOptions:
        return _KeptOptions(self)

    choices = property(_get_choices, forms.ChoiceField.choices.fset)
