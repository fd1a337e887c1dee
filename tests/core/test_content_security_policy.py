"""The Content-Security-Policy: scripts and styles only from our own origin,
and templates that work under it (no inline script, style or handler)."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

import agencydesk

TEMPLATES = Path(agencydesk.__file__).parent
# E-mails are read in mail programs, never under our header.
PAGE_TEMPLATES = sorted(
    p for p in TEMPLATES.glob("*/templates/**/*.html") if "/email/" not in p.as_posix()
)
INLINE = {
    "an inline <script>": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "a <style> element": re.compile(r"<style\b", re.IGNORECASE),
    "a style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "an event handler attribute": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "hx-on (evaluated as code)": re.compile(r"\shx-on", re.IGNORECASE),
    "a javascript: link": re.compile(r"javascript:", re.IGNORECASE),
}


def _policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {
        part.split()[0]: " ".join(part.split()[1:])
        for part in header.split(";")
        if part.strip()
    }


@pytest.mark.django_db
def test_pages_allow_scripts_and_styles_from_our_origin_only(client, manager):
    anonymous = _policy(client.get(reverse("people:login")))
    client.force_login(manager)
    signed_in = _policy(client.get(reverse("core:home")))

    assert anonymous == signed_in
    assert signed_in == {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "font-src": "'self'",
        "connect-src": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
        "base-uri": "'none'",
        "object-src": "'none'",
    }


def test_there_are_templates_to_check():
    assert len(PAGE_TEMPLATES) > 50


@pytest.mark.parametrize("kind", INLINE)
def test_no_page_template_needs_an_inline_script_or_style(kind):
    found = [
        str(path.relative_to(TEMPLATES))
        for path in PAGE_TEMPLATES
        if INLINE[kind].search(path.read_text())
    ]

    assert found == [], f"{kind} in {found}"


def test_htmx_is_told_not_to_inject_its_indicator_style():
    base = (TEMPLATES / "core/templates/core/base.html").read_text()

    assert '"includeIndicatorStyles":false' in base.replace(" ", "")
