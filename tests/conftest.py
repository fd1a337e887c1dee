import pytest
from django.test import Client as HttpClient
from hypothesis import settings as hypothesis_settings

from agencydesk.people.roles import Role

from .factories.clients import make_client, make_contact
from .factories.people import make_staff


def pytest_configure(config):
    # Pages are tested in every language: compile the catalogues first (the
    # Makefile does it too; this keeps a bare `pytest` run honest).
    from django.core.management import call_command

    call_command("compiletranslations", verbosity=0)


hypothesis_settings.register_profile("default", deadline=None, max_examples=150)
hypothesis_settings.load_profile("default")


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """A request activates its reader's language in the thread (LocaleMiddleware)
    and nothing switches it back: the next test would read Russian."""
    from django.utils import translation

    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def replay_data_migrations() -> None:
    """Put back the rows the data migrations made (agency, roles, request
    types, SLA defaults): a test that commits for real ends by emptying every
    table, them included. The data migrations are idempotent."""
    from django.apps import apps as django_apps
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.db.migrations.operations.special import RunPython

    project_apps = {
        config.label
        for config in django_apps.get_app_configs()
        if config.name.startswith("agencydesk.")
    }
    loader = MigrationExecutor(connection).loader
    state_apps = loader.project_state().apps
    seen = set()
    for leaf in loader.graph.leaf_nodes():
        for key in loader.graph.forwards_plan(leaf):
            if key in seen or key[0] not in project_apps:
                continue
            seen.add(key)
            for operation in loader.disk_migrations[key].operations:
                if isinstance(operation, RunPython):
                    operation.code(state_apps, None)


@pytest.fixture
def committed_db(transactional_db):
    """A database the test commits to for real (on_commit callbacks run),
    with the data migrations' rows."""
    replay_data_migrations()


@pytest.fixture
def admin_user(db):
    return make_staff(Role.ADMIN, full_name="Ada Admin")


@pytest.fixture
def manager(db):
    return make_staff(Role.ACCOUNT_MANAGER, full_name="Mira Manager")


@pytest.fixture
def specialist(db):
    return make_staff(Role.SPECIALIST, full_name="Sam Specialist")


@pytest.fixture
def client_a(db):
    return make_client("Alpha Coffee", slug="alpha-coffee")


@pytest.fixture
def client_b(db):
    return make_client(
        "Beta Honey",
        slug="beta-honey",
        country="RU",
        timezone="Europe/Moscow",
        currency="RUB",
        language="ru",
    )


@pytest.fixture
def contact_a(client_a):
    return make_contact(client_a, full_name="Ani Alpha")


@pytest.fixture
def contact_b(client_b):
    return make_contact(client_b, full_name="Boris Beta")


def _logged_in(user) -> HttpClient:
    http = HttpClient()
    http.force_login(user)
    return http


@pytest.fixture
def as_user():
    """An HTTP client signed in as the given user."""
    return _logged_in


@pytest.fixture(scope="session")
def moto_endpoint():
    """moto's S3 server for the session (tests/objectstore.py)."""
    from .objectstore import moto_server

    with moto_server() as endpoint:
        yield endpoint


@pytest.fixture
def object_store(moto_endpoint, settings, tmp_path):
    """The product's default storage is a fresh bucket of the moto server
    (as ``STORAGE_URL`` would make it); the local disk is a temporary folder.
    Yields the object storage."""
    from django.core.files.storage import storages

    from .objectstore import make_bucket, object_store_storages, storage_url

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = object_store_storages(
        storage_url(moto_endpoint, make_bucket(moto_endpoint))
    )
    return storages["default"]


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory):
    """A SQLite database made once by ``agencydesk migrate`` in its own
    process, for tests that run the product in processes of its own (copy it
    with ``tests.live.sqlite_copy``)."""
    from .live import migrated_sqlite as migrate

    return migrate(tmp_path_factory.mktemp("migrated"))
