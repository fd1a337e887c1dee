"""The e-mail parser against the written corpus, hostile HTML, quotes and fuzzing."""

from __future__ import annotations

import base64
import binascii
import codecs
import encodings.aliases
import hashlib
import json
import quopri
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agencydesk.comms import parsing
from agencydesk.comms.parsing import Address, html_to_text, parse, reply_text

CORPUS = Path(__file__).parent / "corpus"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def read(name: str) -> bytes:
    return (CORPUS / f"{name}.eml").read_bytes()


@dataclass(frozen=True)
class E:
    """What the parser must read from one corpus message."""

    sender: tuple[str, str] | None
    subject: str
    text: str
    attachments: tuple[tuple[str, str, int], ...] = ()
    auto: str = ""
    defects: tuple[str, ...] = ()


EXPECTED = {
    "01_plain_utf8_en": E(
        sender=("Jane Cooper", "jane.cooper@northwind.example"),
        subject="Banner on the landing page",
        text=(
            "Hi team,\n"
            "\n"
            "Could you please update the banner on the landing page?\n"
            "\n"
            "Thanks,\n"
            "Jane"
        ),
    ),
    "02_plain_utf8_id_qp": E(
        sender=("Budi Santoso", "budi@kopinusantara.example"),
        subject="Perubahan banner halaman utama",
        text=(
            "Halo tim,\n"
            "\n"
            "Mohon bantuannya untuk memperbarui banne"
            "r di halaman utama sebelum hari Jumat.\n"
            "\n"
            "Terima kasih,\n"
            "Budi — Toko Kopi Nusantara"
        ),
    ),
    "03_plain_utf8_ru_b64": E(
        sender=("Иван Петров", "ivan@medvedev-honey.example"),
        subject="Обновление баннера на сайте",
        text=(
            "Добрый день!\n"
            "\n"
            "Пожалуйста, обновите баннер на главной странице.\n"
            "\n"
            "С уважением,\n"
            "Иван Петров"
        ),
    ),
    "04_plain_utf8_zh_b64": E(
        sender=("张伟", "zhangwei@lotus-tea.example"),
        subject="网站横幅更新",
        text="你好！\n\n请帮忙更新首页的横幅广告，谢谢。\n\n张伟",
    ),
    "05_koi8r_ru": E(
        sender=("Мария Смирнова", "maria@medvedev-honey.example"),
        subject="Счёт за март",
        text=(
            "Здравствуйте!\n"
            "\n"
            "Счёт за март получили, спасибо. Когда будет отчёт?\n"
            "\n"
            "Мария"
        ),
    ),
    "06_cp1251_ru_qp": E(
        sender=("Олег Кузнецов", "oleg@medvedev-honey.example"),
        subject="Перенос запуска",
        text=(
            "Коллеги, добрый вечер.\n"
            "\n"
            "Прошу перенести запуск кампании на вторник.\n"
            "\n"
            "Олег Кузнецов"
        ),
    ),
    "07_gb2312_zh": E(
        sender=("王芳", "wangfang@lotus-tea.example"),
        subject="三月发票确认",
        text="您好：\n\n朱镕先生请我们确认三月的发票。\n\n王芳",
    ),
    "08_gbk_zh": E(
        sender=("李娜", "lina@lotus-tea.example"),
        subject="活动报告",
        text="你好，\n\n附件中的活动报告已收到，我们下周一开会讨论。\n\n李娜",
    ),
    "09_gb18030_zh": E(
        sender=("陈静", "chenjing@lotus-tea.example"),
        subject="海报上的新产品名称",
        text="您好：\n\n新产品名称是「𠀀茶」，请在海报上使用。\n\n陈静",
    ),
    "10_big5_zh": E(
        sender=("林志明", "lin@formosa-design.example"),
        subject="首頁橫幅更新",
        text="您好：\n\n請幫忙更新首頁的橫幅廣告。\n\n林志明",
    ),
    "11_iso2022jp": E(
        sender=("佐藤花子", "sato@sakura.example"),
        subject="バナー更新のお願い",
        text="こんにちは。\n\nバナーの更新をお願いします。\n\n佐藤",
    ),
    "12_latin1": E(
        sender=("José Ramírez", "jose@cafe-andino.example"),
        subject="Relatório de março",
        text="Olá equipe,\n\nO relatório está ótimo. Obrigado, José.",
    ),
    "13_latin2": E(
        sender=("Łukasz Żółć", "lukasz@wisla.example"),
        subject="Zmiana banera",
        text=(
            "Dzień dobry,\n\nproszę o zmianę banera na stronie głównej.\n\nŁukasz Żółć"
        ),
    ),
    "14_latin15": E(
        sender=("Helene Martin", "helene@boulangerie.example"),
        subject="Devis validé : 1 200 €",
        text="Bonjour,\n\nLe devis de 1 200 € est validé. Merci à l'équipe.\n\nHélène",
    ),
    "15_rfc2047_names": E(
        sender=("Siti Rahayu", "siti@kopinusantara.example"),
        subject="Re: Согласование макета и текстов для 微信",
        text="Setuju, lanjutkan.",
    ),
    "16_rfc2231_ru_filename": E(
        sender=("Мария Смирнова", "maria@medvedev-honey.example"),
        subject="Договор во вложении",
        text="Договор во вложении.",
        attachments=(("Договор № 17.pdf", "application/pdf", 45),),
    ),
    "17_rfc2231_zh_continuations": E(
        sender=("李娜", "lina@lotus-tea.example"),
        subject="三月报告",
        text="报告见附件。",
        attachments=(
            (
                "二〇二五年三月活动报告.xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                20,
            ),
        ),
    ),
    "18_alternative_en": E(
        sender=("Mark Hill", "mark@northwind.example"),
        subject="Campaign report feedback",
        text=(
            "The report looks good. Two small fixes:\n"
            "- the logo on page 3\n"
            "- the date in the footer"
        ),
    ),
    "19_mixed_attachments_id": E(
        sender=("Agus Wijaya", "agus@kopinusantara.example"),
        subject="Brief kampanye Ramadan",
        text="Terlampir brief kampanye Ramadan dan daftar toko.",
        attachments=(
            ("brief-ramadan.pdf", "application/pdf", 45),
            ("daftar-toko.csv", "text/csv", 30),
        ),
    ),
    "20_related_inline_image_ru": E(
        sender=("Иван Петров", "ivan@medvedev-honey.example"),
        subject="Новый логотип",
        text="Вот новый логотип:\n[logo]",
        attachments=(("logo.png", "image/png", 66),),
    ),
    "21_forwarded_rfc822_en": E(
        sender=("Mark Hill", "mark@northwind.example"),
        subject="Fwd: Quarterly report",
        text="See the forwarded message.",
        attachments=(("Quarterly report.eml", "message/rfc822", 213),),
    ),
    "22_html_only_hostile_en": E(
        sender=("Promo Bot", "promo@shady.example"),
        subject="Click here",
        text=(
            "Dear customer,\n"
            "your account & invoice are ready.\n"
            "\n"
            "Open this link or the portal.\n"
            "\n"
            "- First item\n"
            "- Second <item>"
        ),
    ),
    "23_html_only_big5_zh": E(
        sender=("", "lin@formosa-design.example"),
        subject="報價單確認",
        text="您好：\n\n請確認報價單。\n\n謝謝\n林志明",
    ),
    "24_no_from": E(
        sender=None,
        subject="Who am I",
        text="A message without a sender.",
        defects=("missing From header",),
    ),
    "25_no_date": E(
        sender=("", "budi@kopinusantara.example"),
        subject="Tanpa tanggal",
        text="Pesan tanpa tanggal.",
        defects=("missing Date header",),
    ),
    "26_garbage_date": E(
        sender=("", "ivan@medvedev-honey.example"),
        subject="Bad date",
        text="Date is garbage.",
        defects=("invalid Date header: 'вчера около полудня'",),
    ),
    "27_no_message_id": E(
        sender=("", "zhangwei@lotus-tea.example"),
        subject="没有编号",
        text="这封邮件没有 Message-ID。",
        defects=("missing Message-ID header",),
    ),
    "28_no_mime_version": E(
        sender=("Олег", "oleg@medvedev-honey.example"),
        subject="Без версии MIME",
        text="Текст без заголовка MIME-Version.",
        defects=("missing MIME-Version header",),
    ),
    "29_truncated_multipart": E(
        sender=("Jane Cooper", "jane.cooper@northwind.example"),
        subject="Truncated upload",
        text="The attachment got cut off.",
        attachments=(("cut.pdf", "application/pdf", 18),),
        defects=("mime: close boundary not found",),
    ),
    "30_bogus_charset": E(
        sender=("Siti Rahayu", "siti@kopinusantara.example"),
        subject="Charset aneh",
        text="Harga naik 5% — mohon konfirmasi.",
        defects=("unknown charset 'x-unknown' in part 1 (text/plain)",),
    ),
    "31_bad_base64": E(
        sender=("Mark Hill", "mark@northwind.example"),
        subject="Broken attachment",
        text="Here is the file.",
        attachments=(("data.bin", "application/octet-stream", 11),),
        defects=("invalid base64 in part 3",),
    ),
    "32_auto_replied_en": E(
        sender=("Jane Cooper", "jane.cooper@northwind.example"),
        subject="Automatic reply: [AD-1042] Banner on the landing page",
        text="I am out of the office until 24 March with limited access to e-mail.",
        auto="auto-submitted",
    ),
    "33_x_autoreply_ru": E(
        sender=("Иван Петров", "ivan@medvedev-honey.example"),
        subject="Автоответ: Обновление баннера",
        text="Я в отпуске до 25 марта. По срочным вопросам пишите Марии.",
        auto="x-autoreply",
    ),
    "34_precedence_bulk_id": E(
        sender=("Buletin Pasar", "buletin@pasar.example"),
        subject="Buletin mingguan: tren pemasaran",
        text="Tren pemasaran minggu ini: video pendek dan siaran langsung.",
        auto="precedence:bulk",
    ),
    "35_ooo_id_autorespond": E(
        sender=("Budi Santoso", "budi@kopinusantara.example"),
        subject="Balasan otomatis: Perubahan banner",
        text="Saya sedang cuti sampai 31 Maret. Untuk hal mendesak hubungi Siti.",
        auto="x-autorespond",
    ),
    "36_dsn_bounce": E(
        sender=("Mail Delivery System", "mailer-daemon@mx.agency.example"),
        subject="Undelivered Mail Returned to Sender",
        text=(
            "This is the mail system at host mx.agency.example.\n"
            "\n"
            "I'm sorry to have to inform you that your message could not\n"
            "be delivered to one or more recipients.\n"
            "\n"
            "<nobody@nowhere.example>: host mx.nowher"
            "e.example said: 550 5.1.1 User unknown"
        ),
        attachments=(
            ("attachment-1.txt", "message/delivery-status", 170),
            ("attachment-2.txt", "text/rfc822-headers", 124),
        ),
        auto="dsn",
    ),
    "37_list_mail": E(
        sender=("Django Announce", "announce@lists.example"),
        subject="[announce] Django 5.2.1 released",
        text="Django 5.2.1 has been released.",
        auto="list",
    ),
    "38_reply_en": E(
        sender=("Jane Cooper", "jane.cooper@northwind.example"),
        subject="Re: [AD-1042] Banner on the landing page",
        text=(
            "Yes, the new banner is approved.\n"
            "\n"
            "Jane\n"
            "\n"
            "On Wed, 19 Mar 2025 at 17:00, Agency Des"
            "k <desk@agency.example> wrote:\n"
            "> Hello Jane,\n"
            ">\n"
            "> The new banner is ready for review."
        ),
    ),
    "39_reply_id": E(
        sender=("Budi Santoso", "budi@kopinusantara.example"),
        subject="Re: [AD-1043] Perubahan banner halaman utama",
        text=(
            "Baik, kami setuju dengan desainnya.\n"
            "\n"
            "Pada Rab, 19 Mar 2025 pukul 16.00, Agenc"
            "y Desk <desk@agency.example>\n"
            "menulis:\n"
            "> Halo Budi,\n"
            "> Desain banner baru sudah siap."
        ),
    ),
    "40_reply_ru": E(
        sender=("Мария Смирнова", "maria@medvedev-honey.example"),
        subject="Re: [AD-1044] Счёт за март",
        text=(
            "Спасибо, счёт оплатим в пятницу.\n"
            "\n"
            "19.03.2025 16:00, Agency Desk пишет:\n"
            "> Добрый день, Мария!\n"
            "> Направляем счёт за март."
        ),
    ),
    "41_reply_zh": E(
        sender=("张伟", "zhangwei@lotus-tea.example"),
        subject="回复：[AD-1045] 网站横幅更新",
        text=(
            "好的，没问题。\n"
            "\n"
            "在 2025年3月19日 16:00，Agency Desk <desk@agency.example> 写道：\n"
            "> 横幅已经更新。"
        ),
    ),
    "42_twelve_attachments": E(
        sender=("Olivia Grant", "olivia@contoso.example"),
        subject="12 files",
        text="Twelve files attached.",
        attachments=(
            ("file-01.txt", "text/plain", 7),
            ("file-02.txt", "text/plain", 14),
            ("file-03.txt", "text/plain", 21),
            ("file-04.txt", "text/plain", 28),
            ("file-05.txt", "text/plain", 35),
            ("file-06.txt", "text/plain", 42),
            ("file-07.txt", "text/plain", 49),
            ("file-08.txt", "text/plain", 56),
            ("file-09.txt", "text/plain", 63),
            ("file-10.txt", "text/plain", 80),
            ("file-11.txt", "text/plain", 88),
            ("file-12.txt", "text/plain", 96),
        ),
    ),
    "43_winmail_dat": E(
        sender=("Outlook User", "user@exchange.example"),
        subject="Meeting notes",
        text="Notes attached.",
        attachments=(("winmail.dat", "application/ms-tnef", 64),),
    ),
    "44_reply_outlook_en": E(
        sender=("Mark Hill", "mark@northwind.example"),
        subject="RE: [AD-1046] Invoice for March",
        text=(
            "Paid today, remittance to follow.\n"
            "\n"
            "-----Original Message-----\n"
            "From: Agency Desk <desk@agency.example>\n"
            "Sent: Thursday, March 20, 2025 4:00 PM\n"
            "Subject: [AD-1046] Invoice for March\n"
            "\n"
            "Please find the invoice attached."
        ),
    ),
    "45_raw_8bit_headers": E(
        sender=("Сергей Волков", "sergey@medvedev-honey.example"),
        subject="新品上市 — запуск",
        text="Проверка заголовков без кодирования.",
        defects=("8-bit header decoded as 'windows-1251'",),
    ),
    "46_postmaster_sender": E(
        sender=("", "postmaster@lotus-tea.example"),
        subject="系统通知",
        text="邮箱容量已满。",
        auto="mailer-daemon",
    ),
    "47_delivered_to_reply_to": E(
        sender=("Siti Rahayu", "siti@kopinusantara.example"),
        subject="Pertanyaan tentang laporan",
        text="Apakah laporan bulan ini sudah siap?",
    ),
    "48_mixed_inline_text_parts_en": E(
        sender=("Jane Cooper", "jane.cooper@northwind.example"),
        subject="Screenshot of the bug",
        text="The menu overlaps the logo:\n\nIt happens only on mobile.",
        attachments=(("attachment-1.png", "image/png", 66),),
    ),
    "49_html_only_cp1251_ru": E(
        sender=("Олег Кузнецов", "oleg@medvedev-honey.example"),
        subject="Макет рассылки",
        text="Коллеги,\nмакет рассылки готов.\n\nЖду «ОК».",
    ),
    "50_empty": E(
        sender=None,
        subject="",
        text="",
        defects=(
            "missing From header",
            "missing Date header",
            "missing Message-ID header",
        ),
    ),
    "51_utf7_fr": E(
        sender=("Helene Martin", "helene@boulangerie.example"),
        subject="Devis validé ✓",
        text="Bonjour,\n\nLe devis de 1 200 € est validé ✓ — merci.\n\nHélène",
    ),
    "52_uuencode_attachments_id": E(
        sender=("Agus Wijaya", "agus@kopinusantara.example"),
        subject="Lampiran lama",
        text="Dua lampiran dari program surat lama.",
        attachments=(
            ("brief.pdf", "application/pdf", 45),
            ("daftar-toko.csv", "text/csv", 31),
        ),
    ),
    "53_html_parts_around_image_en": E(
        sender=("Jane Cooper", "jane.cooper@northwind.example"),
        subject="Banner draft with a picture",
        text="Here is the banner draft:\nCould the logo be larger?\n\nJane",
        attachments=(("draft.png", "image/png", 66),),
    ),
    "54_inline_named_text_parts_ru": E(
        sender=("Иван Петров", "ivan@medvedev-honey.example"),
        subject="Текст письма",
        text="Добрый день!\nТекст письма в части с именем.",
        attachments=(("notes.txt", "text/plain", 37),),
    ),
    "55_pgp_signed_en": E(
        sender=("Mark Hill", "mark@northwind.example"),
        subject="Signed approval",
        text="Approved, go ahead with the launch.\n\nMark",
    ),
    "56_smime_signed_id": E(
        sender=("Siti Rahayu", "siti@kopinusantara.example"),
        subject="Kontrak bertanda tangan",
        text="Kontrak terlampir.",
        attachments=(("kontrak.pdf", "application/pdf", 45),),
    ),
}


