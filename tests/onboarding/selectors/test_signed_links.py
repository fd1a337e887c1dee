"""The questionnaire and survey links on core.signing.SignedLink: links
mailed before keep working (same salt, same payload, same bytes), each keeps
its lifetime, and a bad token is the app's LinkInvalidError."""

from datetime import timedelta

import pytest
from django.core import signing

from agencydesk.onboarding.errors import LinkInvalidError
from agencydesk.onboarding.selectors.offboarding import (
    feedback_from_token,
    feedback_token,
)
from agencydesk.onboarding.selectors.questionnaires import (
    questionnaire_token,
    request_from_token,
)
from agencydesk.onboarding.services import offboarding, questionnaires

pytestmark = pytest.mark.django_db
NOW = 1_700_000_000


@pytest.fixture
def sent(client_a, contact_a, manager):
    return questionnaires.questionnaire_send(
        actor=manager, client=client_a, contact=contact_a
    )


@pytest.fixture
def survey(client_a, contact_a, manager):
    return offboarding.feedback_send(actor=manager, client=client_a, contact=contact_a)


def _at(monkeypatch, seconds):
    monkeypatch.setattr(signing.time, "time", lambda: seconds)


def test_the_questionnaire_token_is_the_same_bytes_as_before(sent, monkeypatch):
    _at(monkeypatch, NOW)
    payload = {"r": sent.pk, "c": sent.client_id, "p": sent.contact_id}
    mailed = signing.dumps(payload, salt="onboarding.questionnaire")

    assert questionnaire_token(sent) == mailed
    assert request_from_token(mailed) == sent


def test_the_survey_token_is_the_same_bytes_as_before(survey, monkeypatch):
    _at(monkeypatch, NOW)
    mailed = signing.dumps(
        {"f": survey.pk, "c": survey.client_id}, salt="onboarding.feedback"
    )

    assert feedback_token(survey) == mailed
    assert feedback_from_token(mailed) == survey


@pytest.mark.parametrize(
    ("days", "opens"), [(89, True), (91, False)], ids=["89 days", "91 days"]
)
def test_a_questionnaire_link_lives_ninety_days(sent, monkeypatch, days, opens):
    _at(monkeypatch, NOW)
    token = questionnaire_token(sent)
    _at(monkeypatch, NOW + timedelta(days=days).total_seconds())
    if opens:
        assert request_from_token(token) == sent
    else:
        with pytest.raises(LinkInvalidError):
            request_from_token(token)


@pytest.mark.parametrize(
    ("days", "opens"), [(59, True), (61, False)], ids=["59 days", "61 days"]
)
def test_a_survey_link_lives_sixty_days(survey, monkeypatch, days, opens):
    _at(monkeypatch, NOW)
    token = feedback_token(survey)
    _at(monkeypatch, NOW + timedelta(days=days).total_seconds())
    if opens:
        assert feedback_from_token(token) == survey
    else:
        with pytest.raises(LinkInvalidError):
            feedback_from_token(token)


def test_a_malformed_payload_is_not_valid(sent, survey):
    broken = [
        (
            request_from_token,
            {"r": sent.pk, "c": sent.client_id},
            "onboarding.questionnaire",
        ),
        (request_from_token, ["x"], "onboarding.questionnaire"),
        (
            feedback_from_token,
            {"f": "one", "c": survey.client_id},
            "onboarding.feedback",
        ),
        (feedback_from_token, {"f": survey.pk, "c": survey.client_id}, "other.salt"),
    ]
    for read, payload, salt in broken:
        with pytest.raises(LinkInvalidError):
            read(signing.dumps(payload, salt=salt))
