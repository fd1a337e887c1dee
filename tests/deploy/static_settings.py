"""The product's settings with static files collected without compressing
them: the manifest the web nodes read is the same, made in 2 s instead of 45.
Used only by tests/deploy/test_topology.py's collectstatic."""

from agencydesk.settings import *  # noqa: F403
from agencydesk.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
    },
}
