"""Pages of the client lifecycle: checklists, questionnaires (staff side and
the contact's signed link), feedback and the archive."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencydesk.clients.models import Client
from agencydesk.core.access import access_object, staff_required
from agencydesk.core.errors import DomainError
from agencydesk.core.files import download_response
from agencydesk.core.htmx import partial
from agencydesk.core.pagination import paginate

from . import checklist_templates, offboarding, questionnaires, services
from .errors import AnswerInvalidError, LinkInvalidError
from .forms import (
    ChecklistTemplateForm,
    FeedbackForm,
    FeedbackSendForm,
    ItemAssignForm,
    QuestionForm,
    QuestionnaireCreateForm,
    QuestionnaireSendForm,
    RunFilterForm,
    RunStartForm,
    TemplateItemFormSet,
    answer_form,
    template_item_rows,
)
from .models import Answer, Archive, ChecklistTemplate, Questionnaire, Run, RunItem
from .selectors import (
    progress_of,
    questionnaire_for_page,
    run_list_for_overview,
    runs_for_page,
    staff_for_assignment,
)


def _client(request: HttpRequest, slug: str) -> Client:
    return access_object(request.viewer, Client, slug, field_name="slug")


@staff_required("onboarding.view_run")
def overview(request: HttpRequest) -> HttpResponse:
    form = RunFilterForm(request.GET or None)
    kind = form.cleaned_data.get("kind", "") if form.is_valid() else ""
    page = paginate(request, run_list_for_overview(viewer=request.viewer, kind=kind))
    return render(request, "onboarding/overview.html", {"page": page, "form": form})


@require_POST
@staff_required("onboarding.add_run")
def run_start(request: HttpRequest, client_slug: str) -> HttpResponse:
    client = _client(request, client_slug)
    form = RunStartForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a checklist and a valid start date."))
        return redirect(client)
    try:
        run = services.run_start(
            actor=request.user,
            client=client,
            kind=form.cleaned_data["kind"],
            start_date=form.cleaned_data["start_date"],
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(client)
    return redirect(run)


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
        "today": timezone.localdate(),
        "assignable": staff_for_assignment(),
    }


@staff_required("onboarding.view_run")
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    run = access_object(request.viewer, runs_for_page(), run_id)
    return render(request, "onboarding/run_detail.html", _run_context(run))


@require_POST
@staff_required("onboarding.change_runitem")
def item_assign(request: HttpRequest, run_id: int, item_id: int) -> HttpResponse:
    """Change a running item's owner and due date (kept on the timeline)."""
    run = access_object(request.viewer, Run, run_id)
    item = access_object(
        request.viewer, RunItem.objects.filter(run=run), item_id, action="change"
    )
    form = ItemAssignForm(request.POST)
    if form.is_valid():
        try:
            services.run_item_reassign(
                actor=request.user, item=item, **form.cleaned_data
            )
        except DomainError as refusal:
            form.add_error(None, refusal.message)
        else:
            return redirect(run)
    run = access_object(request.viewer, runs_for_page(), run_id)
    context = {**_run_context(run), "error": " ".join(form.non_field_errors())}
    for errors in form.errors.values():
        context["error"] = context["error"] or " ".join(errors)
    return render(request, "onboarding/run_detail.html", context, status=422)


@require_POST
@staff_required("onboarding.change_runitem")
def item_toggle(request: HttpRequest, run_id: int, item_id: int) -> HttpResponse:
    run = access_object(request.viewer, Run, run_id)
    item = access_object(
        request.viewer, RunItem.objects.filter(run=run), item_id, action="change"
    )
    error = ""
    try:
        if request.POST.get("done") == "1":
            services.item_complete(actor=request.user, item=item)
        else:
            services.item_reopen(actor=request.user, item=item)
    except DomainError as refusal:
        error = refusal.message
    run = access_object(request.viewer, runs_for_page(), run_id)
    if partial(request):
        context = {**_run_context(run), "error": error}
        return render(
            request,
            "onboarding/partials/checklist.html",
            context,
            status=422 if error else 200,
        )
    if error:
        messages.error(request, error)
    return redirect(run)