def test_corpus_covers_the_issue_with_forty_small_messages():
    files = sorted(path.stem for path in CORPUS.glob("*.eml"))

    assert files == sorted(EXPECTED)
    assert len(files) >= 40
    assert sum(path.stat().st_size for path in CORPUS.glob("*.eml")) < 2_000_000


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_parse_reads_each_corpus_message(name):
    expected = EXPECTED[name]

    message = parse(read(name))

    sender = (message.from_.name, message.from_.email) if message.from_ else None
    assert sender == expected.sender
    assert message.subject == expected.subject
    assert message.text == expected.text
    assert [(a.filename, a.content_type, a.size) for a in message.attachments] == list(
        expected.attachments
    )
    assert message.auto_reason == expected.auto
    assert message.auto_submitted is bool(expected.auto)
    assert message.defects == list(expected.defects)


def test_address_headers_are_decoded_and_lower_cased():
    message = parse(read("15_rfc2047_names"))

    assert message.from_ == Address("Siti Rahayu", "siti@kopinusantara.example")
    assert message.to == [
        Address("Иван Петров", "ivan@medvedev-honey.example"),
        Address("张伟", "zhangwei@lotus-tea.example"),
    ]
    assert message.cc == [
        Address("Agus Wijaya", "agus@kopinusantara.example"),
        Address("", "plain@agency.example"),
    ]


