from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms.utils import ErrorDict
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agencydesk.clients.models import Client, Contact, TeamMember
from agencydesk.core.forms import Form
from agencydesk.core.pickers import PickerField

from .models import (
    Answer,
    ChecklistTemplate,
    Kind,
    Question,
    Questionnaire,
    QuestionnaireRequest,
    TemplateItem,
)
from .services.questionnaires import questionnaire_answers_check


class PanelForm(Form):
    """A form posted from the client page's lifecycle panel, which has no
    room for field errors: any mistake is told in the one sentence
    ``refusal`` (flashed above the client page)."""

    refusal = ""

    def full_clean(self) -> None:
        super().full_clean()
        if self._errors:
            self._errors = ErrorDict(
                {
                    NON_FIELD_ERRORS: self.error_class(
                        [self.refusal], error_class="nonfield"
                    )
                }
            )


class RunStartForm(PanelForm):
    refusal = _("Choose a checklist and a valid start date.")

    kind = forms.ChoiceField(label=_("Checklist"), choices=Kind.choices)
    start_date = forms.DateField(
        label=_("Start"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class RunFilterForm(Form):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *Kind.choices]
    )


class QuestionnaireSendForm(PanelForm):
    refusal = _("Choose a contact of this client and a deadline.")

    contact = forms.ModelChoiceField(
        label=_("Contact"), queryset=Contact.objects.none()
    )
    questionnaire = forms.ModelChoiceField(
        label=_("Questionnaire"),
        queryset=Questionnaire.objects.order_by("name"),
        required=False,
        help_text=_("Empty: the default questionnaire."),
    )
    deadline_days = forms.IntegerField(
        label=_("Due in (business days)"), min_value=1, max_value=60, initial=10
    )

    def __init__(self, *args, client: Client, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = (
            Contact.objects.filter(client=client)
            .select_related("user")
            .order_by("user__full_name")
        )
        self.fields["questionnaire"].initial = Questionnaire.objects.order_by(
            "-is_default", "pk"
        ).first()


class FeedbackSendForm(PanelForm):
    refusal = _("Choose a contact of this client.")

    contact = forms.ModelChoiceField(
        label=_("Contact"), queryset=Contact.objects.none()
    )

    def __init__(self, *args, client: Client, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = (
            Contact.objects.filter(client=client)
            .select_related("user")
            .order_by("user__full_name")
        )


class QuestionForm(Form):
    text = forms.CharField(label=_("Question"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=Question.Kind.choices)
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line (choice questions)."),
    )
    is_required = forms.BooleanField(label=_("Required"), required=False)
    profile_field = forms.ChoiceField(
        label=_("Fills the profile field"),
        choices=Question.ProfileField.choices,
        required=False,
    )


class QuestionnaireCreateForm(Form):
    name = forms.CharField(label=_("Name"), max_length=200)


class FeedbackForm(Form):
    score = forms.TypedChoiceField(
        label=_("How likely are you to recommend us to a friend or colleague?"),
        choices=[(n, str(n)) for n in range(11)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("What should we have done better?"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


ACTIONS_ERROR = _("Use one of the buttons to save or send.")


class AnswerForm(Form):
    """The contact's questionnaire: one field per question, pre-filled with
    saved answers, and the button pressed (``action``: save or send).

    The answers are checked with the service's own rule before anything is
    saved, so each refusal shows under its question."""

    action = forms.ChoiceField(
        choices=[("save", "save"), ("submit", "submit")],
        widget=forms.HiddenInput,
        error_messages={"required": ACTIONS_ERROR, "invalid_choice": ACTIONS_ERROR},
    )

    def __init__(self, *args, sent: QuestionnaireRequest, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.sent = sent
        saved = {a.question_id: a for a in sent.answers.all()}
        self.questions = {f"q{q.pk}": q for q in sent.questionnaire.questions.all()}
        for name, question in self.questions.items():
            self.fields[name] = _answer_field(question, saved.get(question.pk))

    def clean(self) -> dict:
        data = super().clean()
        # Neither button: said once, above the questions (nothing changes).
        refused = self._errors.pop("action", None)
        if refused:
            raise forms.ValidationError(refused)
        answers, files = self.answers()
        problem = questionnaire_answers_check(
            request=self.sent, answers=answers, files=files, submit=self.sends()
        )
        if problem is not None:
            self.add_error(None, problem.message)
            for pk, message in problem.extra.items():
                if f"q{pk}" in self.fields:
                    self.add_error(f"q{pk}", message)
        return data

    def sends(self) -> bool:
        """Whether the contact pressed "send" (else "save")."""
        return self.cleaned_data.get("action") == "submit"

    def answers(self) -> tuple[dict[int, Any], dict[int, Any]]:
        """The cleaned answers by question id, and the uploaded files."""
        answers: dict[int, Any] = {}
        files: dict[int, Any] = {}
        for name, question in self.questions.items():
            value = self.cleaned_data.get(name)
            if question.kind == Question.Kind.FILE:
                if value:
                    files[question.pk] = value
            else:
                answers[question.pk] = value
        return answers, files


def _answer_field(question: Question, answer: Answer | None) -> forms.Field:
    label = gettext(question.text)
    initial = answer.value if answer else ""
    options = [(c, gettext(c)) for c in question.choice_list]
    if question.kind == Question.Kind.MULTI:
        field = forms.MultipleChoiceField(
            choices=options, widget=forms.CheckboxSelectMultiple, required=False
        )
    elif question.kind == Question.Kind.CHOICE:
        field = forms.ChoiceField(choices=[("", "—"), *options], required=False)
    elif question.kind == Question.Kind.FILE:
        field = forms.FileField(required=False)
        if answer and answer.filename:
            field.help_text = gettext("Sent: %(name)s") % {"name": answer.filename}
    elif question.kind == Question.Kind.DATE:
        field = forms.CharField(
            required=False, widget=forms.DateInput(attrs={"type": "date"})
        )
    elif question.kind == Question.Kind.URL:
        field = forms.CharField(
            required=False, widget=forms.URLInput(attrs={"placeholder": "https://"})
        )
    else:
        field = forms.CharField(
            required=False, widget=forms.Textarea(attrs={"rows": 2})
        )
    field.label = label + (" *" if question.is_required else "")
    field.initial = initial
    if question.help_text:
        field.help_text = gettext(question.help_text)
    widget = field.widget
    if not isinstance(widget, forms.CheckboxSelectMultiple):
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs["class"] = css
    return field


class ItemToggleForm(Form):
    """Tick a checklist item off (``done`` 1) or reopen it (0)."""

    done = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1"
    )


class ItemAssignForm(Form):
    owner = PickerField("staff", label=_("Owner"), required=False)
    due_date = forms.DateField(
        label=_("Due"), widget=forms.DateInput(attrs={"type": "date"})
    )


class ChecklistTemplateForm(Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    is_default = forms.BooleanField(
        label=_("Default for its kind"),
        required=False,
        help_text=_("New checklists of this kind start from this template."),
    )


class TemplateItemForm(Form):
    """One item row; ``item`` is the template's own item it edits (none: new)."""

    item = forms.ModelChoiceField(
        queryset=TemplateItem.objects.none(),
        required=False,
        widget=forms.HiddenInput,
    )
    order = forms.IntegerField(
        label=_("Order"), min_value=0, max_value=999, required=False
    )
    section = forms.CharField(label=_("Section"), max_length=200)
    title = forms.CharField(label=_("Item"), max_length=200)
    owner_role = forms.ChoiceField(
        label=_("Owner role"),
        choices=TeamMember.Role.choices,
        initial=TeamMember.Role.ACCOUNT_MANAGER,
    )
    due_days = forms.IntegerField(
        label=_("Due (business days from the start)"),
        min_value=0,
        max_value=365,
        initial=5,
    )
    is_gate = forms.BooleanField(
        label=_("Gate"),
        required=False,
        help_text=_("Cannot be completed before the items it depends on."),
    )

    def __init__(self, *args, template: ChecklistTemplate | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if template is not None:
            self.fields["item"].queryset = TemplateItem.objects.filter(
                section__template=template
            )


class _TemplateItemBaseFormSet(forms.BaseFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        form.fields["DELETE"].widget.attrs["class"] = "form-check-input"


TemplateItemFormSet = forms.formset_factory(
    TemplateItemForm,
    formset=_TemplateItemBaseFormSet,
    extra=3,
    can_delete=True,
    max_num=200,
    validate_max=True,
    absolute_max=200,
)


def template_item_rows(formset: forms.BaseFormSet) -> list[dict]:
    """The kept rows of a valid item formset (blank extra rows and rows marked
    for deletion left out); a row without an order goes last."""
    rows = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE"):
            continue
        order = data["order"] if data["order"] is not None else 1000
        rows.append({**data, "order": order})
    return rows


class ChecklistTemplatePage:
    """The template's form and its item rows, checked and saved as one: the
    shape ``core.actions.submit`` expects of a form (a refusal of the
    service lands on the template's form)."""

    def __init__(self, form: ChecklistTemplateForm, items: forms.BaseFormSet):
        self.form, self.items = form, items

    @property
    def fields(self) -> dict:
        return self.form.fields

    @property
    def errors(self) -> dict:
        return self.form.errors

    def is_valid(self) -> bool:
        form_ok = self.form.is_valid()
        return self.items.is_valid() and form_ok

    @property
    def cleaned_data(self) -> dict:
        return {**self.form.cleaned_data, "items": template_item_rows(self.items)}

    def add_error(self, field: str | None, error: Any) -> None:
        self.form.add_error(field, error)
