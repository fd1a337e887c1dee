"""Pages of the client lifecycle: checklists, questionnaires (staff side and
the contact's signed link), feedback and the archive.

Every change goes through ``core.actions`` (``submit`` for a form,
``perform`` for a button); the signed-link pages carry no sign-in, their
token is the authority and is checked first."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from agencydesk.clients.models import Client
from agencydesk.core.access import access_object, staff_required
from agencydesk.core.actions import (
    button,
    form_error_text,
    perform,
    posted,
    reads,
    submit,
    writes,
)
from agencydesk.core.files import download_response
from agencydesk.core.htmx import partial
from agencydesk.core.pagination import paginate

from .forms import (
    AnswerForm,
    ChecklistTemplateForm,
    ChecklistTemplatePage,
    FeedbackForm,
    FeedbackSendForm,
    ItemAssignForm,
    ItemToggleForm,
    QuestionForm,
    QuestionnaireCreateForm,
    QuestionnaireSendForm,
    RunFilterForm,
    RunStartForm,
    TemplateItemFormSet,
)
from .models import Answer, Archive, ChecklistTemplate, Run, RunItem
from .selectors.checklist_templates import (
    checklist_template_for_edit,
    checklist_template_rows,
    checklist_templates_for_list,
)
from .selectors.offboarding import feedback_from_token
from .selectors.questionnaires import (
    questionnaire_for_edit,
    questionnaire_for_page,
    questionnaire_rows,
    questionnaire_url,
    questionnaires_for_builder,
    request_from_token,
)
from .selectors.runs import (
    progress_of,
    run_list_for_overview,
    runs_for_page,
)
from .services import checklist_templates, offboarding, questionnaires, runs


def _client(request: HttpRequest, slug: str) -> Client:
    return access_object(request.viewer, Client, slug, field_name="slug")


@staff_required("onboarding.view_run")
@reads
def overview(request: HttpRequest) -> HttpResponse:
    form = RunFilterForm(request.GET or None)
    kind = form.cleaned_data.get("kind", "") if form.is_valid() else ""
    page = paginate(request, run_list_for_overview(viewer=request.viewer, kind=kind))
    return render(request, "onboarding/overview.html", {"page": page, "form": form})


@staff_required("onboarding.add_run")
@button
def run_start(request: HttpRequest, client_slug: str) -> HttpResponse:
    client = _client(request, client_slug)
    return submit(
        request,
        RunStartForm(**posted(request)),
        lambda data: runs.run_start(actor=request.user, client=client, **data),
        redirect_to=lambda run: run,
        back_to=client,
    )


def _run_context(run: Run) -> dict:
    items = list(run.items.all())
    sections: list[tuple[str, list[RunItem]]] = []
    current = None
    for item in items:
        if current != item.section:
            current = item.section
            # Shipped section names are message ids; a lead's own read as typed.
            sections.append((gettext(item.section), []))
        sections[-1][1].append(item)
    return {
        "run": run,
        "client": run.client,
        "sections": sections,
        "progress": progress_of(items),
    }


def _run_page(request: HttpRequest, run_id: int) -> dict:
    """The run page's context, read fresh (after a change or a refusal)."""
    return _run_context(access_object(request.viewer, runs_for_page(), run_id))


def _run_item(request: HttpRequest, run_id: int, item_id: int) -> tuple[Run, RunItem]:
    run = access_object(request.viewer, Run, run_id)
    item = access_object(
        request.viewer, RunItem.objects.filter(run=run), item_id, action="change"
    )
    return run, item


@staff_required("onboarding.view_run")
@reads
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    return render(request, "onboarding/run_detail.html", _run_page(request, run_id))


@staff_required("onboarding.change_runitem")
@button
def item_assign(request: HttpRequest, run_id: int, item_id: int) -> HttpResponse:
    """Change a running item's owner and due date (kept on the timeline)."""
    run, item = _run_item(request, run_id, item_id)
    return submit(
        request,
        ItemAssignForm(**posted(request), viewer=request.viewer),
        lambda data: runs.run_item_reassign(actor=request.user, item=item, **data),
        template="onboarding/run_detail.html",
        context=lambda form: {
            **_run_page(request, run_id),
            "error": form_error_text(form),
        },
        form_name="assign_form",
        redirect_to=run,
    )


