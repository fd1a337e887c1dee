from django.urls import reverse


def test_contact_sees_own_client_on_portal_home(contact_a, client_b, as_user):
    response = as_user(contact_a.user).get(reverse("portal:home"))
    assert response.status_code == 200
    assert "Alpha Coffee" in response.content.decode()
    assert "Beta Honey" not in response.content.decode()


def test_contact_is_sent_from_home_to_portal(contact_a, as_user):
    response = as_user(contact_a.user).get(reverse("core:home"))
    assert response.status_code == 302
    assert response.url == reverse("portal:home")


def test_staff_cannot_open_portal(manager, as_user):
    assert as_user(manager).get(reverse("portal:home")).status_code == 403


def test_contact_is_refused_staff_pages(contact_a, as_user):
    http = as_user(contact_a.user)
    assert http.get(reverse("clients:client-list")).status_code == 403
    assert http.get(reverse("people:staff-list")).status_code == 403
    assert (
        http.get(reverse("clients:client-detail", args=["alpha-coffee"])).status_code
        == 403
    )