def test_envelope_recipients_and_reply_to_are_read():
    message = parse(read("47_delivered_to_reply_to"))

    assert message.delivered_to == [
        "desk+ad-1042-ab12@agency.example",
        "desk@agency.example",
        "support@agency.example",
    ]
    assert message.reply_to == [
        Address("Tim Pemasaran", "marketing@kopinusantara.example")
    ]


def test_threading_headers_lose_their_angle_brackets():
    message = parse(read("38_reply_en"))

    assert message.message_id == "reply-38@northwind.example"
    assert message.in_reply_to == "ad-1042.3@agency.example"
    assert message.references == [
        "en-01@northwind.example",
        "ad-1042.3@agency.example",
    ]


def test_date_is_aware_and_in_utc():
    message = parse(read("03_plain_utf8_ru_b64"))

    assert message.date == datetime(2025, 3, 5, 9, 30, tzinfo=UTC)
    assert message.date.utcoffset().total_seconds() == 0


def test_json_has_exactly_the_shape_of_the_issue():
    data = parse(read("19_mixed_attachments_id")).as_json()

    assert list(data) == [
        "from",
        "to",
        "cc",
        "subject",
        "date",
        "message_id",
        "in_reply_to",
        "references",
        "text",
        "html",
        "attachments",
        "auto_submitted",
        "defects",
    ]
    assert data["date"] == "2025-03-13T03:00:00+00:00"
    assert data["attachments"][0] == {
        "filename": "brief-ramadan.pdf",
        "content_type": "application/pdf",
        "size": len(PDF),
        "sha256": hashlib.sha256(PDF).hexdigest(),
    }


