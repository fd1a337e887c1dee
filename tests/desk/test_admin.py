"""The Django admin of the desk: its configuration (request types, SLA
policies, tags) is editable there; tickets and what happens on them are
governed by the services and are not in the admin at all."""

import pytest

from agencydesk.desk.models import RequestType

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name", ["ticket", "message", "transition", "attachment", "ticketstep", "rating"]
)
def test_tickets_and_their_history_are_not_in_the_admin(name, as_user, admin_user):
    http = as_user(admin_user)

    assert http.get(f"/admin/desk/{name}/").status_code == 404
    assert http.post(f"/admin/desk/{name}/add/", {}).status_code == 404


def test_a_request_type_is_edited_in_the_admin(as_user, admin_user):
    kind = RequestType.objects.create(name="Banner", order=5)
    http = as_user(admin_user)
    change = f"/admin/desk/requesttype/{kind.pk}/change/"

    assert b'name="_save"' in http.get(change).content
    response = http.post(
        change,
        {
            "name": "Banner update",
            "is_active": "on",
            "order": "5",
            "steps-TOTAL_FORMS": "0",
            "steps-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    kind.refresh_from_db()
    assert kind.name == "Banner update"
