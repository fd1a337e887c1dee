"""Reads of the questionnaire (onboarding.selectors.questionnaires): the
signed link, a client's sent questionnaires, the answers page's rows."""

import pytest
from django.core import signing

from agencydesk.clients.models import Client
from agencydesk.clients.services import client_set_status
from agencydesk.core.access import SYSTEM
from agencydesk.onboarding.errors import LinkInvalidError
from agencydesk.onboarding.selectors.questionnaires import (
    SALT,
    questionnaire_for_page,
    questionnaire_rows,
    questionnaire_token,
    questionnaire_url,
    questionnaires_for_client,
    request_from_token,
)
from agencydesk.onboarding.services import questionnaires
from tests.factories.clients import make_contact

pytestmark = pytest.mark.django_db


def _send(client, contact, manager):
    return questionnaires.questionnaire_send(
        actor=manager, client=client, contact=contact
    )


def test_the_link_names_its_request_and_nothing_else(
    client_a, client_b, contact_a, manager
):
    sent = _send(client_a, contact_a, manager)
    forged = signing.dumps(
        {"r": sent.pk, "c": client_b.pk, "p": sent.contact_id}, salt=SALT
    )

    assert request_from_token(questionnaire_token(sent)) == sent
    assert questionnaire_url(sent) == f"/onboarding/q/{questionnaire_token(sent)}/"
    for token in (forged, "garbage", questionnaire_token(sent)[:-2] + "xx"):
        with pytest.raises(LinkInvalidError):
            request_from_token(token)


def test_the_link_of_an_archived_account_is_refused(client_a, contact_a, manager):
    sent = _send(client_a, contact_a, manager)
    Client.objects.filter(pk=client_a.pk).update(status=Client.Status.OFFBOARDING)
    client_set_status(
        actor=None,
        client=Client.objects.get(pk=client_a.pk),
        status=Client.Status.ARCHIVED,
    )

    with pytest.raises(LinkInvalidError):
        request_from_token(questionnaire_token(sent))


def test_a_clients_questionnaires_are_its_own_newest_first(
    client_a, client_b, contact_a, contact_b, manager
):
    first = _send(client_a, contact_a, manager)
    second = _send(client_a, make_contact(client_a, full_name="Adi"), manager)
    _send(client_b, contact_b, manager)

    listed = list(questionnaires_for_client(viewer=SYSTEM, client=client_a))

    assert listed == [second, first]


def test_rows_pair_every_question_with_its_answer(client_a, contact_a, manager):
    sent = _send(client_a, contact_a, manager)
    first, second = list(sent.questionnaire.questions.all())[:2]
    questionnaires.questionnaire_save(request=sent, answers={second.pk: "Coffee"})

    rows = questionnaire_rows(questionnaire_for_page().get(pk=sent.pk))

    assert len(rows) == 17
    assert rows[0] == (first, None)
    assert rows[1][0] == second and rows[1][1].value == "Coffee"