def test_attachment_content_is_decoded_with_its_digest():
    attachment = parse(read("16_rfc2231_ru_filename")).attachments[0]

    assert attachment.filename == "Договор № 17.pdf"
    assert attachment.content == PDF
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    assert attachment.is_inline is False
    assert attachment.content_id is None


def test_winmail_dat_stays_a_plain_attachment():
    attachment = parse(read("43_winmail_dat")).attachments[0]

    assert attachment.content == b"\x78\x9f\x3e\x22" + bytes(range(60))


def test_hostile_html_is_sanitised():
    message = parse(read("22_html_only_hostile_en"))

    assert message.html == (
        "<p>Dear customer,<br>your account &amp; invoice are ready.</p>\n"
        '<div>Open <a rel="noopener noreferrer">this link</a> or '
        '<a href="https://example.com/x" rel="noopener noreferrer">the portal</a>.'
        "</div>\n\n<ul><li>First&nbsp;item</li><li>Second &lt;item&gt;</li></ul>"
        '\n\n<img src="x">'
    )
    for hostile in ("script", "onclick", "onload", "onerror", "javascript:", "iframe"):
        assert hostile not in message.html


def test_inline_image_keeps_its_cid_reference():
    message = parse(read("20_related_inline_image_ru"))

    assert message.html == (
        "<p>Вот новый логотип:</p>"
        '<p><img src="cid:logo20@medvedev-honey.example" alt="logo"></p>'
    )
    [image] = message.attachments
    assert (image.filename, image.is_inline, image.content_id) == (
        "logo.png",
        True,
        "logo20@medvedev-honey.example",
    )
    assert image.content.startswith(b"\x89PNG\r\n\x1a\n")


