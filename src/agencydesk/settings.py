"""Settings of Agency Desk, read from the environment (see README "Configuration").

Embedded defaults (SQLite, Huey on SQLite, a generated secret key) live under
``var/``; each integration switches on when its variable is set.
"""

import ipaddress
import logging
import os
import secrets
import socket
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from agencydesk.core.storage_config import file_store_from_env, storages_setting

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent.parent

env = environ.Env()
VAR_DIR = Path(env.str("AGENCYDESK_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _embedded_secret_key() -> str:
    # Generated once per installation so sessions survive restarts without
    # anyone having to invent a key for the embedded default.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def _embedded_secrets_key() -> str:
    # The Fernet key for stored access secrets, like SECRET_KEY: generated once
    # for the embedded default; real deployments set SECRETS_KEY.
    path = VAR_DIR / "secrets_key"
    if not path.exists():
        from cryptography.fernet import Fernet

        path.write_text(Fernet.generate_key().decode())
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env.bool("DEBUG", default=False)
REDIS_URL = env.str("REDIS_URL", default="")
# Several web and worker nodes share one PostgreSQL and one Redis: that is
# what DATABASE_URL (PostgreSQL) with REDIS_URL means, unless
# AGENCYDESK_MULTI_NODE says otherwise (1: several nodes whatever the
# engines; 0: one machine that happens to use PostgreSQL and Redis).
MULTI_NODE = env.bool(
    "AGENCYDESK_MULTI_NODE",
    default=bool(REDIS_URL)
    and env.str("DATABASE_URL", default="").startswith(("postgres", "pgsql")),
)


def _require_explicit_keys() -> None:
    # Each node would generate its own key in its own var/: a session, a
    # signed link or a reply address made on one node would be refused on
    # the next, and a secret stored by one node unreadable on another.
    missing = [n for n in ("SECRET_KEY", "SECRETS_KEY") if not env.str(n, default="")]
    if MULTI_NODE and missing:
        raise ImproperlyConfigured(
            f"{' and '.join(missing)} must be set in the environment when several "
            "nodes share this installation (DATABASE_URL is PostgreSQL and "
            "REDIS_URL is set, or AGENCYDESK_MULTI_NODE=1): otherwise each node "
            "would generate a different key, and what one node signed or "
            "encrypted the others could not read. Give every web and worker node "
            "the same values (an existing single-machine installation: copy them "
            f"from {VAR_DIR}/secret_key and {VAR_DIR}/secrets_key), or set "
            "AGENCYDESK_MULTI_NODE=0 if this installation really runs on one "
            'machine. See docs/operations.md, "Keys on several nodes".'
        )


_require_explicit_keys()
SECRET_KEY = env.str("SECRET_KEY", default="") or _embedded_secret_key()
# Earlier keys, comma-separated: what they signed (sessions, links, reply
# addresses) stays valid while they are listed (docs/operations.md).
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
SECRETS_KEY = env.str("SECRETS_KEY", default="") or _embedded_secrets_key()
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    # The Django admin, for the Admin role, signed in through the product.
    "agencydesk.people.admin_site.AgencyAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_countries",
    "huey.contrib.djhuey",
    "agencydesk.core",
    "agencydesk.people",
    "agencydesk.comms",
    "agencydesk.clients",
    "agencydesk.desk",
    "agencydesk.work",
    "agencydesk.meetings",
    "agencydesk.timesheets",
    "agencydesk.planning",
    "agencydesk.finance",
    "agencydesk.risks",
    "agencydesk.onboarding",
    "agencydesk.imports",
    "agencydesk.reports",
    "agencydesk.portal",
    "agencydesk.api",
    # Django Ninja's Swagger page from our own static files (the CSP allows no CDN).
    "ninja",
]

MIDDLEWARE = [
    # First: every log line of the request carries its id, and the time
    # measured covers all the rest.
    "agencydesk.core.logs.RequestIdMiddleware",
    "agencydesk.core.metrics.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "agencydesk.clients.middleware.ViewerMiddleware",
    "agencydesk.people.middleware.UserTimezoneMiddleware",
    "agencydesk.core.middleware.ServiceUnavailableMiddleware",
]

ROOT_URLCONF = "agencydesk.urls"
WSGI_APPLICATION = "agencydesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "agencydesk.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db(
        "DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'agencydesk.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and IMMEDIATE transactions let the web server and the worker write
    # the same file without "database is locked" errors.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
    # An unreachable server (a dropped packet, not a refusal) answers the
    # request with 503 in seconds instead of holding it for the OS's minutes.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5)
    )
    # Server-side binding lets psycopg prepare a statement the fifth time a
    # connection runs it, so PostgreSQL plans each query shape once per
    # connection instead of on every request (the ticket page's joined read
    # spent 3 ms planning for 0.4 ms running). A transaction-mode pooler that
    # cannot keep prepared statements turns it off.
    if env.bool("DATABASE_PREPARED_STATEMENTS", default=True):
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            server_side_binding=True, prepare_threshold=5
        )
    # Django's .iterator() (model choice fields) opens a server-side cursor:
    # three round trips where one is enough for the short lists it reads.
    DATABASES["default"].setdefault("DISABLE_SERVER_SIDE_CURSORS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Installations sharing one Redis keep apart by a prefix of their cache keys
# and queue names (docs/deployment.md).
REDIS_KEY_PREFIX = env.str("REDIS_KEY_PREFIX", default="")
if REDIS_URL:
    # Seconds to reach Redis and to hear back: a Redis that is down answers
    # the request with 503 quickly rather than holding a web worker.
    REDIS_TIMEOUT = env.float("REDIS_TIMEOUT", default=3.0)
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": REDIS_KEY_PREFIX,
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT,
                "socket_timeout": REDIS_TIMEOUT,
            },
        }
    }
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": f"{REDIS_KEY_PREFIX}agencydesk",
        "url": REDIS_URL,
        "immediate": False,
        "consumer": {"workers": env.int("WORKER_THREADS", default=4)},
    }
