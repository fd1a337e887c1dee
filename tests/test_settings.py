"""Configuration from the environment, checked in a fresh process each time."""

import base64
import gzip
import http.server
import json
import os
import subprocess
import sys
import threading

import pytest

PRINT = (
    "from django.conf import settings as s; import json; print(json.dumps({"
    "'db': s.DATABASES['default']['ENGINE'],"
    "'name': str(s.DATABASES['default']['NAME']),"
    "'huey': s.HUEY['huey_class'], 'cache': s.CACHES['default']['BACKEND'],"
    "'email': s.EMAIL_BACKEND, 'email_host': s.EMAIL_HOST, 'hosts': s.ALLOWED_HOSTS,"
    "'debug': s.DEBUG, 'tz': s.TIME_ZONE, 'key': s.SECRET_KEY}))"
)


FERNET_KEY = base64.urlsafe_b64encode(b"f" * 32).decode()
PG = "postgres://desk:pw@db.internal:5432/agencydesk"


def _run(args, env_extra, tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(
            (
                "DATABASE_URL",
                "REDIS_URL",
                "SECRET_KEY",
                "SECRETS_KEY",
                "EMAIL_URL",
                "DJANGO_ALLOW_ASYNC_UNSAFE",
                "AGENCYDESK_MULTI_NODE",
                "SENTRY_",
                "LOG_FORMAT",
                "METRICS_",
                "STORAGE_URL",
                "AWS_",
                "MEDIA_ROOT",
            )
        )
    }
    env.update(
        DJANGO_SETTINGS_MODULE="agencydesk.settings",
        AGENCYDESK_VAR_DIR=str(tmp_path / "var"),
        **env_extra,
    )
    return subprocess.run(
        [sys.executable, "-m", "agencydesk.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _settings(env_extra, tmp_path):
    result = _run(["shell", "-c", PRINT], env_extra, tmp_path)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_embedded_defaults_live_under_var(tmp_path):
    first = _settings({}, tmp_path)
    again = _settings({}, tmp_path)

    assert first["db"] == "django.db.backends.sqlite3"
    assert first["name"] == str(tmp_path / "var" / "agencydesk.sqlite3")
    assert first["huey"] == "agencydesk.core.queue.SqliteHuey"
    assert first["debug"] is False
    # The generated key is kept, so sessions survive a restart.
    assert first["key"] == again["key"]
    assert len(first["key"]) >= 50
    assert (tmp_path / "var" / "secret_key").read_text().strip() == first["key"]


def test_integrations_switch_on_with_their_variables(tmp_path):
    seen = _settings(
        {
            "DATABASE_URL": "postgres://desk:pw@db.internal:5432/agencydesk",
            "REDIS_URL": "redis://127.0.0.1:6379/3",
            "EMAIL_URL": "smtp+tls://mailer:secret@smtp.agency.example:587",
            "ALLOWED_HOSTS": "desk.agency.example,desk2.agency.example",
            "TIME_ZONE": "Asia/Jakarta",
            "SECRET_KEY": "k" * 60,
            "SECRETS_KEY": FERNET_KEY,
        },
        tmp_path,
    )

    assert seen["db"] == "django.db.backends.postgresql"
    assert seen["name"] == "agencydesk"
    assert seen["huey"] == "huey.RedisHuey"
    assert seen["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert seen["email"] == "django.core.mail.backends.smtp.EmailBackend"
    assert seen["email_host"] == "smtp.agency.example"
    assert seen["hosts"] == ["desk.agency.example", "desk2.agency.example"]
    assert seen["tz"] == "Asia/Jakarta"
    assert seen["key"] == "k" * 60


@pytest.mark.django_db
def test_check_deploy_reports_nothing_with_real_settings(tmp_path):
    result = _run(
        ["check", "--deploy", "--fail-level", "DEBUG"],
        {
            "DEBUG": "0",
            "SECRET_KEY": "a-real-secret-" + "x9Y!" * 15,
            "ALLOWED_HOSTS": "desk.agency.example",
            "SITE_URL": "https://desk.agency.example",
        },
        tmp_path,
    )

    assert result.returncode == 0, result.stderr
    # The one silenced check asks for HSTS preload, which is opt-in.
    assert result.stdout.strip() == "System check identified no issues (1 silenced)."


def _hsts(env_extra, tmp_path):
    code = (
        "from django.conf import settings as s; import json; print(json.dumps("
        "[s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
        "s.SECURE_HSTS_PRELOAD]))"
    )
    result = _run(["shell", "-c", code], env_extra, tmp_path)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_hsts_preload_is_sent_only_when_asked_for(tmp_path):
    https = {"SITE_URL": "https://desk.agency.example"}

    assert _hsts(https, tmp_path) == [31536000, True, False]
    assert _hsts({**https, "SECURE_HSTS_PRELOAD": "1"}, tmp_path) == [
        31536000,
        True,
        True,
    ]


STORAGES_PRINT = (
    "from django.conf import settings as s; from django.core.files.storage "
    "import storages; import json; d = storages['default']; print(json.dumps({"
    "'default': type(d).__name__, 'static': s.STORAGES['staticfiles']['BACKEND'],"
    "'bucket': getattr(d, 'bucket_name', None), 'media': str(s.MEDIA_ROOT),"
    "'endpoint': getattr(d, 'endpoint_url', None),"
    "'named': sorted(s.STORAGES)}))"
)


def _storages(env_extra, tmp_path):
    result = _run(["shell", "-c", STORAGES_PRINT], env_extra, tmp_path)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_files_are_on_the_local_disk_by_default(tmp_path):
    seen = _storages({}, tmp_path)

    assert seen["default"] == "LocalStorage"
    assert seen["media"] == str(tmp_path / "var" / "media")
    assert seen["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert seen["named"] == ["default", "local", "staticfiles"]


def test_storage_url_puts_files_in_the_object_store_and_static_stays(tmp_path):
    seen = _storages(
        {"STORAGE_URL": "s3://agency-files?endpoint_url=http://127.0.0.1:9000"},
        tmp_path,
    )

    assert seen["default"] == "ObjectStorage"
    assert (seen["bucket"], seen["endpoint"]) == (
        "agency-files",
        "http://127.0.0.1:9000",
    )
    assert seen["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert seen["named"] == ["default", "local", "objectstore", "staticfiles"]


def test_the_aws_variables_put_files_in_the_object_store(tmp_path):
    seen = _storages(
        {
            "AWS_STORAGE_BUCKET_NAME": "agency-files",
            "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
        },
        tmp_path,
    )

    assert (seen["default"], seen["bucket"]) == ("ObjectStorage", "agency-files")


def test_a_file_storage_url_moves_media_root(tmp_path):
    seen = _storages({"STORAGE_URL": f"file://{tmp_path}/files"}, tmp_path)

    assert (seen["default"], seen["media"]) == ("LocalStorage", f"{tmp_path}/files")


def test_a_bad_storage_url_stops_the_start_saying_why(tmp_path):
    result = _run(["check"], {"STORAGE_URL": "s3://bucket?regoin=x"}, tmp_path)

    assert result.returncode != 0
    assert "STORAGE_URL: unknown option 'regoin'" in result.stderr


# Several nodes: the keys must be given -------------------------------------


def _start(env_extra, tmp_path):
    """What a web or worker node does first: load the settings."""
    return _run(
        ["shell", "-c", "from django.conf import settings; settings.SECRET_KEY"],
        env_extra,
        tmp_path,
    )


@pytest.mark.parametrize(
    ("env_extra", "missing"),
    [
        (
            {"DATABASE_URL": PG, "REDIS_URL": "redis://r:6379/0"},
            "SECRET_KEY and SECRETS_KEY",
        ),
        (
            {
                "DATABASE_URL": PG,
                "REDIS_URL": "redis://r:6379/0",
                "SECRET_KEY": "k" * 60,
            },
            "SECRETS_KEY",
        ),
        (
            {
                "DATABASE_URL": PG,
                "REDIS_URL": "redis://r:6379/0",
                "SECRETS_KEY": FERNET_KEY,
            },
            "SECRET_KEY",
        ),
        ({"AGENCYDESK_MULTI_NODE": "1"}, "SECRET_KEY and SECRETS_KEY"),
    ],
    ids=["both", "secrets-key", "secret-key", "said-explicitly"],
)
def test_several_nodes_refuse_to_start_without_explicit_keys(
    env_extra, missing, tmp_path
):
    result = _start(env_extra, tmp_path)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{missing} must be set in the environment" in result.stderr
    assert "each node would generate a different key" in result.stderr
    # Nothing was generated for the operator to copy around by mistake.
    assert not (tmp_path / "var" / "secret_key").exists()
    assert not (tmp_path / "var" / "secrets_key").exists()


def test_several_nodes_start_with_the_keys_given_and_generate_none(tmp_path):
    seen = _settings(
        {
            "DATABASE_URL": PG,
            "REDIS_URL": "redis://r:6379/0",
            "SECRET_KEY": "k" * 60,
            "SECRETS_KEY": FERNET_KEY,
        },
        tmp_path,
    )

    assert seen["key"] == "k" * 60
    assert not (tmp_path / "var" / "secret_key").exists()
    assert not (tmp_path / "var" / "secrets_key").exists()


@pytest.mark.parametrize(
    "env_extra",
    [
        {"DATABASE_URL": PG},
        {"REDIS_URL": "redis://r:6379/0"},
        {
            "DATABASE_URL": PG,
            "REDIS_URL": "redis://r:6379/0",
            "AGENCYDESK_MULTI_NODE": "0",
        },
    ],
    ids=["postgres-only", "redis-only", "one-machine-said-explicitly"],
)
def test_one_machine_still_generates_its_keys(env_extra, tmp_path):
    seen = _settings(env_extra, tmp_path)

    assert (tmp_path / "var" / "secret_key").read_text().strip() == seen["key"]
    assert (tmp_path / "var" / "secrets_key").exists()


@pytest.mark.parametrize(
    ("env_extra", "says"),
    [
        (
            {"METRICS_ALLOW_IPS": "10.0.0.0/24,intranet"},
            "METRICS_ALLOW_IPS: 'intranet'",
        ),
        ({"LOG_FORMAT": "xml"}, "LOG_FORMAT is text or json."),
    ],
)
def test_a_malformed_observability_setting_stops_the_start(env_extra, says, tmp_path):
    result = _start(env_extra, tmp_path)

    assert result.returncode != 0
    assert says in result.stderr


# Logs and Sentry ----------------------------------------------------------------

LOG_SOMETHING = """
import logging
from django.test import Client

Client().get("/api/v1/nothing-here", headers={"X-Request-ID": "req-42"})
logging.getLogger("agencydesk.ops").error(
    "disk %s full", "ninety%", exc_info=ValueError("x")
)
"""


def test_json_logs_are_one_object_per_line(tmp_path):
    result = _run(
        ["shell", "-c", LOG_SOMETHING],
        {"LOG_FORMAT": "json", "ALLOWED_HOSTS": "testserver"},
        tmp_path,
    )

    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stderr.splitlines() if line]
    request_line = next(r for r in records if r["logger"] == "django.request")
    assert request_line["level"] == "WARNING"
    assert request_line["message"] == "Not Found: /api/v1/nothing-here"
    assert request_line["request_id"] == "req-42"
    assert request_line["path"] == "/api/v1/nothing-here"
    assert request_line["method"] == "GET"
    assert request_line["status"] == 404
    assert request_line["time"].endswith("+00:00")
    error_line = next(r for r in records if r["logger"] == "agencydesk.ops")
    assert error_line["message"] == "disk ninety% full"
    assert error_line["level"] == "ERROR"
    assert "ValueError: x" in error_line["exc_info"]
    assert "request_id" not in error_line  # written outside any request


def test_text_logs_stay_plain_by_default(tmp_path):
    result = _run(
        ["shell", "-c", LOG_SOMETHING], {"ALLOWED_HOSTS": "testserver"}, tmp_path
    )

    assert result.returncode == 0, result.stderr
    assert "Not Found: /api/v1/nothing-here" in result.stderr.splitlines()
    assert not result.stderr.lstrip().startswith("{")


class _SentryReceiver(http.server.ThreadingHTTPServer):
    """A Sentry server's envelope endpoint on loopback: keeps what arrives."""

    def __init__(self):
        self.envelopes: list[bytes] = []
        self.arrived = threading.Event()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(handler):
                body = handler.rfile.read(int(handler.headers["Content-Length"]))
                encoding = handler.headers.get("Content-Encoding", "")
                if encoding == "gzip":
                    body = gzip.decompress(body)
                elif encoding == "br":
                    import brotli

                    body = brotli.decompress(body)
                self.envelopes.append(body)
                self.arrived.set()
                handler.send_response(200)
                handler.end_headers()
                handler.wfile.write(b"{}")

            def log_message(handler, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()


# A signed-in page's first read fails: the database is down.
FAIL_A_PAGE = """
import sys
from django.test import Client

browser = Client(raise_request_exception=False)
# The cookie's value is not written out here: sys.argv goes to Sentry.
browser.cookies["sessionid"] = "cookie-" + bytes.fromhex("633066663333").decode() * 5
answer = browser.get("/pick/clients/?q=a")
loaded = "sentry_sdk" in sys.modules
if loaded:
    import sentry_sdk

    sentry_sdk.flush(10)
print(answer.status_code, loaded and sentry_sdk.get_client().is_active())
"""


def test_sentry_gets_the_error_when_its_dsn_is_set_and_no_personal_data(tmp_path):
    receiver = _SentryReceiver()
    port = receiver.server_address[1]
    unreachable = "postgres://desk@127.0.0.1:1/agencydesk"
    try:
        result = _run(
            ["shell", "-c", FAIL_A_PAGE],
            {
                "SENTRY_DSN": f"http://publickey@127.0.0.1:{port}/42",
                "DATABASE_URL": unreachable,
                "ALLOWED_HOSTS": "testserver",
            },
            tmp_path,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.split()[-2:] == ["503", "True"]
        assert receiver.arrived.wait(10)
    finally:
        receiver.shutdown()

    sent = b"".join(receiver.envelopes).decode()
    assert "OperationalError" in sent
    assert "/pick/clients/" in sent
    assert "c0ff33" not in sent  # the session cookie stays here


def test_sentry_is_not_even_loaded_without_its_dsn(tmp_path):
    result = _run(
        ["shell", "-c", FAIL_A_PAGE],
        {
            "DATABASE_URL": "postgres://desk@127.0.0.1:1/agencydesk",
            "ALLOWED_HOSTS": "testserver",
        },
        tmp_path,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["503", "False"]
