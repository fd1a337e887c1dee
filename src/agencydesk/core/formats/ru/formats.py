"""Input formats of the ru locale with the ISO form first.

Browsers' date and datetime-local inputs take only ISO values
(2026-03-02, 2026-03-02T09:30); Django writes a widget's value in the first
input format of the active language, so a local first format (02.03.2026)
showed an empty field. The local forms are still accepted when typed."""

from django.conf.locale.ru import formats as _django

DATE_INPUT_FORMATS = ["%Y-%m-%d", *_django.DATE_INPUT_FORMATS]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    *_django.DATETIME_INPUT_FORMATS,
]