else:
    # A file cache is shared by every web and worker process of the embedded
    # default.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }
    HUEY = {
        "huey_class": "agencydesk.core.queue.SqliteHuey",
        "name": "agencydesk",
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": False,
        "consumer": {"workers": env.int("WORKER_THREADS", default=2)},
    }

# Durable work (outbox mail, webhook deliveries) is claimed by one worker
# process for WORK_LEASE_SECONDS, longer than any send may take; a claim whose
# lease ran out is taken over by another worker. WORKER_ID names the worker in
# its claims: one name per worker service (docs/deployment.md), so a restarted
# worker takes back at once what its killed process held.
WORKER_ID = env.str("WORKER_ID", default="") or socket.gethostname()
WORK_LEASE_SECONDS = env.int("WORK_LEASE_SECONDS", default=300)

AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = ["agencydesk.people.backends.EmailBackend"]
LOGIN_URL = "people:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "people:login"
_VALIDATION = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATION}.UserAttributeSimilarityValidator"},
    {
        "NAME": f"{_VALIDATION}.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": f"{_VALIDATION}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATION}.NumericPasswordValidator"},
]
# Sign-in limits (people.throttle): failures of one e-mail from one address
# in the window block that pair; an address alone is slowed, not blocked.
LOGIN_RATE_LIMIT = env.int("LOGIN_RATE_LIMIT", default=5)
LOGIN_RATE_WINDOW = env.int("LOGIN_RATE_WINDOW", default=900)
LOGIN_RATE_ADDRESS_LIMIT = env.int("LOGIN_RATE_ADDRESS_LIMIT", default=20)
# "Forgot password" requests for one e-mail address in that window (the
# network's requests are slowed past LOGIN_RATE_ADDRESS_LIMIT as sign-in is).
PASSWORD_RESET_RATE_LIMIT = env.int("PASSWORD_RESET_RATE_LIMIT", default=3)
# The API: requests per token per minute (429 with Retry-After past it) and
# the largest request body it reads (413 past it).
API_RATE_PER_MINUTE = env.int("API_RATE_PER_MINUTE", default=600)
API_MAX_BODY_BYTES = env.int("API_MAX_BODY_BYTES", default=1_000_000)
# Webhooks go to public addresses only; hosts listed here skip that check.
WEBHOOK_ALLOWED_HOSTS = env.list("WEBHOOK_ALLOWED_HOSTS", default=[])
WEBHOOK_DISABLE_AFTER = env.int("WEBHOOK_DISABLE_AFTER", default=10)
WEBHOOK_TIMEOUT_SECONDS = env.int("WEBHOOK_TIMEOUT_SECONDS", default=5)
# How long an invitation or password-reset link works, in seconds (7 days:
# an invitation waits for a holiday). A link also stops working once used or
# once the person signs in, since the token covers the password and last login.
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=7 * 24 * 3600)
# Proxies in front of the app that append to X-Forwarded-For: 0 uses
# REMOTE_ADDR; n takes the n-th address from the right of the header.
TRUSTED_PROXY_HOPS = env.int("TRUSTED_PROXY_HOPS", default=0)

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("id", _("Indonesian")),
    ("ru", _("Russian")),
    ("zh-hans", _("Simplified Chinese")),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# ISO first among the input formats of every language (core/formats), so date
