"""Forms of the KPI pages: a KPI, its target, and a value typed in."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from agencydesk.core.forms import Form

from .models import VALUE_DIGITS, VALUE_PLACES, Kpi, Metric


def _value_field(label, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=VALUE_DIGITS,
        decimal_places=VALUE_PLACES,
        localize=True,
    )


class KpiForm(Form):
    metric = forms.ModelChoiceField(label=_("Metric"), queryset=Metric.objects.none())
    target = _value_field(_("Monthly target"), required=False)
    source = forms.ChoiceField(label=_("Source"), choices=Kpi.Source.choices)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["metric"].queryset = Metric.objects.order_by("name")
        self.fields["target"].help_text = _("Leave empty for no target.")


class KpiChangeForm(Form):
    target = _value_field(_("Monthly target"), required=False)
    source = forms.ChoiceField(label=_("Source"), choices=Kpi.Source.choices)


class PointForm(Form):
    kpi = forms.ModelChoiceField(label=_("KPI"), queryset=Kpi.objects.none())
    day = forms.DateField(
        label=_("Day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    value = _value_field(_("Value"))

    def __init__(self, *args, kpis, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kpi"].queryset = kpis.select_related("metric")
        self.fields["kpi"].label_from_instance = lambda kpi: kpi.metric.name
