"""Text for a person is written in their language and timezone."""

import datetime
from types import SimpleNamespace

from django.template import Context, Template
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agencydesk.core.i18n import for_recipient


def test_text_is_written_in_the_recipients_language_and_timezone():
    moment = datetime.datetime(2026, 3, 2, 1, 30, tzinfo=datetime.UTC)
    person = SimpleNamespace(language="ru", timezone="Asia/Jakarta")
    template = Template('{{ moment|date:"H:i" }}')

    with translation.override("en"), for_recipient(person):
        written = (_("Service desk"), template.render(Context({"moment": moment})))
        zone = timezone.get_current_timezone_name()

    assert written == ("Сервис-деск", "08:30")
    assert zone == "Asia/Jakarta"
    assert translation.get_language() != "ru"


def test_a_person_without_settings_gets_the_agency_defaults(settings):
    settings.TIME_ZONE = "UTC"
    with for_recipient(SimpleNamespace(language="", timezone="Not/AZone")):
        assert translation.get_language() == "en"
        assert timezone.get_current_timezone_name() == "UTC"