# fields show their value in id, ru and zh too.
FORMAT_MODULE_PATH = ["agencydesk.core.formats"]
USE_I18N = True
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_TZ = True
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATICFILES_DIRS = [
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
# Every stored file (attachments, materials, task files, archives, imports)
# goes through the "default" storage: the local disk under MEDIA_ROOT, or an
# S3-compatible object store named by STORAGE_URL or the AWS_* variables
# (core.storage_config; docs/deployment.md). Static files stay local, on
# WhiteNoise.
FILE_STORE = file_store_from_env(os.environ)
MEDIA_ROOT = FILE_STORE.media_root or Path(
    env.str("MEDIA_ROOT", default=str(VAR_DIR / "media"))
)
# Files are only ever served by the download views, after the permission
# check; nothing is published under this prefix.
MEDIA_URL = "/media/"
STORAGES = storages_setting(
    FILE_STORE,
    staticfiles={
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
)

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="desk@agency.example")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

MESSAGE_TAGS = {40: "danger"}

MAIL_MAX_BYTES = env.int("MAIL_MAX_BYTES", default=30 * 1024 * 1024)
# Seconds one message's body may take to parse; past it the parse stops and
# the message comes back flagged ``over_budget`` (comms.parsing.parse).
MAIL_PARSE_BUDGET_SECONDS = env.float("MAIL_PARSE_BUDGET_SECONDS", default=5.0)
MAIL_SENDER_RATE_PER_HOUR = env.int("MAIL_SENDER_RATE_PER_HOUR", default=30)
# Who vouches for a From: header (docs/mail-authentication.md): the
# authserv-ids of Authentication-Results headers written by the agency's own
# receiving mail server, and whether to verify DKIM signatures ourselves.
MAIL_TRUSTED_AUTHSERV_IDS = env.list("MAIL_TRUSTED_AUTHSERV_IDS", default=[])
MAIL_VERIFY_DKIM = env.bool("MAIL_VERIFY_DKIM", default=False)
# Mail from a contact's address that nothing authenticates: "accept" takes it
# as the contact's, marked "sender not verified"; "hold" keeps it for review
# like unauthenticated staff mail.
MAIL_UNVERIFIED_CONTACTS = env.str("MAIL_UNVERIFIED_CONTACTS", default="accept")
# Replies to desk+AD-1042-<signature>@… thread even when mail programs drop
# the threading headers.
DESK_REPLY_ADDRESS = env.str("DESK_REPLY_ADDRESS", default="")
WHATSAPP_API_BASE = env.str("WHATSAPP_API_BASE", default="")
WHATSAPP_PHONE_NUMBER_ID = env.str("WHATSAPP_PHONE_NUMBER_ID", default="")
WHATSAPP_TOKEN = env.str("WHATSAPP_TOKEN", default="")
WHATSAPP_APP_SECRET = env.str("WHATSAPP_APP_SECRET", default="")
WHATSAPP_VERIFY_TOKEN = env.str("WHATSAPP_VERIFY_TOKEN", default="")
# /healthz tells anyone up or down; the details (database, queue, worker)
# only to a caller sending "Authorization: Bearer <HEALTHZ_TOKEN>".
HEALTHZ_TOKEN = env.str("HEALTHZ_TOKEN", default="")
# Seconds /healthz waits for the file store to say whether a key exists.
HEALTH_STORAGE_TIMEOUT = env.float("HEALTH_STORAGE_TIMEOUT", default=2.0)
# /metrics (Prometheus) answers a caller with "Authorization: Bearer
# <METRICS_TOKEN>" and/or from an address in METRICS_ALLOW_IPS (addresses or
# networks, comma-separated; both must hold when both are set); anyone else,
# and everyone while neither is set, gets the plain 404 page.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
METRICS_ALLOW_IPS = env.list("METRICS_ALLOW_IPS", default=[])
for _network in METRICS_ALLOW_IPS:
    try:
        ipaddress.ip_network(_network, strict=False)
    except ValueError as _error:
        raise ImproperlyConfigured(
            f"METRICS_ALLOW_IPS: {_network!r} is not an address or a network "
            "(e.g. 10.0.0.7 or 10.0.0.0/24)."
        ) from _error
# Seconds a client is asked to wait (Retry-After) when the database, Redis or
# the file store cannot be reached and the answer is 503.
UNAVAILABLE_RETRY_AFTER = env.int("UNAVAILABLE_RETRY_AFTER", default=30)
# Bounds on uploads, imports and pushes (one concern, its own module).
from agencydesk.settings_limits import *  # noqa: E402, F403

# Business days (of the client's calendar) an approval waits before the
# contacts are reminded and the agency sees it as overdue.
APPROVAL_REMINDER_DAYS = env.int("APPROVAL_REMINDER_DAYS", default=2)
# Business days (of the client's calendar) to acknowledge a complaint in;
# past it the complaint shows as overdue (risks).
COMPLAINT_ACK_BUSINESS_DAYS = env.int("COMPLAINT_ACK_BUSINESS_DAYS", default=1)
# Full past weeks the planner averages a retainer client's service-desk hours
# over (the time logged on its tickets) to forecast a week.
PLANNER_FORECAST_WEEKS = env.int("PLANNER_FORECAST_WEEKS", default=8)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# After this many requests a process moves what it has loaded out of the
# garbage collector's sight (core.runtime); 0 turns it off.
GC_FREEZE_AFTER_REQUESTS = env.int("GC_FREEZE_AFTER_REQUESTS", default=10)

# Hardening follows the public address: an https SITE_URL (a real deployment)
# turns on secure cookies, HSTS and the TLS redirect, so `check --deploy`
# reports nothing; the embedded default on http://127.0.0.1 keeps them off.
SERVES_HTTPS = SITE_URL.startswith("https://")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=SERVES_HTTPS)
# Sessions read from the shared cache, written through to the database: one
# query fewer on every page, and a restarted cache loses no session.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=SERVES_HTTPS)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=SERVES_HTTPS)
SECURE_HSTS_SECONDS = env.int(
    "SECURE_HSTS_SECONDS", default=31536000 if SERVES_HTTPS else 0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SERVES_HTTPS
# Preloading puts the domain and all its subdomains into browsers' https-only
# lists, which takes months to undo: only the domain's owner asks for it.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
if SERVES_HTTPS and not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = ["security.W021"]  # "HSTS preload not set"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts and styles only from our own
# static files, so injected markup cannot run or restyle anything. Templates
# carry no inline <script>, <style>, style= or on…= (a test checks), htmx is
# told not to inject its indicator <style>, and hx-on is not used (htmx runs
# it through eval). data: images are Bootstrap's own icons in its CSS.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# LOG_FORMAT=json: one JSON object per line (time, level, logger, message,
# request id, method and path) for a log collector; "text" is for people.
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured("LOG_FORMAT is text or json.")
if LOG_FORMAT == "json":
    # Python's warnings too, so that no plain line breaks the stream.
    logging.captureWarnings(True)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "agencydesk.core.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            **({"formatter": "json"} if LOG_FORMAT == "json" else {}),
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "huey": {
            "level": "INFO",
            # A handler of its own keeps `run_huey` from adding its plain one.
            **(
                {"handlers": ["console"], "propagate": False}
                if LOG_FORMAT == "json"
                else {}
            ),
        }
    },
}

# Errors to Sentry (or a Sentry-compatible service) when SENTRY_DSN is set;
# nothing is sent, nor the SDK loaded, without it. Personal data stays out of
# the events: no cookies, users or addresses (send_default_pii), no request
# bodies (forms carry passwords and access secrets), and no local variables
# of the stack (they hold session keys, decrypted secrets, query parameters).
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
CSRF_FAILURE_VIEW = "agencydesk.core.errorviews.csrf_failure"
