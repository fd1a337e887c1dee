"""The one mechanism for views that change data (core.actions); the check that
every view of the project is marked is tests/test_every_view_marked.py."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import RequestFactory
from django_htmx.middleware import HtmxDetails

from agencydesk.core.actions import (
    button,
    endpoint,
    perform,
    posted,
    reads,
    safe_next,
    submit,
    writes,
)
from agencydesk.core.errors import DomainError

# --- the mechanism itself, on a small form and service -----------------------


class NameForm(forms.Form):
    name = forms.CharField(max_length=20)


def _request(method="post", data=None, htmx=False, path="/things/", **extra):
    factory = RequestFactory()
    request = getattr(factory, method)(path, data or {}, **extra)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    if htmx:
        request.META["HTTP_HX_REQUEST"] = "true"
    request.htmx = HtmxDetails(request)
    return request


def _texts(request):
    return [str(m) for m in get_messages(request)]


def _save(data):
    if data["name"] == "taken":
        raise DomainError("That name is taken.", extra={"field": "name"})
    if data["name"] == "closed":
        raise DomainError("The list is closed.")
    return data["name"].upper()


def _answer(request):
    return submit(
        request,
        NameForm(**posted(request)),
        _save,
        template="core/partials/form_errors.html",
        success=lambda result: f"Saved {result}.",
        redirect_to="/done/",
    )


def test_get_shows_the_form_unbound():
    response = _answer(_request("get"))
    assert response.status_code == 200


def test_a_valid_post_calls_the_service_flashes_and_redirects():
    request = _request(data={"name": "ada"})
    response = _answer(request)
    assert response.status_code == 302 and response["Location"] == "/done/"
    assert _texts(request) == ["Saved ADA."]


def test_an_invalid_form_comes_back_with_422_and_its_errors():
    request = _request(data={"name": "x" * 30})
    response = _answer(request)
    assert response.status_code == 422
    assert _texts(request) == []


def test_an_empty_post_is_validated_not_shown_as_a_blank_page():
    response = _answer(_request(data={}))
    assert response.status_code == 422


def test_a_refusal_naming_a_field_lands_on_that_field():
    form = NameForm(data={"name": "taken"})
    request = _request(data={"name": "taken"})
    submit(request, form, _save, template="core/partials/form_errors.html")
    assert form.errors == {"name": ["That name is taken."]}


def test_a_refusal_without_a_field_is_the_forms_own_error():
    form = NameForm(data={"name": "closed"})
    response = submit(
        _request(data={"name": "closed"}),
        form,
        _save,
        template="core/partials/form_errors.html",
    )
    assert response.status_code == 422
    assert "The list is closed." in response.content.decode()


def test_an_htmx_success_navigates_rather_than_swapping_a_page_into_a_fragment():
    response = _answer(_request(data={"name": "ada"}, htmx=True))
    assert response.status_code == 204 and response["HX-Redirect"] == "/done/"


def test_an_htmx_invalid_form_gets_the_partial_template():
    request = _request(data={"name": ""}, htmx=True)
    response = submit(
        request,
        NameForm(**posted(request)),
        _save,
        template="core/home.html",
        partial_template="core/partials/form_errors.html",
    )
    assert response.status_code == 422
    assert "<html" not in response.content.decode()


def test_a_form_posted_from_another_page_flashes_its_error_and_goes_back():
    request = _request(data={"name": "closed", "next": "/queue/?page=2"})
    response = submit(request, NameForm(request.POST), _save, redirect_to="/done/")
    assert response.status_code == 302 and response["Location"] == "/queue/?page=2"
    assert _texts(request) == ["The list is closed."]


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "javascript:alert(1)",
        "http://testserver.evil.example/",
        "",
    ],
)
def test_next_never_leaves_the_site(target):
    request = _request(data={"next": target})
    assert safe_next(request, "/fallback/") == "/fallback/"


def test_next_inside_the_site_is_followed():
    request = _request("get", data={"next": "/desk/tickets/?view=mine"})
    assert safe_next(request, "/fallback/") == "/desk/tickets/?view=mine"


def test_perform_flashes_a_refusal_and_goes_back():
    request = _request(data={"next": "/list/"})

    def refuse():
        raise DomainError("Not now.")

    response = perform(request, refuse, success="Done.", redirect_to="/x/")
    assert response["Location"] == "/list/"
    assert _texts(request) == ["Not now."]


def test_perform_flashes_success():
    request = _request()
    response = perform(
        request, lambda: 3, success=lambda n: f"{n} done.", redirect_to="/x/"
    )
    assert response["Location"] == "/x/" and _texts(request) == ["3 done."]


def test_a_writing_view_that_skips_the_mechanism_is_caught(settings):
    settings.ACTIONS_STRICT = True

    @writes
    def sneaky(request):
        return HttpResponse("changed behind the services' back")

    with pytest.raises(ImproperlyConfigured):
        sneaky(_request())
    assert sneaky(_request("get")).status_code == 200


def test_a_button_refuses_get_and_a_read_page_refuses_post():
    @button
    def archive(request):
        return perform(request, lambda: None, redirect_to="/x/")

    @reads
    def page(request):
        return HttpResponse("ok")

    assert archive(_request("get")).status_code == 405
    assert archive(_request()).status_code == 302
    assert page(_request()).status_code == 405
    assert page(_request("get")).status_code == 200


def test_endpoint_keeps_its_view_and_reason():
    @endpoint("signed webhook")
    def hook(request):
        return HttpResponse(status=204)

    assert hook.agencydesk_endpoint_reason == "signed webhook"
    assert hook(_request()).status_code == 204
