"""Configuration from the environment, checked in a fresh process each time."""

import json
import os
import subprocess
import sys

import pytest

PRINT = (
    "from django.conf import settings as s; import json; print(json.dumps({"
    "'db': s.DATABASES['default']['ENGINE'],"
    "'name': str(s.DATABASES['default']['NAME']),"
    "'huey': s.HUEY['huey_class'], 'cache': s.CACHES['default']['BACKEND'],"
    "'email': s.EMAIL_BACKEND, 'email_host': s.EMAIL_HOST, 'hosts': s.ALLOWED_HOSTS,"
    "'debug': s.DEBUG, 'tz': s.TIME_ZONE, 'key': s.SECRET_KEY}))"
)


def _run(args, env_extra, tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(
            (
                "DATABASE_URL",
                "REDIS_URL",
                "SECRET_KEY",
                "EMAIL_URL",
                "DJANGO_ALLOW_ASYNC_UNSAFE",
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
    assert first["huey"] == "huey.SqliteHuey"
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
