import io

import pytest

from agencydesk.clients.models import Client
from agencydesk.demo import load
from agencydesk.onboarding.models import Archive, Run

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_demo_shows_every_status_and_lifecycles_in_progress():
    load(out=io.StringIO())

    statuses = dict(Client.objects.values_list("slug", "status"))
    assert statuses == {
        "kopi-nusantara": "active",
        "taiga-honey": "offboarding",
        "qingshan-tea": "archived",
        "brightline-fitness": "onboarding",
        "lion-city-eats": "active",
        "nordwind-outdoor": "prospect",
    }
    runs = {
        (r.client.slug, r.kind): (r.items.filter(done_at__isnull=False).count(),
                                   r.items.count(), r.completed_at is not None)
        for r in Run.objects.select_related("client")
    }  # fmt: skip
    assert runs == {
        ("kopi-nusantara", "onboarding"): (20, 20, True),
        ("brightline-fitness", "onboarding"): (10, 20, False),
        ("taiga-honey", "offboarding"): (3, 6, False),
        ("qingshan-tea", "offboarding"): (6, 6, True),
    }
    assert Archive.objects.get().client.slug == "qingshan-tea"
