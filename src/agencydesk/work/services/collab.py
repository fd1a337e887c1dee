"""Working on one task together: comments that mention people, and files.

A mention is ``@`` and a person's e-mail address or the part before its
``@`` (``@ana`` or ``@ana@agency.test``), among the people who work for the
task's client: its team, the project's owner, the task's owner and
collaborators. A handle that names someone else of the agency is refused with
the handle named; one that names nobody is plain text (``@home``)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from agencydesk.core.access import require_actor
from agencydesk.core.files import check_uploads, read_upload
from agencydesk.core.notifications import notify
from agencydesk.core.timeline import timeline_record
from agencydesk.people.models import User

from ..errors import CommentEmptyError, MentionOutsideTeamError
from ..models import Task, TaskComment, TaskFile
from ._shared import lock_task

# "@" not inside a word or an address, then a local part, optionally "@domain".
_HANDLE = re.compile(
    r"(?<![\w@.+-])@([\w.+-]+(?:@[\w-]+(?:\.[\w-]+)+)?)", flags=re.UNICODE
)
# Characters a comment never keeps: NUL and other controls but tab and newline.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_MENTIONS = 20


def mention_handles(text: str) -> list[str]:
    """The @handles of a text, lower-cased, once each, in order."""
    seen: list[str] = []
    for match in _HANDLE.finditer(text):
        handle = match.group(1).rstrip(".-").lower()
        if handle and handle not in seen:
            seen.append(handle)
    return seen


def _named_by(person: User, handle: str) -> bool:
    email = person.email.lower()
    return email == handle if "@" in handle else email.split("@", 1)[0] == handle


def task_people(task: Task) -> list[User]:
    """Who may be mentioned on a task: the client's team, the project's owner,
    the task's owner and collaborators, active staff only (one query)."""
    return list(
        User.objects.filter(is_active=True, is_staff=True, integration="")
        .filter(
            Q(client_teams__client_id=task.project.client_id)
            | Q(pk__in=[task.project.owner_id, task.owner_id])
            | Q(collaborating_tasks=task)
        )
        .distinct()
        .order_by("full_name", "pk")
    )


def _resolve_mentions(task: Task, handles: Iterable[str]) -> list[User]:
    handles = list(handles)[:MAX_MENTIONS]
    if not handles:
        return []
    team = task_people(task)
    mentioned: list[User] = []
    missing: list[str] = []
    for handle in handles:
        # A short handle two people share names neither: write the address.
        found = [person for person in team if _named_by(person, handle)]
        if len(found) == 1:
            if found[0] not in mentioned:
                mentioned.append(found[0])
        elif not found:
            missing.append(handle)
    outside = _agency_people_named(missing)
    if outside:
        raise MentionOutsideTeamError(outside)
    return mentioned


def _agency_people_named(handles: list[str]) -> list[str]:
    """Which of ``handles`` name a person of the agency (one query)."""
    if not handles:
        return []
    match = Q()
    for handle in handles:
        if "@" in handle:
            match |= Q(email__iexact=handle)
        else:
            match |= Q(email__istartswith=f"{handle}@")
    emails = [
        email.lower()
        for email in User.objects.filter(
            match, is_staff=True, is_active=True, integration=""
        ).values_list("email", flat=True)[:100]
    ]
    return [
        handle
        for handle in handles
        if any(
            email == handle if "@" in handle else email.split("@", 1)[0] == handle
            for email in emails
        )
    ]


@transaction.atomic
def task_comment_add(
    *, actor: Any, task: Task, body: str, is_internal: bool = True
) -> TaskComment:
    """Comment on a task; each person it mentions (of the client's team) is
    told, in their language, and by e-mail when they asked for it. Nobody is
    told of their own mention."""
    require_actor(actor, "work.change_task")
    body = _CONTROLS.sub("", body or "").strip()
    if not body:
        raise CommentEmptyError
    task = lock_task(task)
    mentioned = _resolve_mentions(task, mention_handles(body))
    comment = TaskComment.objects.create(
        task=task,
        author=actor if getattr(actor, "pk", None) else None,
        body=body,
        # Tasks are staff-only, so every page offers internal comments only;
        # the flag is there for when the portal shows tasks.
        is_internal=is_internal,
    )
    if mentioned:
        comment.mentions.set(mentioned)
    timeline_record(
        actor=actor,
        client_id=task.project.client_id,
        verb="task.commented",
        target=task,
        data={"mentions": ", ".join(p.display_name for p in mentioned) or "—"},
    )
    author = getattr(actor, "display_name", "") or _("Someone")
    for person in mentioned:
        if getattr(actor, "pk", None) == person.pk:
            continue
        notify(
            recipient=person,
            verb="work.mention",
            title=lambda author=author: (
                _("%(author)s mentioned you on the task %(task)s")
                % {"author": author, "task": task}
            ),
            body=body[:500],
            url=task.get_absolute_url(),
        )
    return comment


@transaction.atomic
def task_file_add(*, actor: Any, task: Task, upload: Any) -> TaskFile:
    """Attach a file to a task (type and size limits as ticket attachments;
    refused before anything is stored)."""
    require_actor(actor, "work.change_task")
    check_uploads([upload])
    task = lock_task(task)
    read = read_upload(upload)
    stored = TaskFile(
        task=task,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
        filename=read.name,
        content_type=read.content_type,
        size=read.size,
        sha256=read.sha256,
    )
    stored.file.save(read.name, read.as_content(), save=False)
    stored.save()
    timeline_record(
        actor=actor,
        client_id=task.project.client_id,
        verb="task.file_added",
        target=task,
        data={"file": read.name},
    )
    return stored
