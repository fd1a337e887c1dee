"""STORAGE_URL and the AWS_* variables: which store they name, and a clear
refusal of a value that names none."""

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from agencydesk.core.storage_config import (
    FileStore,
    file_store_from_env,
    parse_storage_url,
    storages_setting,
)

STATIC = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}


def test_nothing_set_is_the_local_disk_under_media_root():
    store = file_store_from_env({})

    assert store == FileStore("local")
    storages = storages_setting(store, staticfiles=STATIC)
    assert storages["default"] == {"BACKEND": "agencydesk.core.storage.LocalStorage"}
    assert storages["local"] == storages["default"]
    assert storages["staticfiles"] == STATIC
    assert "objectstore" not in storages


def test_a_file_url_is_a_folder_on_disk():
    assert parse_storage_url("file:///srv/agency%20desk/media") == FileStore(
        "local", media_root=Path("/srv/agency desk/media")
    )


def test_an_s3_url_names_bucket_prefix_credentials_and_options():
    store = parse_storage_url(
        "s3://AKIAEXAMPLE:se%2Fcr%2Bet@agency-files/desk/prod"
        "?endpoint_url=http://127.0.0.1:9000&region_name=eu-central-1"
        "&addressing_style=path&verify=false&connect_timeout=3&max_attempts=5"
    )

    assert store.kind == "s3"
    assert store.options == {
        "bucket_name": "agency-files",
        "location": "desk/prod",
        "access_key": "AKIAEXAMPLE",
        "secret_key": "se/cr+et",
        "endpoint_url": "http://127.0.0.1:9000",
        "region_name": "eu-central-1",
        "addressing_style": "path",
        "verify": False,
        "connect_timeout": 3.0,
        "max_attempts": 5,
    }
    assert "se/cr+et" not in store.describe()
    assert store.describe() == (
        "object store s3://agency-files/desk/prod at http://127.0.0.1:9000"
    )
    storages = storages_setting(store, staticfiles=STATIC)
    assert storages["default"]["BACKEND"] == "agencydesk.core.objectstore.ObjectStorage"
    assert storages["objectstore"] == storages["default"]
    assert storages["local"] == {"BACKEND": "agencydesk.core.storage.LocalStorage"}
    assert storages["staticfiles"] == STATIC


def test_without_credentials_boto_finds_them_itself():
    store = parse_storage_url("s3://agency-files")

    assert store.options == {"bucket_name": "agency-files"}


def test_the_aws_variables_name_the_store_too():
    store = file_store_from_env(
        {
            "AWS_STORAGE_BUCKET_NAME": "agency-files",
            "AWS_S3_ENDPOINT_URL": "https://minio.internal:9000",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_LOCATION": "/desk/",
            "AWS_ACCESS_KEY_ID": "left to boto",
        }
    )

    assert store.options == {
        "bucket_name": "agency-files",
        "endpoint_url": "https://minio.internal:9000",
        "region_name": "us-east-1",
        "location": "desk",
    }


def test_storage_url_wins_over_the_aws_variables_naming_the_same_bucket():
    store = file_store_from_env(
        {
            "STORAGE_URL": "s3://agency-files?region_name=eu-west-1",
            "AWS_STORAGE_BUCKET_NAME": "agency-files",
            "AWS_S3_REGION_NAME": "us-east-1",
        }
    )

    assert store.options["region_name"] == "eu-west-1"


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("ftp://files.example/media", "the scheme must be s3:// or file://"),
        ("media", "the scheme must be s3:// or file://"),
        ("s3:///prefix", "name the bucket"),
        ("s3://bucket?regoin_name=eu-west-1", "unknown option 'regoin_name'"),
        ("s3://key@bucket", "credentials are KEY_ID:SECRET@"),
        ("s3://bucket?connect_timeout=soon", "connect_timeout must be a number"),
        ("s3://bucket?addressing_style=sideways", "addressing_style is one of"),
        ("s3://bucket?endpoint_url=127.0.0.1:9000", "endpoint_url is an http://"),
        ("file://relative/media", "a file URL takes an absolute path"),
        ("file:///srv/media?x=1", "a file URL takes no options"),
    ],
)
def test_a_url_naming_no_store_is_refused_saying_why(url, says):
    with pytest.raises(ImproperlyConfigured, match="STORAGE_URL: ") as refused:
        parse_storage_url(url)

    assert says in str(refused.value)
    assert "docs/deployment.md" in str(refused.value)


def test_two_different_buckets_are_refused():
    with pytest.raises(ImproperlyConfigured, match="set one of them"):
        file_store_from_env(
            {"STORAGE_URL": "s3://one", "AWS_STORAGE_BUCKET_NAME": "two"}
        )
