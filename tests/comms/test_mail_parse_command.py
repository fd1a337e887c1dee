"""`agencydesk mail parse`: the diagnostic command, run for real."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from agencydesk.comms.management.commands import mail as mail_command

CORPUS = Path(__file__).parent / "corpus"
AGENCYDESK = Path(sys.executable).parent / "agencydesk"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_SHA256 = hashlib.sha256(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
    )
).hexdigest()

RUSSIAN_CONTRACT = {
    "from": {"name": "Мария Смирнова", "email": "maria@medvedev-honey.example"},
    "to": [{"name": "", "email": "desk@agency.example"}],
    "cc": [],
    "subject": "Договор во вложении",
    "date": "2025-03-12T08:00:00+00:00",
    "message_id": "ru-16@medvedev-honey.example",
    "in_reply_to": None,
    "references": [],
    "text": "Договор во вложении.",
    "html": None,
    "attachments": [
        {
            "filename": "Договор № 17.pdf",
            "content_type": "application/pdf",
            "size": len(PDF),
            "sha256": hashlib.sha256(PDF).hexdigest(),
        }
    ],
    "auto_submitted": False,
    "defects": [],
}
RUSSIAN_LOGO = {
    "from": {"name": "Иван Петров", "email": "ivan@medvedev-honey.example"},
    "to": [{"name": "", "email": "desk@agency.example"}],
    "cc": [],
    "subject": "Новый логотип",
    "date": "2025-03-14T07:00:00+00:00",
    "message_id": "ru-20@medvedev-honey.example",
    "in_reply_to": None,
    "references": [],
    "text": "Вот новый логотип:\n[logo]",
    "html": (
        "<p>Вот новый логотип:</p>"
        '<p><img src="cid:logo20@medvedev-honey.example" alt="logo"></p>'
    ),
    "attachments": [
        {
            "filename": "logo.png",
            "content_type": "image/png",
            "size": 66,
            "sha256": PNG_SHA256,
        }
    ],
    "auto_submitted": False,
    "defects": [],
}
CHINESE_REPLY_WITHOUT_ID = {
    "from": {"name": "", "email": "zhangwei@lotus-tea.example"},
    "to": [{"name": "", "email": "desk@agency.example"}],
    "cc": [],
    "subject": "没有编号",
    "date": "2025-03-16T02:00:00+00:00",
    "message_id": None,
    "in_reply_to": None,
    "references": [],
    "text": "这封邮件没有 Message-ID。",
    "html": None,
    "attachments": [],
    "auto_submitted": False,
    "defects": ["missing Message-ID header"],
}


def run_parse(*args: str) -> tuple[str, str]:
    stdout, stderr = StringIO(), StringIO()
    call_command("mail", "parse", *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def test_parse_prints_one_json_document_per_file():
    stdout, stderr = run_parse(
        str(CORPUS / "16_rfc2231_ru_filename.eml"),
        str(CORPUS / "20_related_inline_image_ru.eml"),
        str(CORPUS / "27_no_message_id.eml"),
        "--json",
    )

    assert [json.loads(line) for line in stdout.splitlines()] == [
        RUSSIAN_CONTRACT,
        RUSSIAN_LOGO,
        CHINESE_REPLY_WITHOUT_ID,
    ]
    assert stderr == ""


def test_parse_of_a_message_it_cannot_fully_read_still_prints_json():
    stdout, _ = run_parse(str(CORPUS / "29_truncated_multipart.eml"), "--json")

    document = json.loads(stdout)
    assert document["defects"] == ["mime: close boundary not found"]
    assert document["attachments"][0]["filename"] == "cut.pdf"


def test_parse_without_json_prints_a_summary():
    stdout, _ = run_parse(str(CORPUS / "36_dsn_bounce.eml"))

    assert stdout.splitlines()[:9] == [
        f"== {CORPUS / '36_dsn_bounce.eml'}",
        "From:       Mail Delivery System <mailer-daemon@mx.agency.example>",
        "To:         desk@agency.example",
        "Cc:         ",
        "Subject:    Undelivered Mail Returned to Sender",
        "Date:       2025-03-19T10:00:00+00:00",
        "Message-ID: dsn-36@mx.agency.example",
        "Automatic:  dsn",
        "Attachment: attachment-1.txt (message/delivery-status, 170 bytes)",
    ]


def test_unreadable_file_is_reported_and_the_others_still_print(tmp_path):
    missing = tmp_path / "missing.eml"
    stdout, stderr = StringIO(), StringIO()

    with pytest.raises(CommandError) as raised:
        call_command(
            "mail",
            "parse",
            str(missing),
            str(CORPUS / "27_no_message_id.eml"),
            "--json",
            stdout=stdout,
            stderr=stderr,
        )

    assert raised.value.returncode == 1
    assert stderr.getvalue() == (
        f"mail parse: cannot read {missing}: No such file or directory\n"
    )
    assert json.loads(stdout.getvalue()) == CHINESE_REPLY_WITHOUT_ID


def _cli(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "agencydesk.settings",
        "AGENCYDESK_VAR_DIR": str(tmp_path),
    }
    return subprocess.run(
        [str(AGENCYDESK), "mail", "parse", *args],
        capture_output=True,
        env=environment,
        check=False,
        timeout=60,
    )


def test_installed_command_prints_json_and_exits_0(tmp_path):
    result = _cli(
        str(CORPUS / "16_rfc2231_ru_filename.eml"), "--json", tmp_path=tmp_path
    )

    assert result.returncode == 0
    assert json.loads(result.stdout.decode("utf-8")) == RUSSIAN_CONTRACT


def test_installed_command_exits_1_on_an_unreadable_file(tmp_path):
    directory = tmp_path / "a-directory.eml"
    directory.mkdir()

    result = _cli(str(directory), "--json", tmp_path=tmp_path)

    assert result.returncode == 1
    assert result.stdout == b""
    assert result.stderr.decode("utf-8").splitlines() == [
        f"mail parse: cannot read {directory}: Is a directory",
        "CommandError: Some files could not be read.",
    ]


def test_command_works_without_the_ingest_module(monkeypatch):
    monkeypatch.setattr(mail_command, "_ingest_module", lambda: None)

    stdout, _ = run_parse(str(CORPUS / "27_no_message_id.eml"), "--json")
    with pytest.raises(CommandError) as raised:
        call_command("mail", "ingest")

    assert json.loads(stdout) == CHINESE_REPLY_WITHOUT_ID
    assert "invalid choice: 'ingest'" in str(raised.value)


def test_ingest_hook_hands_options_and_exit_status_to_the_intake_module(monkeypatch):
    calls = []

    def add_arguments(parser):
        parser.add_argument("--maildir")

    def handle(options, stdout, stderr):
        calls.append(options["maildir"])
        stdout.write("ingested 0 messages")
        return 3

    intake = SimpleNamespace(add_arguments=add_arguments, handle=handle)
    monkeypatch.setattr(mail_command, "_ingest_module", lambda: intake)
    stdout = StringIO()

    with pytest.raises(CommandError) as raised:
        call_command("mail", "ingest", "--maildir", "/srv/mail", stdout=stdout)

    assert calls == ["/srv/mail"]
    assert stdout.getvalue() == "ingested 0 messages\n"
    assert raised.value.returncode == 3
