"""Form base shared by every app: Bootstrap classes on every widget."""

from django import forms


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
    """A plain form with Bootstrap styling."""
