"""Test settings: the real settings with only test mechanics overridden."""

from agencydesk.core.storage_config import FileStore, storages_setting
from agencydesk.settings import *  # noqa: F403
from agencydesk.settings import HUEY

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Enqueued tasks run at once, executing the real code.
HUEY = {**HUEY, "immediate": True}
# Files on the local disk whatever the environment says; the object store's
# tests point "default" at a moto server themselves (tests/objectstore.py).
STORAGES = storages_setting(
    FileStore("local"),
    staticfiles={"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
)
# Static files come from the finders in tests; WhiteNoise only needs the folder.
STATIC_ROOT = VAR_DIR / "static"  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LOGGING = {"version": 1, "disable_existing_loggers": False}
ACTIONS_STRICT = True
# The suite's one process serves thousands of requests over hundreds of test
# databases: nothing is frozen out of the collector (core.runtime has its
# test); the in-process benchmarks ask for it as a web process does.
GC_FREEZE_AFTER_REQUESTS = env.int("GC_FREEZE_AFTER_REQUESTS", default=0)  # noqa: F405