def test_forwarded_message_is_an_eml_attachment_of_the_inner_message():
    [forwarded] = parse(read("21_forwarded_rfc822_en")).attachments

    inner = parse(forwarded.content)

    assert forwarded.filename == "Quarterly report.eml"
    assert inner.subject == "Quarterly report"
    assert inner.from_ == Address("Olivia Grant", "olivia@contoso.example")
    assert inner.text == "Please find the numbers below."


def test_html_to_text_keeps_breaks_and_unescapes_entities():
    markup = (
        "<html><head><title>x</title></head><body><p>One&amp;two\n  words"
        "<br/>next</p><div>block</div><ol><li>a</li><li>b</li></ol>"
        "<script>var a = 1 < 2;</script>5 &lt; 6</body></html>"
    )

    assert html_to_text(markup) == "One&two words\nnext\n\nblock\n\n- a\n- b\n5 < 6"


def test_binary_codec_named_as_charset_is_an_unknown_charset():
    raw = b"From: a@b.example\nContent-Type: text/plain; charset=base64\n\nhello\n"

    message = parse(raw)

    assert message.text == "hello"
    assert "unknown charset 'base64' in part 1 (text/plain)" in message.defects


def test_a_failing_step_becomes_a_defect_and_keeps_the_other_fields(monkeypatch):
    def broken(value):
        raise RuntimeError("clock on fire")

    monkeypatch.setattr(parsing.headers, "parsedate_to_datetime", broken)

    message = parse(read("01_plain_utf8_en"))

    assert message.date is None
    assert message.defects == ["could not read Date: RuntimeError: clock on fire"]
    assert message.subject == "Banner on the landing page"
    assert message.text.startswith("Hi team,")


