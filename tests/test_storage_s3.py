"""The private files on S3-compatible object storage (EPPID_FILE_STORAGE=s3, docs/decisions/1461).

Against a real S3 server on loopback: moto's server from PyPI, a test double of S3 (its wire
protocol, not AWS's behaviour under load or its consistency). Every file goes through Django's
STORAGES, so the same code stores, reads and checks files on a directory or in a bucket.
"""

from __future__ import annotations

import time

import boto3
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from tests.disclosure_support import pdf_upload, request_data
from tests.s3_support import s3_server  # noqa: F401 - the fixture

from eppid import conf
from eppid.integrity import crypto, orphans

pytestmark = pytest.mark.django_db
BUCKET = "eppid-test"


@pytest.fixture
def s3(s3_server, monkeypatch, tmp_path):  # noqa: F811 - the fixture imported above
    for name, value in {
        "EPPID_S3_BUCKET": BUCKET,
        "EPPID_S3_ENDPOINT_URL": s3_server,
        "EPPID_S3_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "test-double",
        "AWS_SECRET_ACCESS_KEY": "test-double",
    }.items():
        monkeypatch.setenv(name, value)
    client = boto3.client("s3", endpoint_url=s3_server, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    storages = {**settings.STORAGES, "default": conf.file_storage("s3")}
    media = tmp_path / "media"
    with override_settings(STORAGES=storages, MEDIA_ROOT=str(media)):
        yield client, media
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])


def keys(client) -> list[str]:
    return [item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def test_an_encrypted_file_goes_to_the_bucket_as_ciphertext_and_comes_back(s3):
    client, media = s3
    name = crypto.encrypted_file_save(b"scan of an identity card", aad=b"test")
    assert keys(client) == [name]
    stored = client.get_object(Bucket=BUCKET, Key=name)["Body"].read()
    assert b"identity card" not in stored
    assert crypto.encrypted_file_open(name, aad=b"test") == b"scan of an identity card"
    crypto.encrypted_file_delete(name)
    assert keys(client) == [] and not media.exists()


def test_a_request_filed_with_s3_storage_keeps_its_files_in_the_bucket_and_verifies(s3, client):
    bucket, media = s3
    body = request_data()
    body["identity_document"] = pdf_upload()
    response = client.post("/api/v1/requests", body)
    assert response.status_code == 201, response.content
    assert keys(bucket), "the identity document and the receipt are in the bucket"
    assert not media.exists(), "nothing was written to a local directory"
    call_command("verify_integrity")  # reads every logged file back through the storage


def test_production_refuses_s3_without_a_bucket():
    problems = conf.production_problems({"FILE_STORAGE": conf.file_storage("s3")})
    assert "EPPID_S3_BUCKET must name the bucket when EPPID_FILE_STORAGE=s3" in problems
    assert not any(
        "EPPID_S3" in p for p in conf.production_problems({"FILE_STORAGE": conf.file_storage("fs")})
    )


def test_the_orphan_sweep_works_on_the_bucket(s3, client, monkeypatch):
    bucket, _media = s3
    body = request_data()
    body["identity_document"] = pdf_upload()
    assert client.post("/api/v1/requests", body).status_code == 201
    referenced = set(keys(bucket))
    orphan = crypto.encrypted_file_save(b"left by a rolled-back transaction", aad=b"test")
    fresh = orphans.orphans_sweep()  # everything was written a moment ago: nothing is old enough
    assert fresh.orphans == [] and fresh.scanned == len(referenced) + 1

    monkeypatch.setattr(orphans, "_now", lambda: time.time() + 25 * 3600)  # a day later
    listed = orphans.orphans_sweep(dry_run=True)
    assert listed.orphans == [orphan] and orphan in keys(bucket)

    swept = orphans.orphans_sweep()
    assert swept.orphans == [orphan] and swept.deleted == 1
    assert set(keys(bucket)) == referenced  # the request's files stay
    call_command("verify_integrity")
