"""Forms of invoices, payments, the plan, acts and bills: shape and choices
only; the rules (currency, over-payment, issued invoices) live in the
services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agencydesk.core.forms import Form
from agencydesk.core.money import CURRENCY_CHOICES, format_money
from agencydesk.core.pickers import PickerField

from .models import Act, ContractorBill, Invoice, Payment

_DATE = {"widget": forms.DateInput(attrs={"type": "date"})}
# Rows of lines a new invoice's form offers (empty rows are skipped).
LINE_ROWS = 5


def _amount(label, **kwargs) -> forms.DecimalField:
    kwargs.setdefault("min_value", 0)
    return forms.DecimalField(label=label, max_digits=14, decimal_places=2, **kwargs)


class InvoiceForm(Form):
    """A draft's lines, tax rate, series and note."""

    tax_rate = forms.DecimalField(
        label=_("Tax rate %"),
        max_digits=5,
        decimal_places=2,
        min_value=0,
        max_value=100,
        help_text=_("The contract's rate unless you change it."),
    )
    series = forms.CharField(
        label=_("Series"),
        max_length=10,
        initial="INV",
        help_text=_("Numbers run without gaps per series and year."),
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    is_deposit = forms.BooleanField(
        label=_("The contract's deposit invoice"),
        required=False,
        help_text=_(
            "Paid in full, it ticks off the deposit item of the client's onboarding."
        ),
    )

    def __init__(self, *args, rows: int = LINE_ROWS, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for i in range(rows):
            # The lines are a table: each input is named for a screen reader.
            self.fields[f"description_{i}"] = forms.CharField(
                label=_("Description"), max_length=300, required=False
            )
            self.fields[f"quantity_{i}"] = forms.DecimalField(
                label=_("Quantity"),
                max_digits=12,
                decimal_places=2,
                min_value=0,
                required=False,
            )
            self.fields[f"unit_price_{i}"] = _amount(_("Unit price"), required=False)
            # The draft's line this row shows: what it bills stays with it.
            self.fields[f"id_{i}"] = forms.IntegerField(
                required=False, widget=forms.HiddenInput
            )
            for name in ("description", "quantity", "unit_price"):
                field = self.fields[f"{name}_{i}"]
                field.widget.attrs["aria-label"] = gettext(
                    "%(label)s, line %(number)s"
                ) % {"label": field.label, "number": i + 1}

    def line_rows(self) -> list[tuple]:
        """The bound fields of each line row, for the template's table."""
        return [
            (
                self[f"description_{i}"],
                self[f"quantity_{i}"],
                self[f"unit_price_{i}"],
                self[f"id_{i}"],
            )
            for i in range(self.rows)
        ]

    def head_fields(self) -> list:
        return [self["tax_rate"], self["series"], self["note"], self["is_deposit"]]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        lines = [
            {
                "description": data[f"description_{i}"],
                "quantity": data[f"quantity_{i}"] or 1,
                "unit_price": data[f"unit_price_{i}"] or 0,
                "id": data.get(f"id_{i}"),
            }
            for i in range(self.rows)
            if data.get(f"description_{i}")
        ]
        return {
            "lines": lines,
            "tax_rate": data["tax_rate"],
            "series": data["series"],
            "note": data["note"],
            "is_deposit": data["is_deposit"],
        }


def draft_initial(invoice: Any) -> dict[str, Any]:
    """The invoice form's values for a draft: its terms and its lines."""
    initial: dict[str, Any] = {
        "tax_rate": invoice.tax_rate,
        "series": invoice.series,
        "note": invoice.note,
        "is_deposit": invoice.is_deposit,
    }
    for i, line in enumerate(invoice.lines.order_by("position", "pk")):
        initial[f"description_{i}"] = line.description
        initial[f"quantity_{i}"] = line.quantity
        initial[f"unit_price_{i}"] = line.unit_price
        initial[f"id_{i}"] = line.pk
    return initial


class IssueForm(Form):
    issue_date = forms.DateField(label=_("Issue date"), required=False, **_DATE)


class CreditNoteForm(Form):
    reason = forms.CharField(label=_("Why it is cancelled"), max_length=500)


class PaymentForm(Form):
    date = forms.DateField(label=_("Date"), **_DATE)
    amount = _amount(_("Amount"), min_value=0.01)
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES)
    method = forms.ChoiceField(label=_("Method"), choices=Payment.Method.choices)
    reference = forms.CharField(label=_("Reference"), max_length=200, required=False)


class ReverseForm(Form):
    reason = forms.CharField(label=_("Why it is reversed"), max_length=300)


class PlannedInvoiceForm(Form):
    what_for = forms.CharField(label=_("What for"), max_length=300)
    amount = _amount(_("Amount before tax"), min_value=0.01)
    planned_date = forms.DateField(label=_("Planned date"), **_DATE)
    is_deposit = forms.BooleanField(label=_("The deposit"), required=False)


class MakeInvoiceForm(Form):
    issue = forms.BooleanField(label=_("Issue it now"), required=False)


class ActForm(Form):
    number = forms.CharField(label=_("Number"), max_length=60, required=False)
    date = forms.DateField(label=_("Date"), **_DATE)
    period_start = forms.DateField(label=_("From"), **_DATE)
    period_end = forms.DateField(label=_("To"), **_DATE)
    amount = _amount(_("Amount"))
    delivered = forms.CharField(
        label=_("What was delivered"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    status = forms.ChoiceField(label=_("Status"), choices=Act.Status.choices)


class BillForm(Form):
    number = forms.CharField(label=_("Number"), max_length=60)
    date = forms.DateField(label=_("Date"), **_DATE)
    amount = _amount(_("Amount"), min_value=0.01)
    due_date = forms.DateField(label=_("Due date"), **_DATE)
    status = forms.ChoiceField(label=_("Status"), choices=ContractorBill.Status.choices)
    paid_date = forms.DateField(
        label=_("Paid on"),
        required=False,
        help_text=_("Today when marked paid without a date."),
        **_DATE,
    )


class InvoiceFilterForm(Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *Invoice.Status.choices],
    )
    client = PickerField(
        "clients", label=_("Client"), required=False, attrs={"placeholder": _("All")}
    )
    date_from = forms.DateField(label=_("Issued from"), required=False, **_DATE)
    date_to = forms.DateField(label=_("Issued to"), required=False, **_DATE)
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)

    def filters(self) -> dict:
        """The selectors' keyword arguments; an invalid filter filters nothing."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "status": data["status"],
            "client_id": data["client"].pk if data["client"] else None,
            "date_from": data["date_from"],
            "date_to": data["date_to"],
            "overdue": data["overdue"],
        }


class RetainerInvoiceForm(Form):
    """Which of the client's retainer months to invoice (the months not yet
    invoiced, in the contract's currency, are offered)."""

    month = forms.DateField(label=_("Month"), widget=forms.Select)

    def __init__(self, *args, months: Any = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["month"].widget.choices = [
            (budget.month.isoformat(), date_format(budget.month, "YEAR_MONTH_FORMAT"))
            for budget in months
        ]


class TimeInvoiceForm(Form):
    GROUPS = [
        ("person", _("A line per person and rate")),
        ("rate", _("A line per rate")),
    ]

    first = forms.DateField(label=_("From"), **_DATE)
    last = forms.DateField(label=_("To"), **_DATE)
    group_by = forms.ChoiceField(label=_("Lines"), choices=GROUPS, initial="person")


class MilestoneInvoiceForm(Form):
    """The reached, priced milestones to invoice (none ticked: all)."""

    milestones = forms.TypedMultipleChoiceField(
        label=_("Milestones"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, milestones: Any = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["milestones"].choices = [
            (
                m.pk,
                f"{m} · {m.project.name} · {format_money(m.amount, m.currency)}",
            )
            for m in milestones
        ]