@pytest.mark.parametrize(
    ("name", "reply"),
    [
        ("38_reply_en", "Yes, the new banner is approved.\n\nJane"),
        ("39_reply_id", "Baik, kami setuju dengan desainnya."),
        ("40_reply_ru", "Спасибо, счёт оплатим в пятницу."),
        ("41_reply_zh", "好的，没问题。"),
        ("44_reply_outlook_en", "Paid today, remittance to follow."),
    ],
)
def test_reply_text_cuts_the_quoted_history_of_corpus_replies(name, reply):
    assert reply_text(parse(read(name)).text) == reply


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        (
            "Fine.\n\nOn Mon, 3 Mar 2025 at 10:00, Desk <desk@agency.example>\n"
            "wrote:\n> old",
            "Fine.",
        ),
        ("Oke.\n\nPada Sen, 3 Mar 2025, Desk menulis:\n> lama", "Oke."),
        (
            "Да.\n\nПн, 3 марта 2025 г. в 10:00, Иван <i@x.example> написал(а):\n"
            "> старое",
            "Да.",
        ),
        ("Хорошо.\n\nИван Петров писал(а):\n> старое", "Хорошо."),
        ("好。\n\n在 2025年3月3日 周一 10:00，Desk 写道:\n> 旧的", "好。"),
        (
            "ok\n\n------------------ 原始邮件 ------------------\n发件人: x\n",
            "ok",
        ),
        ("Siap.\n\nDari: Desk <d@x.example>\nDikirim: Senin\n\nlama", "Siap."),
        ("Готово.\n\nОт: Desk\nОтправлено: 3 марта\n\nстарое", "Готово."),
        ("First\n> quoted one\nSecond\n> quoted two\n", "First\nSecond"),
        ("No history here.\n", "No history here."),
    ],
)
def test_reply_text_cuts_quoted_history_in_four_languages(text, reply):
    assert reply_text(text) == reply


def test_reply_text_keeps_a_message_that_is_all_quote():
    assert reply_text("> only a quote\n") == "> only a quote"


# --- fuzzing ----------------------------------------------------------------------

SEEDS = [path.read_bytes() for path in sorted(CORPUS.glob("*.eml"))]
TOKENS = [
    b"=?",
    b"?=",
    b"=?utf-8?B?",
    b"=?koi8-r?Q?=F0",
    b"charset=x-bogus",
    b"charset=utf-16",
    b"boundary=",
    b"--",
    b"\n\n",
    b"\r\n",
    b"\n ",
    b"Content-Type: multipart/mixed; boundary=z\n",
    b"Content-Transfer-Encoding: base64\n",
    b"Content-Type: message/rfc822\n",
    b"filename*0*=gb18030''%B6",
    b"Date: 99 Foo 99999 99:99:99 +9999\n",
    b"\xff\xfe",
    b"\x00",
    b"<",
    b"=",
]


@st.composite
def mutated_messages(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 8))):
        position = draw(st.integers(0, len(data)))
        operation = draw(st.sampled_from(["flip", "insert", "delete", "cut", "dup"]))
        if operation == "flip" and data:
            index = min(position, len(data) - 1)
            data[index] = draw(st.integers(0, 255))
        elif operation == "insert":
            token = draw(st.one_of(st.sampled_from(TOKENS), st.binary(max_size=16)))
            data[position:position] = token
        elif operation == "delete":
            del data[position : position + draw(st.integers(1, 64))]
        elif operation == "cut":
            del data[position:]
        else:
            data[position:position] = data[position : position + 80]
    return bytes(data)