@require_POST
@staff_required("onboarding.add_questionnairerequest")
def questionnaire_send(request: HttpRequest, client_slug: str) -> HttpResponse:
    client = _client(request, client_slug)
    form = QuestionnaireSendForm(request.POST, client=client)
    if form.is_valid():
        try:
            sent = questionnaires.questionnaire_send(
                actor=request.user, client=client, **form.cleaned_data
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("The questionnaire was sent to %(contact)s.")
                % {"contact": sent.contact},
            )
    else:
        messages.error(request, _("Choose a contact of this client and a deadline."))
    return redirect(client)


@staff_required("onboarding.view_questionnairerequest")
def questionnaire_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    sent = access_object(request.viewer, questionnaire_for_page(), request_id)
    answers = {a.question_id: a for a in sent.answers.all()}
    rows = [(q, answers.get(q.pk)) for q in sent.questionnaire.questions.all()]
    context = {
        "sent": sent,
        "client": sent.client,
        "rows": rows,
        "link": request.build_absolute_uri(questionnaires.questionnaire_url(sent)),
    }
    return render(request, "onboarding/questionnaire_detail.html", context)


def _link_refused(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "onboarding/link_invalid.html",
        {"message": LinkInvalidError().message},
        status=404,
    )


def questionnaire_fill(request: HttpRequest, questionnaire_token: str) -> HttpResponse:
    """The contact's questionnaire behind a signed link (no sign-in)."""
    try:
        sent = questionnaires.request_from_token(questionnaire_token)
    except LinkInvalidError:
        return _link_refused(request)
    sent = questionnaire_for_page().get(pk=sent.pk)
    post = request.method == "POST"
    form = answer_form(
        sent, request.POST if post else None, request.FILES if post else None
    )
    status = 200
    action = request.POST.get("action")
    if post and action not in ("save", "submit"):
        # Neither button: nothing to do (and nothing changes).
        form.add_error(None, _("Use one of the buttons to save or send."))
        status = 422
    elif post and sent.submitted_at is None and form.is_valid():
        fields = form._question_fields
        answers, files = {}, {}
        for name, question in fields.items():
            value = form.cleaned_data.get(name)
            if question.kind == "file":
                if value:
                    files[question.pk] = value
            else:
                answers[question.pk] = value
        submit = action == "submit"
        try:
            questionnaires.questionnaire_save(
                request=sent, answers=answers, files=files, submit=submit
            )
        except AnswerInvalidError as error:
            form.add_error(None, error.message)
            for pk, message in error.extra.items():
                form.add_error(f"q{pk}", message)
            status = 422
        except DomainError as error:
            form.add_error(None, error.message)
            status = 422
        else:
            notice = (
                _("Thank you! Your answers were sent.")
                if submit
                else _("Saved. You can come back to this link to finish.")
            )
            messages.success(request, notice)
            return redirect(request.path)
    elif post:
        status = 422
    context = {"sent": sent, "form": form, "client": sent.client}
    return render(request, "onboarding/questionnaire_fill.html", context, status=status)


