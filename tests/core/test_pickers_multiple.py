"""The multi-value picker: the keys left ticked plus one typed, cleaned to
instances in the viewer's scope; shown as ticked boxes and one picker input in
a fieldset, so it works without JavaScript."""

import pytest
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse

from agencydesk.clients.middleware import viewer_for_user
from agencydesk.core.forms import Form
from agencydesk.core.pickers import MANY_MAX, PickerMultipleField
from agencydesk.people.roles import Role
from tests.factories.people import make_staff

pytestmark = pytest.mark.django_db

CHOOSE = "Choose one of the suggestions: type a name or an e-mail address."


class _PeopleForm(Form):
    people = PickerMultipleField(
        "staff", label="People", add_label="Add a person", required=False
    )


class _RequiredForm(Form):
    people = PickerMultipleField("staff", add_label="Add a person")


def _posted(ticked=(), typed=""):
    data = QueryDict(mutable=True)
    data.setlist("people", [str(key) for key in ticked])
    data["people_add"] = typed
    return data


def _clean(viewer, ticked=(), typed="", form_class=_PeopleForm):
    form = form_class(_posted(ticked, typed), viewer=viewer)
    return form.cleaned_data["people"] if form.is_valid() else form.errors["people"]


def test_ticked_keys_and_the_typed_one_clean_to_people_in_order(
    admin_user, manager, specialist
):
    viewer = viewer_for_user(admin_user)

    assert _clean(viewer, [manager.email], specialist.email) == [manager, specialist]
    assert _clean(viewer, [specialist.pk], " MIRA MANAGER ") == [specialist, manager]
    assert _clean(viewer, [manager.email, manager.pk], manager.email) == [manager]
    assert _clean(viewer) == []


def test_what_names_nobody_is_refused(admin_user, manager, contact_a):
    viewer = viewer_for_user(admin_user)

    assert _clean(viewer, [manager.email], "Nobody") == [CHOOSE]
    assert _clean(viewer, [], contact_a.user.email) == [CHOOSE]
    assert _clean(viewer, [], "x" * 10_000) == [CHOOSE]
    assert _clean(viewer, ["gone@agency.test"]) == [
        "gone@agency.test can no longer be chosen: untick it to save."
    ]


def test_a_required_field_wants_someone(admin_user, manager):
    viewer = viewer_for_user(admin_user)

    assert _clean(viewer, form_class=_RequiredForm) == ["This field is required."]
    assert _clean(viewer, [], manager.email, form_class=_RequiredForm) == [manager]


def test_nobody_resolves_without_a_staff_viewer(manager, contact_a):
    assert _clean(None, [], manager.email) == [CHOOSE]
    assert _clean(viewer_for_user(contact_a.user), [], manager.email) == [CHOOSE]


def test_a_post_naming_too_many_is_refused_before_any_lookup(
    admin_user, django_assert_num_queries
):
    viewer = viewer_for_user(admin_user)
    ticked = [f"p{n}@agency.test" for n in range(MANY_MAX + 1)]

    with django_assert_num_queries(0):
        errors = _clean(viewer, ticked)

    assert errors == [f"Choose at most {MANY_MAX}."]


def test_a_plain_dict_posts_too(admin_user, manager, specialist):
    form = _PeopleForm(
        {"people": manager.email, "people_add": specialist.email},
        viewer=viewer_for_user(admin_user),
    )

    assert form.is_valid()
    assert form.cleaned_data["people"] == [manager, specialist]


def test_the_chosen_are_ticked_boxes_and_one_input_adds_in_a_fieldset(
    admin_user, manager, specialist
):
    make_staff(Role.SPECIALIST, full_name="Nina Notchosen")
    form = _PeopleForm(
        initial={"people": [manager, specialist.pk]},
        viewer=viewer_for_user(admin_user),
    )

    html = render_to_string("core/partials/field.html", {"field": form["people"]})

    assert "Nina Notchosen" not in html
    assert '<fieldset class="mb-3">' in html
    assert '<legend class="form-label fs-6">People</legend>' in html
    assert (
        f'<input type="checkbox" class="form-check-input" name="people" '
        f'value="{manager.email}" id="id_people_0" checked>'
        f'<label class="form-check-label" for="id_people_0">Mira Manager</label>'
    ) in html
    assert (
        f'value="{specialist.email}" id="id_people_1" checked>'
        f'<label class="form-check-label" for="id_people_1">Sam Specialist</label>'
    ) in html
    assert 'for="id_people_add">Add a person</label>' in html
    assert '<input type="text" name="people_add" list="id_people_add-options"' in html
    assert f'hx-get="{reverse("core:pick", args=["staff"])}"' in html
    assert 'id="id_people_add"' in html
    assert '<datalist id="id_people_add-options"></datalist>' in html
    assert " required" not in html


def test_a_person_typed_shows_ticked_after_a_refusal_elsewhere(
    admin_user, manager, specialist
):
    form = _PeopleForm(
        _posted([manager.email], specialist.email), viewer=viewer_for_user(admin_user)
    )
    form.is_valid()
    form.add_error(None, "Something else was wrong.")

    shown = form["people"].value()

    assert [(str(key), key.label) for key in shown.chosen] == [
        (manager.email, "Mira Manager"),
        (specialist.email, "Sam Specialist"),
    ]
    assert shown.typed == ""


def test_typed_text_naming_nobody_is_shown_again(admin_user, manager):
    form = _PeopleForm(
        _posted([manager.email], "Nob<ody>"), viewer=viewer_for_user(admin_user)
    )
    form.is_valid()

    html = str(form["people"])

    assert 'name="people_add" value="Nob&lt;ody&gt;"' in html
    assert 'aria-invalid="true"' in html


def test_cleaning_looks_each_key_up_once(
    admin_user, manager, specialist, django_assert_max_num_queries
):
    form = _PeopleForm(
        _posted([manager.email], specialist.email), viewer=viewer_for_user(admin_user)
    )

    with django_assert_max_num_queries(2):
        form.is_valid()
        str(form["people"])


def test_each_form_remembers_only_its_own_lookups(admin_user, manager, specialist):
    viewer = viewer_for_user(admin_user)
    first = _PeopleForm(_posted([], manager.email), viewer=viewer)
    first.is_valid()
    second = _PeopleForm(_posted([], specialist.email), viewer=viewer)

    assert second.is_valid()
    assert second.cleaned_data["people"] == [specialist]
    assert _PeopleForm.base_fields["people"]._resolved == {}


def test_a_change_is_told_from_the_initial_people(admin_user, manager, specialist):
    viewer = viewer_for_user(admin_user)
    initial = {"people": [manager]}

    same = _PeopleForm(_posted([manager.email]), initial=initial, viewer=viewer)
    added = _PeopleForm(
        _posted([manager.email], specialist.email), initial=initial, viewer=viewer
    )
    removed = _PeopleForm(_posted([]), initial=initial, viewer=viewer)

    assert same.changed_data == []
    assert added.changed_data == ["people"]
    assert removed.changed_data == ["people"]