@settings(max_examples=300, deadline=None)
@given(st.one_of(mutated_messages(), st.binary(max_size=4000)))
def test_parse_never_raises_and_always_gives_json(raw):
    message = parse(raw)

    encoded = json.dumps(message.as_json(), ensure_ascii=False).encode("utf-8")
    assert json.loads(encoded) == message.as_json()
    assert all(isinstance(defect, str) for defect in message.defects)


def test_deeply_nested_multipart_becomes_a_defect():
    raw = b"From: a@b.example\n"
    for level in range(60):
        raw += f'Content-Type: multipart/mixed; boundary="b{level}"\n\n'.encode()
        raw += f"--b{level}\n".encode()
    raw += b"Content-Type: text/plain\n\ndeep\n"

    message = parse(raw)

    assert "MIME tree deeper than 40 parts" in message.defects
    assert message.text == ""


def test_base64_body_with_bad_padding_is_read_with_a_defect():
    body = base64.b64encode("Привет".encode()).rstrip(b"=")[:-1]
    raw = (
        b"From: a@b.example\nContent-Type: text/plain; charset=utf-8\n"
        b"Content-Transfer-Encoding: base64\n\n" + body + b"\n"
    )

    message = parse(raw)

    assert message.text == "Приве\ufffd"
    assert message.defects == [
        "missing Date header",
        "missing Message-ID header",
        "missing MIME-Version header",
        "invalid base64 in part 1",
        "undecodable bytes in part 1 (text/plain) (charset 'utf-8')",
    ]


def test_multipart_without_boundary_is_read_as_text():
    raw = (
        b"From: a@b.example\nContent-Type: multipart/mixed\n\n"
        b"--x\nContent-Type: text/plain\n\nhi\n--x--\n"
    )

    message = parse(raw)

    assert message.text == "--x\nContent-Type: text/plain\n\nhi\n--x--"
    assert message.attachments == []
    assert message.defects == [
        "mime: no boundary in multipart",
        "mime: multipart invariant violation",
        "missing Date header",
        "missing Message-ID header",
        "missing MIME-Version header",
    ]


# --- charsets, transfer encodings, body parts, signatures (issue 11, item 8) ----


def _text_codecs() -> list[str]:
    """Every text codec Python knows, once each, by its canonical name."""
    names = set()
    for alias in {*encodings.aliases.aliases, *encodings.aliases.aliases.values()}:
        try:
            info = codecs.lookup(alias)
        except LookupError:
            continue
        if getattr(info, "_is_text_encoding", True):
            names.add(info.name)
    return sorted(names)


SAMPLES = [
    "Hello — café ✓ 你好 Привет",
    "Привет, мир",
    "你好，世界",
    "こんにちは",
    "안녕하세요",
    "Γειά σου",
    "שלום",
    "مرحبا",
    "สวัสดี",
    "Olá, café",
    "Hello",
]


def _sample_for(charset: str) -> str:
    for sample in SAMPLES:
        try:
            if sample.encode(charset).decode(charset) == sample:
                return sample
        except (UnicodeError, LookupError):
            continue
    raise AssertionError(charset)


@pytest.mark.parametrize("charset", _text_codecs())
@pytest.mark.parametrize("transfer", ["base64", "quoted-printable", "8bit"])
def test_every_charset_python_knows_is_read_in_body_and_subject(charset, transfer):
    sample = _sample_for(charset)
    data = sample.encode(charset)
    body = {
        "base64": base64.encodebytes,
        "quoted-printable": lambda data: quopri.encodestring(data),
        "8bit": lambda data: data,
    }[transfer](data)
    word = base64.b64encode(data).decode()
    raw = (
        f"From: a@b.example\r\nSubject: =?{charset}?B?{word}?=\r\n"
        f"MIME-Version: 1.0\r\nContent-Type: text/plain; charset={charset}\r\n"
        f"Content-Transfer-Encoding: {transfer}\r\n\r\n"
    ).encode() + body

    message = parse(raw)

    assert (message.subject, message.text) == (sample, sample)
    assert not [defect for defect in message.defects if "charset" in defect]


@pytest.mark.parametrize(
    "label", ["unicode-1-1-utf-7", "csUTF7", "x-unicode-2-0-utf-7", "x-mac-cyrillic"]
)
def test_charset_labels_of_other_mailers_are_known(label):
    text = "Привет — ✓" if "utf-7" in label.lower() else "Привет"
    codec = "utf-7" if "utf" in label.lower() else "mac-cyrillic"
    raw = (
        f"From: a@b.example\nContent-Type: text/plain; charset={label}\n\n".encode()
        + text.encode(codec)
    )

    message = parse(raw)

    assert message.text == text
    assert not [defect for defect in message.defects if "charset" in defect]