@staff_required("onboarding.change_runitem")
@button
def item_toggle(request: HttpRequest, run_id: int, item_id: int) -> HttpResponse:
    """Tick an item off or reopen it: htmx gets the checklist again (with the
    refusal on top), a plain form goes back to the run."""
    run, item = _run_item(request, run_id, item_id)
    checklist = "onboarding/partials/checklist.html"

    def toggle(data: dict) -> RunItem:
        change = runs.item_complete if data["done"] else runs.item_reopen
        return change(actor=request.user, item=item)

    fragment = partial(request)
    return submit(
        request,
        ItemToggleForm(**posted(request)),
        toggle,
        template=checklist if fragment else None,
        context=lambda form: {
            **_run_page(request, run_id),
            "error": form_error_text(form),
        },
        form_name="toggle_form",
        redirect_to=run,
        answer=(
            (lambda _item: render(request, checklist, _run_page(request, run_id)))
            if fragment
            else None
        ),
    )


@staff_required("onboarding.add_questionnairerequest")
@button
def questionnaire_send(request: HttpRequest, client_slug: str) -> HttpResponse:
    client = _client(request, client_slug)
    return submit(
        request,
        QuestionnaireSendForm(**posted(request), client=client),
        lambda data: questionnaires.questionnaire_send(
            actor=request.user, client=client, **data
        ),
        success=lambda sent: (
            _("The questionnaire was sent to %(contact)s.") % {"contact": sent.contact}
        ),
        redirect_to=client,
    )


@staff_required("onboarding.view_questionnairerequest")
@reads
def questionnaire_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    sent = access_object(request.viewer, questionnaire_for_page(), request_id)
    context = {
        "sent": sent,
        "client": sent.client,
        "rows": questionnaire_rows(sent),
        "link": request.build_absolute_uri(questionnaire_url(sent)),
    }
    return render(request, "onboarding/questionnaire_detail.html", context)


@writes
def questionnaire_fill(request: HttpRequest, questionnaire_token: str) -> HttpResponse:
    """The contact's questionnaire behind a signed link (no sign-in)."""
    sent = request_from_token(questionnaire_token)  # refused: core.middleware
    sent = questionnaire_for_page().get(pk=sent.pk)
    form = AnswerForm(**posted(request), sent=sent)

    def save(_data: dict):
        answers, files = form.answers()
        return questionnaires.questionnaire_save(
            request=sent, answers=answers, files=files, submit=form.sends()
        )

    return submit(
        request,
        form,
        save,
        template="onboarding/questionnaire_fill.html",
        context={"sent": sent, "client": sent.client},
        success=lambda saved: (
            _("Thank you! Your answers were sent.")
            if saved.submitted_at
            else _("Saved. You can come back to this link to finish.")
        ),
        redirect_to=request.path,
    )


@staff_required("onboarding.view_questionnaire")
@writes
def questionnaire_builder(request: HttpRequest) -> HttpResponse:
    return submit(
        request,
        QuestionnaireCreateForm(**posted(request)),
        lambda data: questionnaires.questionnaire_create(
            actor=request.user, name=data["name"]
        ),
        template="onboarding/questionnaire_list.html",
        context=lambda _form: {"questionnaires": questionnaires_for_builder()},
        redirect_to=lambda made: reverse(
            "onboarding:questionnaire-edit", args=[made.pk]
        ),
    )


@staff_required("onboarding.view_questionnaire")
@writes
def questionnaire_edit(request: HttpRequest, questionnaire_id: int) -> HttpResponse:
    questionnaire = access_object(
        request.viewer, questionnaire_for_edit(), questionnaire_id
    )
    return submit(
        request,
        QuestionForm(**posted(request)),
        lambda data: questionnaires.question_add(
            actor=request.user, questionnaire=questionnaire, **data
        ),
        template="onboarding/questionnaire_edit.html",
        context={"questionnaire": questionnaire},
        success=_("The question was added."),
        redirect_to=reverse("onboarding:questionnaire-edit", args=[questionnaire.pk]),
    )


@staff_required("onboarding.add_feedbackrequest")
@button
def feedback_send(request: HttpRequest, client_slug: str) -> HttpResponse:
    client = _client(request, client_slug)
    return submit(
        request,
        FeedbackSendForm(**posted(request), client=client),
        lambda data: offboarding.feedback_send(
            actor=request.user, client=client, contact=data["contact"]
        ),
        success=_("The feedback survey was sent."),
        redirect_to=client,
    )


