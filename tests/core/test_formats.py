"""Date fields show their value in every language (they were blank in id,
ru and zh: browsers' date inputs take only ISO values)."""

import datetime

import pytest
from django import forms
from django.utils import translation


class _Form(forms.Form):
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    moment = forms.DateTimeField(
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )


@pytest.mark.parametrize("language", ["en", "id", "ru", "zh-hans"])
def test_date_inputs_are_written_in_iso_in_every_language(language):
    form = _Form(
        initial={
            "day": datetime.date(2026, 3, 2),
            "moment": datetime.datetime(2026, 3, 2, 9, 30),
        }
    )

    with translation.override(language):
        html = str(form["day"]) + str(form["moment"])

    assert 'value="2026-03-02"' in html
    assert 'value="2026-03-02T09:30"' in html


@pytest.mark.parametrize(
    ("language", "typed"),
    [("ru", "02.03.2026"), ("id", "02/03/2026"), ("zh-hans", "2026/03/02")],
)
def test_what_people_type_in_their_own_format_is_still_read(language, typed):
    with translation.override(language):
        form = _Form({"day": typed, "moment": "2026-03-02T09:30"})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == datetime.date(2026, 3, 2)