def test_uuencoded_parts_are_decoded_with_their_begin_line_name():
    attachments = parse(read("52_uuencode_attachments_id")).attachments

    assert [(a.filename, a.content) for a in attachments] == [
        ("brief.pdf", PDF),
        ("daftar-toko.csv", b"kota,toko\nJakarta,12\nBandung,7\n"),
    ]


def test_broken_uuencode_is_read_as_far_as_it_goes_with_a_defect():
    good = binascii.b2a_uu(b"hello uu").rstrip(b"\n")
    raw = (
        b"From: a@b.example\nContent-Type: application/octet-stream\n"
        b"Content-Transfer-Encoding: x-uuencode\n\nbegin 600 a.bin\n"
        + good
        + b"\n\x7f\x7f\x7f\nend\n"
    )

    [attachment] = parse(raw).attachments

    assert attachment.content == b"hello uu"
    assert "invalid uuencoded lines in part 1" in parse(raw).defects


def test_html_parts_around_an_inline_image_are_the_body_not_attachments():
    message = parse(read("53_html_parts_around_image_en"))

    assert [a.content_type for a in message.attachments] == ["image/png"]
    assert message.html == (
        "<p>Here is the banner draft:</p>\n"
        "<p>Could the logo be <b>larger</b>?</p><p>Jane</p>"
    )


def test_a_text_part_marked_inline_is_the_body_even_with_a_file_name():
    message = parse(read("54_inline_named_text_parts_ru"))

    assert "body.txt" not in [a.filename for a in message.attachments]
    assert message.text.startswith("Добрый день!")


def test_an_html_part_without_plain_text_beside_a_plain_part_adds_its_text():
    raw = (
        b'From: a@b.example\nContent-Type: multipart/mixed; boundary="b"\n\n'
        b"--b\nContent-Type: text/plain\n\nFirst part.\n"
        b"--b\nContent-Type: text/html\n\n<p>Second <b>part</b>.</p>\n--b--\n"
    )

    message = parse(raw)

    assert message.text == "First part.\nSecond part."
    assert message.attachments == []


@pytest.mark.parametrize(
    ("name", "signature"),
    [
        ("55_pgp_signed_en", ("signature.asc", "application/pgp-signature")),
        ("56_smime_signed_id", ("smime.p7s", "application/pkcs7-signature")),
    ],
)
def test_a_signature_part_is_a_signature_not_an_attachment(name, signature):
    message = parse(read(name))

    assert [(s.filename, s.content_type) for s in message.signatures] == [signature]
    assert signature[1] not in [a.content_type for a in message.attachments]


# --- time budget ------------------------------------------------------------------


def _many_parts(count: int) -> bytes:
    parts = b"".join(
        b"--b\nContent-Type: application/octet-stream\n"
        b'Content-Disposition: attachment; filename="f%d.bin"\n\nx\n' % number
        for number in range(count)
    )
    return (
        b"From: Jane <jane@northwind.example>\nSubject: Many parts\n"
        b"Message-ID: <many@northwind.example>\n"
        b'Content-Type: multipart/mixed; boundary="b"\n\n'
        b"--b\nContent-Type: text/plain\n\nHello.\n" + parts + b"--b--\n"
    )


def test_a_message_over_the_budget_is_flagged_and_keeps_its_headers():
    message = parse(_many_parts(5), budget=0)

    assert message.over_budget is True
    assert message.subject == "Many parts"
    assert message.message_id == "many@northwind.example"
    assert message.from_ == Address("Jane", "jane@northwind.example")
    assert message.attachments == []
    assert message.defects[-1].startswith(
        "over the parse time budget (0 s, MAIL_PARSE_BUDGET_SECONDS)"
    )


def test_the_budget_stops_between_parts_and_keeps_the_parts_read(monkeypatch):
    ticks = iter(range(1000))
    monkeypatch.setattr(parsing.walker.time, "monotonic", lambda: next(ticks))

    # One tick per clock reading: the start, then one check before each part.
    message = parse(_many_parts(10), budget=5)

    assert message.over_budget is True
    assert message.text == "Hello."
    assert 0 < len(message.attachments) < 10
    assert (
        f"{10 - len(message.attachments)} MIME parts not read" in (message.defects[-1])
    )


def test_the_budget_comes_from_the_setting(settings):
    settings.MAIL_PARSE_BUDGET_SECONDS = 0

    assert parse(_many_parts(1)).over_budget is True

    settings.MAIL_PARSE_BUDGET_SECONDS = 5

    message = parse(_many_parts(1))
    assert message.over_budget is False
    assert [a.filename for a in message.attachments] == ["f0.bin"]
