"""Reads of a client's key materials (clients.selectors.materials)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agencydesk.clients.selectors.materials import (
    material_versions_of,
    materials_for_client,
)
from agencydesk.clients.services import materials

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _material(client, title, kind="other", versions=1):
    material = materials.material_create(
        actor=None,
        client=client,
        title=title,
        kind=kind,
        upload=SimpleUploadedFile(f"{title}.pdf", b"%PDF-1.4"),
    )
    for n in range(2, versions + 1):
        materials.material_add_version(
            actor=None,
            material=material,
            upload=SimpleUploadedFile(f"{title}-{n}.pdf", b"%PDF-1.4"),
        )
    return material


def _listed(viewer, client):
    return [
        (m.title, [v.number for v in m.versions.all()])
        for m in materials_for_client(viewer=viewer, client=client)
    ]


def test_a_clients_materials_by_kind_and_title_with_versions_newest_first(
    client_a, client_b, in_scope, django_assert_num_queries
):
    _material(client_a, "Media plan", kind="media_plan", versions=3)
    _material(client_a, "Brand book", kind="brand_book", versions=2)
    _material(client_a, "Archive", kind="brand_book")
    _material(client_b, "Beta's book", kind="brand_book")
    assert in_scope.staff_client_ids  # read once per request, before the page

    with django_assert_num_queries(2):
        listed = _listed(in_scope, client_a)

    assert listed == [
        ("Archive", [1]),
        ("Brand book", [2, 1]),
        ("Media plan", [3, 2, 1]),
    ]


def test_staff_out_of_scope_and_contacts_see_no_material(
    client_a, out_of_scope, contact_viewer_a, contact_viewer_b
):
    _material(client_a, "Brand book")

    assert _listed(out_of_scope, client_a) == []
    # Materials are the agency's working files: no contact sees them here,
    # not even the client's own.
    assert _listed(contact_viewer_a, client_a) == []
    assert _listed(contact_viewer_b, client_a) == []


def test_the_versions_of_one_material_of_the_client(client_a, client_b):
    book = _material(client_a, "Brand book", versions=2)
    beta = _material(client_b, "Beta's book")

    numbers = material_versions_of(client=client_a, material_id=book.pk)
    assert sorted(numbers.values_list("number", flat=True)) == [1, 2]
    # Another client's material is not reached through this client's page.
    assert not material_versions_of(client=client_a, material_id=beta.pk).exists()
    assert not material_versions_of(client=client_b, material_id=book.pk).exists()
    assert list(
        material_versions_of(client=client_b, material_id=beta.pk).values_list(
            "filename", flat=True
        )
    ) == ["Beta's book.pdf"]
