"""The reply without its quoted history."""

from __future__ import annotations

import re

_ATTRIBUTION = re.compile(
    r"^(?:On\b.{0,300}\bwrote:"
    r"|Pada\b.{0,300}\bmenulis:"
    r"|.{0,300}(?:писал|написал|пишет)(?:\(а\))?:"
    r"|在.{0,300}(?:写道|寫道)\s*[：:]"
    r"|-{2,}\s*(?:Original Message|Pesan Asli|Исходное сообщение"
    r"|Пересылаемое сообщение|原始邮件|原始郵件|Forwarded message)\s*-{2,})\s*$",
    re.I,
)
_OUTLOOK_FROM = re.compile(r"^\*?(?:From|Dari|От|发件人|寄件者)\s*\*?\s*[:：]", re.I)
_OUTLOOK_NEXT = re.compile(
    r"^\*?(?:Sent|Date|To|Dikirim|Tanggal|Kepada|Отправлено|Дата|Кому"
    r"|发送时间|日期|收件人|寄件日期)\s*\*?\s*[:：]",
    re.I,
)


def reply_text(text: str) -> str:
    """The new part of a reply: quoted history and attributions cut off."""
    lines = text.replace("\r\n", "\n").split("\n")
    kept: list[str] = []
    for index, line in enumerate(lines):
        stripped = line.strip()
        joined = (
            f"{stripped} {lines[index + 1].strip()}" if index + 1 < len(lines) else ""
        )
        if _ATTRIBUTION.match(stripped) or (
            joined and stripped[:3] in ("On ", "Pad") and _ATTRIBUTION.match(joined)
        ):
            break
        if _OUTLOOK_FROM.match(stripped) and any(
            _OUTLOOK_NEXT.match(following.strip())
            for following in lines[index + 1 : index + 4]
        ):
            break
        if stripped.startswith(">"):
            continue
        kept.append(line.rstrip())
    result = "\n".join(kept).strip()
    return result or text.strip()
