"""Mail to one person about their account (invitation, password reset),
written in their language and timezone.

People sits below ``comms`` and cannot import its outbox, so comms registers
its outbox as the sender when it loads (``register_sender``): the mail is then
a row written in the caller's transaction and delivered by the worker with
retries, like every other mail. Without comms installed it goes through
Django's ``send_mail`` once the transaction commits."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string

from agencydesk.core.i18n import for_recipient

Sender = Callable[..., Any]
_sender: list[Sender] = []


def register_sender(send: Sender) -> None:
    """Use ``send(to=[...], subject=..., text=..., ref=...)`` for account mail."""
    _sender[:] = [send]


def _send_on_commit(*, to: list[str], subject: str, text: str, ref: str) -> None:
    transaction.on_commit(
        lambda: send_mail(subject, text, None, to, fail_silently=False), robust=True
    )


def account_mail_send(
    *, person: Any, template: str, context: Mapping[str, Any], ref: str
) -> None:
    """Render ``<template>_subject.txt`` and ``<template>.txt`` as ``person``
    reads them and hand the mail to the sender."""
    with for_recipient(person):
        subject = render_to_string(f"{template}_subject.txt", dict(context))
        text = render_to_string(f"{template}.txt", dict(context))
    send = _sender[0] if _sender else _send_on_commit
    send(to=[person.email], subject=" ".join(subject.split()), text=text, ref=ref)
