"""Working on one task together: comments with @mentions, files, and their
place on the task's history."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from agencydesk.comms.models import OutboundMessage
from agencydesk.core.models import Agency, Event, Notification
from agencydesk.people.roles import Role
from agencydesk.work import services
from agencydesk.work.models import TaskComment, TaskFile
from agencydesk.work.services.collab import mention_handles

from ..factories.people import make_staff
from .factories import make_project, make_task, on_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(client_a, manager):
    return make_task(make_project(client_a, manager), "Write the launch post")


@pytest.fixture
def writer(client_a):
    person = make_staff(
        Role.SPECIALIST, full_name="Rina Writer", email="rina@agency.test"
    )
    person.language = "ru"
    person.save()
    on_team(client_a, person)
    return person


def test_handles_are_read_from_the_text():
    text = "@rina and @Budi@Agency.test, not mail@host.test nor @@x; @rina again."
    assert mention_handles(text) == ["rina", "budi@agency.test"]


def test_a_mention_notifies_the_person_in_their_language_and_not_the_author(
    task, manager, writer, as_user, django_capture_on_commit_callbacks
):
    on_team(task.project.client, manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(manager).post(
            reverse("work:comment-add", args=[task.pk]),
            {
                "body": "@rina please draft it; @mira@x.test is nobody. cc @"
                + manager.email
            },
        )
    assert response.status_code == 302
    comment = TaskComment.objects.get()
    assert comment.is_internal
    assert set(comment.mentions.all()) == {writer, manager}
    told = Notification.objects.get()
    assert told.recipient == writer
    # Written in her language (Russian), whoever wrote the comment.
    with translation.override("ru"):
        expected = gettext("%(author)s mentioned you on the task %(task)s") % {
            "author": manager.display_name,
            "task": task.title,
        }
    assert told.title == expected
    assert "Здравствуйте, Rina Writer" in OutboundMessage.objects.get().text
    # She gets it by e-mail too (her profile says so by default).
    assert [m.to for m in OutboundMessage.objects.all()] == [[writer.email]]
    page = as_user(manager).get(task.get_absolute_url()).content.decode()
    assert "please draft it" in page
    assert Event.objects.filter(verb="task.commented").count() == 1


def test_a_comment_is_shown_escaped(task, manager, as_user):
    url = reverse("work:comment-add", args=[task.pk])
    assert as_user(manager).post(url, {"body": "a\x00b"}).status_code == 422
    as_user(manager).post(url, {"body": "<script>alert(1)</script> ok"})
    page = as_user(manager).get(task.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; ok" in page


def test_a_mention_outside_the_clients_team_is_refused_clearly(task, manager, as_user):
    make_staff(Role.SPECIALIST, full_name="Olga Outside", email="olga@agency.test")
    response = as_user(manager).post(
        reverse("work:comment-add", args=[task.pk]), {"body": "@olga look"}
    )
    assert response.status_code == 422
    assert "@olga cannot be mentioned" in response.content.decode()
    assert not TaskComment.objects.exists()
    assert not Notification.objects.exists()


def test_an_empty_comment_is_refused(task, manager, as_user):
    response = as_user(manager).post(
        reverse("work:comment-add", args=[task.pk]), {"body": "   "}
    )
    assert response.status_code == 422
    assert not TaskComment.objects.exists()


def test_a_file_is_attached_and_downloaded(task, manager, specialist, as_user):
    on_team(task.project.client, specialist)
    upload = SimpleUploadedFile("brief.pdf", b"%PDF-1.4 brief", "application/pdf")
    response = as_user(manager).post(
        reverse("work:file-add", args=[task.pk]), {"upload": upload}
    )
    assert response.status_code == 302
    stored = TaskFile.objects.get()
    assert (stored.filename, stored.size) == ("brief.pdf", 14)
    download = as_user(specialist).get(
        reverse("work:file-download", args=[task.pk, stored.pk])
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 brief"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in download["Content-Disposition"]
    assert Event.objects.filter(verb="task.file_added").count() == 1


@override_settings(ATTACHMENT_MAX_BYTES=10)
def test_an_oversize_or_forbidden_file_is_refused(task, manager, as_user):
    http = as_user(manager)
    big = http.post(
        reverse("work:file-add", args=[task.pk]),
        {"upload": SimpleUploadedFile("big.pdf", b"x" * 11)},
    )
    assert big.status_code == 422
    assert "larger than the limit" in big.content.decode()
    script = http.post(
        reverse("work:file-add", args=[task.pk]),
        {"upload": SimpleUploadedFile("run.js", b"x")},
    )
    assert script.status_code == 422
    assert "Files of type .js cannot be attached." in script.content.decode()
    assert not TaskFile.objects.exists()


def test_another_clients_staff_get_404_for_files_and_comments(
    client_a, client_b, task, manager, as_user
):
    stored = services.task_file_add(
        actor=manager,
        task=task,
        upload=SimpleUploadedFile("brief.pdf", b"%PDF"),
    )
    Agency.objects.filter(pk=1).update(staff_scope=Agency.StaffScope.OWN_CLIENTS)
    outsider = make_staff(Role.SPECIALIST, full_name="Beta Person")
    on_team(client_b, outsider)
    http = as_user(outsider)
    url = reverse("work:file-download", args=[task.pk, stored.pk])
    assert http.get(url).status_code == 404
    assert (
        http.post(
            reverse("work:comment-add", args=[task.pk]), {"body": "hi"}
        ).status_code
        == 404
    )
    assert (
        http.post(
            reverse("work:file-add", args=[task.pk]),
            {"upload": SimpleUploadedFile("x.pdf", b"x")},
        ).status_code
        == 404
    )
    assert not TaskComment.objects.exists()
    assert TaskFile.objects.count() == 1


def test_a_file_of_another_task_is_404(client_a, task, manager, as_user):
    other = make_task(task.project, "Other")
    stored = services.task_file_add(
        actor=manager, task=other, upload=SimpleUploadedFile("a.pdf", b"%PDF")
    )
    url = reverse("work:file-download", args=[task.pk, stored.pk])
    assert as_user(manager).get(url).status_code == 404
