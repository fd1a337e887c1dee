"""The archive's export (onboarding.selectors.exports): a ZIP of what the
agency holds on a client, built without writing anything."""

import io
import json
import zipfile

import pytest

from agencydesk.core.models import Event
from agencydesk.onboarding.models import Archive
from agencydesk.onboarding.selectors.exports import build_export

pytestmark = pytest.mark.django_db


def test_the_export_lists_every_file_in_its_manifest_and_changes_nothing(
    client_a, client_b, contact_a, contact_b
):
    events = Event.objects.count()

    content, count = build_export(client=client_a)

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = archive.namelist()
        manifest = archive.read("MANIFEST.txt").decode().split()
        profile = json.loads(archive.read("profile.json"))
        contacts = archive.read("contacts.csv").decode()
    assert count == len(names) and manifest == names
    assert profile["name"] == "Alpha Coffee"
    assert "Ani Alpha" in contacts and "Boris Beta" not in contacts
    assert (Event.objects.count(), Archive.objects.count()) == (events, 0)
