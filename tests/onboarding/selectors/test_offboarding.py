"""Reads of closing an account (onboarding.selectors.offboarding): the survey
link and the archives of a client."""

import pytest
from django.core import signing
from django.core.files.base import ContentFile

from agencydesk.core.access import SYSTEM
from agencydesk.onboarding.errors import LinkInvalidError
from agencydesk.onboarding.models import Archive
from agencydesk.onboarding.selectors.offboarding import (
    SALT,
    archives_for_client,
    feedback_from_token,
    feedback_token,
    feedback_url,
)
from agencydesk.onboarding.services import offboarding

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_survey_link_names_its_survey_and_nothing_else(
    client_a, client_b, contact_a, manager
):
    feedback = offboarding.feedback_send(
        actor=manager, client=client_a, contact=contact_a
    )
    forged = signing.dumps({"f": feedback.pk, "c": client_b.pk}, salt=SALT)

    assert feedback_from_token(feedback_token(feedback)) == feedback
    assert feedback_url(feedback).endswith(f"/{feedback_token(feedback)}/")
    for token in (forged, "nonsense"):
        with pytest.raises(LinkInvalidError):
            feedback_from_token(token)


def _archive(client, name):
    archive = Archive(client=client, size=4)
    archive.file.save(name, ContentFile(b"PK.."), save=False)
    archive.save()
    return archive


def test_a_clients_archives_are_its_own_newest_first(client_a, client_b):
    older = _archive(client_a, "a1.zip")
    newer = _archive(client_a, "a2.zip")
    _archive(client_b, "b1.zip")

    assert archives_for_client(viewer=SYSTEM, client=client_a) == [newer, older]