@staff_required("onboarding.view_questionnaire")
def questionnaire_builder(request: HttpRequest) -> HttpResponse:
    form = QuestionnaireCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            made = questionnaires.questionnaire_create(
                actor=request.user, name=form.cleaned_data["name"]
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect("onboarding:questionnaire-edit", made.pk)
    items = Questionnaire.objects.order_by("name", "pk")
    return render(
        request,
        "onboarding/questionnaire_list.html",
        {"questionnaires": items, "form": form},
        status=422 if request.method == "POST" else 200,
    )


@staff_required("onboarding.view_questionnaire")
def questionnaire_edit(request: HttpRequest, questionnaire_id: int) -> HttpResponse:
    questionnaire = access_object(
        request.viewer,
        Questionnaire.objects.prefetch_related("questions"),
        questionnaire_id,
    )
    form = QuestionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            questionnaires.question_add(
                actor=request.user, questionnaire=questionnaire, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The question was added."))
            return redirect("onboarding:questionnaire-edit", questionnaire.pk)
    context = {"questionnaire": questionnaire, "form": form}
    status = 422 if request.method == "POST" else 200
    return render(request, "onboarding/questionnaire_edit.html", context, status=status)


@require_POST
@staff_required("onboarding.add_feedbackrequest")
def feedback_send(request: HttpRequest, client_slug: str) -> HttpResponse:
    client = _client(request, client_slug)
    form = FeedbackSendForm(request.POST, client=client)
    if form.is_valid():
        try:
            offboarding.feedback_send(
                actor=request.user, client=client, contact=form.cleaned_data["contact"]
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The feedback survey was sent."))
    else:
        messages.error(request, _("Choose a contact of this client."))
    return redirect(client)


def feedback_fill(request: HttpRequest, feedback_token: str) -> HttpResponse:
    """The closing survey behind a signed link (no sign-in)."""
    try:
        feedback = offboarding.feedback_from_token(feedback_token)
    except LinkInvalidError:
        return _link_refused(request)
    post = request.method == "POST"
    form = FeedbackForm(request.POST if post else None)
    if post and feedback.answered_at is None and form.is_valid():
        try:
            offboarding.feedback_submit(feedback=feedback, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Thank you for your feedback."))
            return redirect(request.path)
    context = {"feedback": feedback, "form": form, "client": feedback.client}
    status = 422 if post else 200
    return render(request, "onboarding/feedback_fill.html", context, status=status)


@require_POST
@staff_required("onboarding.add_archive")
def client_archive(request: HttpRequest, client_slug: str) -> HttpResponse:
    client = _client(request, client_slug)
    try:
        archive = offboarding.client_archive(actor=request.user, client=client)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(client)
    messages.success(request, _("The account was archived; its export is ready."))
    return redirect("onboarding:archive-download", archive.pk)


@staff_required("onboarding.view_archive")
def archive_download(request: HttpRequest, archive_id: int) -> HttpResponse:
    archive = access_object(request.viewer, Archive, archive_id)
    name = archive.file.name.rsplit("/", 1)[-1]
    return download_response(
        archive.file, filename=name, content_type="application/zip"
    )


@staff_required("onboarding.view_answer")
def answer_download(request: HttpRequest, answer_id: int) -> HttpResponse:
    """A file a contact sent with the questionnaire."""
    answer = access_object(request.viewer, Answer.objects.exclude(file=""), answer_id)
    return download_response(
        answer.file, filename=answer.filename, content_type="application/octet-stream"
    )


@staff_required("onboarding.change_checklisttemplate")
def checklist_template_list(request: HttpRequest) -> HttpResponse:
    templates = checklist_templates.checklist_templates_for_list()
    return render(
        request, "onboarding/checklist_template_list.html", {"templates": templates}
    )


def _template_page(
    request: HttpRequest, template: ChecklistTemplate | None
) -> HttpResponse:
    """The template form and its item rows: GET shows, POST saves the lot."""
    post = request.POST if request.method == "POST" else None
    initial = {}
    rows = []
    if template is not None:
        initial = {
            "name": template.name,
            "kind": template.kind,
            "description": template.description,
            "is_default": template.is_default,
        }
        rows = checklist_templates.checklist_template_rows(template)
    form = ChecklistTemplateForm(post, initial=initial)
    items = TemplateItemFormSet(
        post, initial=rows, prefix="items", form_kwargs={"template": template}
    )
    if post is not None and form.is_valid() and items.is_valid():
        try:
            saved = checklist_templates.checklist_template_save(
                actor=request.user,
                template=template,
                items=template_item_rows(items),
                **form.cleaned_data,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("The template was saved; checklists started from now on use it."),
            )
            return redirect("onboarding:checklist-template-edit", saved.pk)
    context = {"template": template, "form": form, "items": items}
    status = 422 if post is not None else 200
    return render(
        request, "onboarding/checklist_template_form.html", context, status=status
    )


@staff_required("onboarding.add_checklisttemplate")
def checklist_template_create(request: HttpRequest) -> HttpResponse:
    return _template_page(request, None)


@staff_required("onboarding.change_checklisttemplate")
def checklist_template_edit(
    request: HttpRequest, checklist_template_id: int
) -> HttpResponse:
    template = access_object(
        request.viewer,
        checklist_templates.checklist_template_for_edit(),
        checklist_template_id,
        action="change",
    )
    return _template_page(request, template)


@require_POST
@staff_required("onboarding.delete_checklisttemplate")
def checklist_template_delete(
    request: HttpRequest, checklist_template_id: int
) -> HttpResponse:
    template = access_object(
        request.viewer, ChecklistTemplate, checklist_template_id, action="delete"
    )
    try:
        checklist_templates.checklist_template_delete(
            actor=request.user, template=template
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("onboarding:checklist-template-edit", template.pk)
    messages.success(request, _("The template was deleted."))
    return redirect("onboarding:checklist-template-list")
