import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from agencydesk.clients.errors import ClientArchivedError, UploadRefusedError
from agencydesk.clients.models import Material, MaterialVersion
from agencydesk.clients.selectors import materials_for_client
from agencydesk.clients.services import materials
from agencydesk.core.access import SYSTEM
from tests.factories.clients import make_client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _pdf(name="brand-book.pdf", content=b"%PDF-1.4 book"):
    return SimpleUploadedFile(name, content)


def test_a_new_version_keeps_the_old_one(client_a, manager):
    material = materials.material_create(
        actor=manager,
        client=client_a,
        title="Brand book",
        kind="brand_book",
        description="Logo, colours and type",
        upload=_pdf(),
    )
    materials.material_add_version(
        actor=manager,
        material=material,
        upload=_pdf("brand-book-2.pdf", b"%PDF-1.4 second"),
        note="New colours",
    )

    versions = list(
        MaterialVersion.objects.filter(material=material).values_list(
            "number", "filename", "size", "note"
        )
    )
    assert versions == [
        (2, "brand-book-2.pdf", 15, "New colours"),
        (1, "brand-book.pdf", 13, ""),
    ]
    listed = materials_for_client(viewer=SYSTEM, client=client_a)
    assert [m.versions.all()[0].number for m in listed] == [2]


def test_an_over_large_upload_is_refused_and_nothing_is_stored(
    client_a, manager, settings
):
    settings.MATERIAL_MAX_BYTES = 10
    with pytest.raises(UploadRefusedError) as error:
        materials.material_create(
            actor=manager,
            client=client_a,
            title="Media plan",
            kind="media_plan",
            upload=_pdf(content=b"x" * 11),
        )
    assert (
        error.value.message == "brand-book.pdf is larger than the limit of 10\xa0bytes."
    )
    assert Material.objects.count() == 0
    assert MaterialVersion.objects.count() == 0


def test_a_disallowed_type_is_refused(client_a, manager):
    with pytest.raises(UploadRefusedError) as error:
        materials.material_create(
            actor=manager,
            client=client_a,
            title="Installer",
            kind="other",
            upload=_pdf("setup.exe", b"MZ"),
        )
    assert error.value.message == "Files of type .exe cannot be uploaded here."
    assert Material.objects.count() == 0


def test_a_material_is_checked_and_kept_under_its_normalised_name(client_a, manager):
    material = materials.material_create(
        actor=manager,
        client=client_a,
        title="Brand book",
        kind="brand_book",
        upload=_pdf("..\\Brand\u202e book.pdf. "),
    )

    version = material.versions.get()
    assert (version.filename, version.content_type) == (
        "Brand book.pdf",
        "application/pdf",
    )


def test_finance_cannot_upload(client_a):
    from tests.factories.people import make_staff

    finance = make_staff("finance")
    with pytest.raises(PermissionDenied):
        materials.material_create(
            actor=finance, client=client_a, title="X", kind="other", upload=_pdf()
        )
    assert Material.objects.count() == 0


def test_archived_account_takes_no_new_material(manager):
    client = make_client("Closed", status="archived")
    with pytest.raises(ClientArchivedError):
        materials.material_create(
            actor=manager, client=client, title="X", kind="other", upload=_pdf()
        )
    assert Material.objects.count() == 0