@writes
def feedback_fill(request: HttpRequest, feedback_token: str) -> HttpResponse:
    """The closing survey behind a signed link (no sign-in)."""
    feedback = feedback_from_token(feedback_token)  # refused: core.middleware
    return submit(
        request,
        FeedbackForm(**posted(request)),
        lambda data: offboarding.feedback_submit(feedback=feedback, **data),
        template="onboarding/feedback_fill.html",
        context={"feedback": feedback, "client": feedback.client},
        success=_("Thank you for your feedback."),
        redirect_to=request.path,
    )


@staff_required("onboarding.add_archive")
@button
def client_archive(request: HttpRequest, client_slug: str) -> HttpResponse:
    client = _client(request, client_slug)
    return perform(
        request,
        lambda: offboarding.client_archive(actor=request.user, client=client),
        success=_("The account was archived; its export is ready."),
        redirect_to=client,
        answer=lambda archive: redirect("onboarding:archive-download", archive.pk),
    )


@staff_required("onboarding.view_archive")
@reads
def archive_download(request: HttpRequest, archive_id: int) -> HttpResponse:
    archive = access_object(request.viewer, Archive, archive_id)
    name = archive.file.name.rsplit("/", 1)[-1]
    return download_response(
        archive.file, filename=name, content_type="application/zip"
    )


@staff_required("onboarding.view_answer")
@reads
def answer_download(request: HttpRequest, answer_id: int) -> HttpResponse:
    """A file a contact sent with the questionnaire."""
    answer = access_object(request.viewer, Answer.objects.exclude(file=""), answer_id)
    return download_response(
        answer.file, filename=answer.filename, content_type="application/octet-stream"
    )


@staff_required("onboarding.change_checklisttemplate")
@reads
def checklist_template_list(request: HttpRequest) -> HttpResponse:
    templates = checklist_templates_for_list()
    return render(
        request, "onboarding/checklist_template_list.html", {"templates": templates}
    )


def _template_page(
    request: HttpRequest, template: ChecklistTemplate | None
) -> HttpResponse:
    """The template form and its item rows: GET shows, POST saves the lot."""
    initial = {}
    rows = []
    if template is not None:
        initial = {
            "name": template.name,
            "kind": template.kind,
            "description": template.description,
            "is_default": template.is_default,
        }
        rows = checklist_template_rows(template)
    form = ChecklistTemplateForm(**posted(request), initial=initial)
    items = TemplateItemFormSet(
        **posted(request),
        initial=rows,
        prefix="items",
        form_kwargs={"template": template},
    )
    return submit(
        request,
        ChecklistTemplatePage(form, items),
        lambda data: checklist_templates.checklist_template_save(
            actor=request.user, template=template, **data
        ),
        template="onboarding/checklist_template_form.html",
        context={"template": template, "form": form, "items": items},
        form_name="page",
        success=_("The template was saved; checklists started from now on use it."),
        redirect_to=lambda saved: reverse(
            "onboarding:checklist-template-edit", args=[saved.pk]
        ),
    )


@staff_required("onboarding.add_checklisttemplate")
@writes
def checklist_template_create(request: HttpRequest) -> HttpResponse:
    return _template_page(request, None)


@staff_required("onboarding.change_checklisttemplate")
@writes
def checklist_template_edit(
    request: HttpRequest, checklist_template_id: int
) -> HttpResponse:
    template = access_object(
        request.viewer,
        checklist_template_for_edit(),
        checklist_template_id,
        action="change",
    )
    return _template_page(request, template)


@staff_required("onboarding.delete_checklisttemplate")
@button
def checklist_template_delete(
    request: HttpRequest, checklist_template_id: int
) -> HttpResponse:
    template = access_object(
        request.viewer, ChecklistTemplate, checklist_template_id, action="delete"
    )
    return perform(
        request,
        lambda: checklist_templates.checklist_template_delete(
            actor=request.user, template=template
        ),
        success=_("The template was deleted."),
        redirect_to=reverse("onboarding:checklist-template-edit", args=[template.pk]),
        answer=lambda _none: redirect("onboarding:checklist-template-list"),
    )
