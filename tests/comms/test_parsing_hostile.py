"""Hostile mail parses in bounded time, and bounding keeps ordinary HTML as it was.

Issue 19, "Parsing in bounded time": a megabyte of each hostile shape parses in
at most a second. The time is the process's CPU time, so that other work on a
shared machine does not count against the parser.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

import nh3
import pytest

from agencydesk.comms import markup
from agencydesk.comms.parsing import html_to_text, parse, sanitize_html

MB = 1_000_000
CORPUS = Path(__file__).parent / "corpus"


def html_mail(body: str) -> bytes:
    return (
        b"From: Promo <promo@shady.example>\r\nSubject: Offer\r\n"
        b"Message-ID: <hostile@shady.example>\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: text/html; charset=utf-8\r\n\r\n" + body.encode()
    )


def header_mail(header: str) -> bytes:
    return (
        b"From: a@shady.example\r\nMessage-ID: <h@shady.example>\r\n"
        + header.encode()
        + b"\r\n\r\nbody\r\n"
    )


def repeat(piece: str, size: int = MB) -> str:
    return piece * (size // len(piece))


HTML_SHAPES = {
    "unclosed comments": repeat("<!--"),
    "unclosed scripts": repeat("<script>"),
    "unclosed styles": repeat("<style>"),
    "unterminated tags": repeat("<div class=x "),
    "unclosed anchors": repeat("<a "),
    "unterminated attribute quotes": repeat('<a title="x>'),
    "lone angle brackets": repeat("<"),
    "10,000-deep nesting": "<div>" * 10_000 + repeat("text ", MB - 50_000),
    "200,000-deep nesting": repeat("<div>"),
    "nested lists": repeat("<ul><li>"),
    "nested formatting": repeat("<b><i>"),
    "entity runs": repeat("&amp;"),
    "unfinished entities": repeat("&#x"),
    "bare ampersands": repeat("& "),
    "no-break spaces": repeat("&nbsp;"),
    "text beside tables": repeat("<table>x</table>"),
    "formatting beside tables": repeat("<table><b>x"),
    "ampersands in an attribute": '<a title="' + repeat("&", MB - 20) + '">x</a>',
    "thousands of attributes": "<a " + repeat("t=1 ", MB - 10) + ">x</a>",
    "tag soup": repeat("<p><td></b><table><li>&amp;<tr x=y></p></table>"),
}
HEADER_SHAPES = {
    "subject of encoded words": "Subject: " + repeat("=?utf-8?B?0J/RgNC40LLQtdGC?= "),
    "subject of glued encoded words": "Subject: " + repeat("=?utf-8?Q?a?="),
    "folded subject": "Subject: " + repeat("=?utf-8?Q?a=C3=A9?=\r\n "),
    "unfinished encoded words": "Subject: " + repeat("=?a?q?"),
    "address list of angle brackets": "To: " + repeat("<"),
    "long address list": "To: " + repeat("a@b.example, "),
    "parameter without a value": "Content-Type: text/plain; " + repeat("a"),
    "quoted parameter": 'Content-Type: text/plain; a="' + repeat("\\x"),
}


def cpu_seconds(function, *args):
    started = time.process_time()
    result = function(*args)
    return time.process_time() - started, result


@pytest.mark.parametrize("shape", sorted(HTML_SHAPES))
def test_a_megabyte_of_hostile_html_parses_within_a_second(shape):
    raw = html_mail(HTML_SHAPES[shape])

    seconds, message = cpu_seconds(parse, raw)

    assert seconds < 1.0, f"{shape}: {seconds:.2f} s"
    assert message.over_budget is False
    assert message.subject == "Offer"
    assert "<script" not in (message.html or "")


@pytest.mark.parametrize("shape", sorted(HEADER_SHAPES))
def test_a_megabyte_of_hostile_header_parses_within_a_second(shape):
    seconds, message = cpu_seconds(parse, header_mail(HEADER_SHAPES[shape]))

    assert seconds < 1.0, f"{shape}: {seconds:.2f} s"
    assert message.message_id == "h@shady.example"
    assert message.text == "body"


def test_a_megabyte_subject_of_encoded_words_is_decoded_whole():
    message = parse(header_mail(HEADER_SHAPES["subject of encoded words"]))

    assert message.subject == "Привет" * (MB // 29)


def test_html_to_text_is_linear_on_an_unclosed_comment():
    # The regular expressions before took 13 s on 100 KB of this.
    seconds, text = cpu_seconds(html_to_text, "Hello " + repeat("<!--"))

    assert seconds < 1.0
    assert text == "Hello"


def test_deep_nesting_is_capped_and_keeps_its_text():
    body = "<div>" * 20_000 + "<p>deep <b>text</b></p>" + "</div>" * 20_000

    message = parse(html_mail(body + "<p>after</p>"))

    assert message.text == "deep text\n\nafter"
    assert message.html.count("<div>") == markup.MAX_DEPTH
    assert (
        f"HTML nested deeper than {markup.MAX_DEPTH} elements: "
        "19746 tags dropped, their text kept"
    ) in message.defects


def test_scripts_stay_out_whatever_the_nesting():
    body = "<div>" * 10_000 + "<script>alert(1)</script><b onclick=x>hi</b>"

    message = parse(html_mail(body))

    assert "alert" not in message.html
    assert "onclick" not in message.html
    assert message.text == "hi"


def test_an_unclosed_comment_hides_the_rest_as_in_a_browser():
    assert html_to_text("<p>shown</p><!-- <p>hidden</p>") == "shown"
    assert html_to_text("<p>shown</p><script>var hidden") == "shown"


def test_small_plain_markup_goes_to_nh3_as_it_is_and_the_rest_is_rewritten():
    assert markup.bound("<p>Hi &amp; bye</p>").markup == "<p>Hi &amp; bye</p>"
    assert markup.bound("<table>x</table>").markup == "<table><td>x</table>"
    assert markup.bound("<b>" * 300).markup.count("<b>") == markup.MAX_DEPTH


def test_text_directly_in_a_table_stays_in_reading_order():
    markup_text = "<table>before<tr><td>cell</td></tr>after</table>"

    assert html_to_text(markup_text) == "before\n\ncell\n\nafter"


def test_past_the_tag_limit_the_rest_is_read_as_text(monkeypatch):
    monkeypatch.setattr(markup.bounding, "MAX_TAGS", 4)

    bounded = markup.rewrite("<p>one</p><p>two</p><p>three <b>x</b><!-- c --></p>")

    assert markup.text_of(markup.clean(bounded)) == "one\n\ntwo\nthree x"
    assert bounded.defects == ["HTML has over 4 tags: the rest read as text"]


def test_entities_and_the_stand_in_characters_come_back_as_they_were():
    assert sanitize_html("a &amp; b &lt; c&nbsp;d &gt; e") == (
        "a &amp; b &lt; c&nbsp;d &gt; e"
    )
    assert sanitize_html("x\ufdd0y\ufdd1z") == "x\ufffdy\ufffdz"
    assert html_to_text("Fish &amp; chips &lt;3") == "Fish & chips <3"


ORDINARY = [
    "<p>Hi <b>Jane</b>,<br>the <a href='https://x.example/?a=1&amp;b=2'>link</a>"
    " &amp; the&nbsp;file.</p>",
    "<table><tr><td>Q1</td><td>Q2</td></tr><tr><td>1 &lt; 2</td></tr></table>",
    "<ul><li>one<li>two</ul><p>para<p>next",
    "<div><span>x</div>y</span><b><p>bold para</b> tail</p>",
    "<html><head><title>T</title><style>p{}</style></head><body>"
    "<!--[if mso]>x<![endif]--><p>Body</p></body></html>",
    "<h1>Title</h2><pre>  code\n  block</pre><blockquote>quote</blockquote>",
    "<table>stray<tr><td>a</table><p>after",
    "<textarea>&lt;b&gt; & x</textarea><noscript><i>n</i></noscript>",
    "<svg><circle/></svg><math><mi>x</mi></math><p>end</p>",
    "<img src=cid:logo@x alt=logo><img src='javascript:alert(1)'>",
]


@pytest.mark.parametrize("markup_text", ORDINARY)
def test_bounding_keeps_ordinary_html_as_nh3_reads_it(markup_text):
    direct = nh3.Cleaner(
        clean_content_tags={"script", "style", "title", "head"},
        url_schemes=nh3.ALLOWED_URL_SCHEMES | {"cid"},
    ).clean(markup_text)
    if markup_text.startswith("<table>stray"):
        # The one change: text nh3 would move before the table stays in a cell.
        direct = direct.replace("stray<table>", "<table>").replace(
            "<tbody>", "<tbody><tr><td>stray</td></tr>"
        )

    rewritten = markup.restore(markup.clean(markup.rewrite(markup_text)))

    assert rewritten == direct.strip()


@pytest.mark.parametrize(
    "path", sorted(CORPUS.glob("*.eml")), ids=lambda path: path.stem
)
def test_corpus_html_and_text_are_the_same_without_bounding(path, monkeypatch):
    monkeypatch.setattr(markup, "bound", markup.rewrite)
    bounded = parse(path.read_bytes())
    monkeypatch.setattr(markup, "bound", markup.Bounded)

    unbounded = parse(path.read_bytes())

    assert (bounded.html, bounded.text) == (unbounded.html, unbounded.text)


SOUP = [
    "<div>",
    "</div>",
    "<p>",
    "</p>",
    "<b>",
    "</b>",
    "<i>",
    "<a href=x>",
    "</a>",
    "<table>",
    "</table>",
    "<tr>",
    "<td>",
    "</td>",
    "<th>",
    "<tbody>",
    "<caption>",
    "<colgroup>",
    "<col>",
    "<li>",
    "<ul>",
    "</ul>",
    "<ol>",
    "<dd>",
    "<dt>",
    "<select>",
    "<option>",
    "</select>",
    "<svg>",
    "</svg>",
    "<math>",
    "<mi>",
    "<span>",
    "</span>",
    "<font>",
    "<button>",
    "<form>",
    "</form>",
    "<nobr>",
    "<h1>",
    "</h2>",
    "<object>",
    "<marquee>",
    "<template>",
    "<br>",
    "</br>",
    "<img>",
    "<textarea>",
    "</textarea>",
    "<noscript>",
    "x",
    " ",
    "&amp;",
    "&nbsp;",
    "<!--",
    "-->",
]


@pytest.mark.parametrize("seed", range(12))
def test_a_megabyte_of_repeated_tag_soup_parses_within_a_second(seed):
    rng = random.Random(seed)
    piece = "".join(rng.choice(SOUP) for _ in range(rng.randint(1, 6)))

    seconds, _ = cpu_seconds(parse, html_mail(repeat(piece)))

    assert seconds < 1.0, f"{piece!r}: {seconds:.2f} s"
