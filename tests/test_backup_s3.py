"""Backup and restore with the files in an S3 bucket (EPPID_FILE_STORAGE=s3, decision 1461 amended):
the archive holds the bucket's files as it holds a directory's, and a restore writes them into an
empty bucket (here another prefix of moto's test-double bucket), and the restored site verifies."""

from __future__ import annotations

import secrets
import subprocess

import boto3
import pytest
from tests.s3_support import s3_server  # noqa: F401 - the fixture
from tests.site_support import ON_POSTGRES, Site, backup_verify_key, pg_admin

BUCKET = "eppid-backup-test"


def _site(path, prefix: str, endpoint: str, created: list[str]) -> Site:
    path.mkdir(mode=0o700, parents=True)
    env = {
        "EPPID_FILE_STORAGE": "s3",
        "EPPID_S3_BUCKET": BUCKET,
        "EPPID_S3_ENDPOINT_URL": endpoint,
        "EPPID_S3_REGION": "us-east-1",
        "EPPID_S3_PREFIX": prefix,
        "AWS_ACCESS_KEY_ID": "test-double",
        "AWS_SECRET_ACCESS_KEY": "test-double",
    }
    if not ON_POSTGRES:
        return Site(path, extra_env=env)
    name = f"backup_s3_{secrets.token_hex(6)}"
    pg_admin(f'CREATE DATABASE "{name}"')
    created.append(name)
    return Site(path, database=name, extra_env=env)


def _ok(result: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def _objects(client, prefix: str) -> dict[str, bytes]:
    listed = client.list_objects_v2(Bucket=BUCKET, Prefix=prefix).get("Contents", [])
    return {
        item["Key"][len(prefix) :]: client.get_object(Bucket=BUCKET, Key=item["Key"])["Body"].read()
        for item in listed
    }


@pytest.fixture
def bucket(s3_server):  # noqa: F811 - the fixture imported above
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name="us-east-1",
        aws_access_key_id="test-double",
        aws_secret_access_key="test-double",
    )
    client.create_bucket(Bucket=BUCKET)
    created: list[str] = []
    yield client, s3_server, created
    for name in created:
        pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])


def test_a_site_on_s3_is_backed_up_and_restored_with_its_files(bucket, tmp_path):
    client, endpoint, created = bucket
    source = _site(tmp_path / "source", "source", endpoint, created)
    _ok(source.manage("migrate", "--no-input", "-v0"))
    _ok(source.manage("load_demo"))
    stored = _objects(client, "source/")
    assert stored, "the demo's files (identity scans, signed papers) are in the bucket"
    assert not source.files.exists(), "nothing was written to a local directory"
    archive = tmp_path / "site.backup"
    _ok(source.manage("backup", "--output", str(archive)))

    keys = source.data_dir / "keys"
    restore = ("restore", str(archive), "--identity", str(keys / "backup-identity.txt"))
    target = _site(tmp_path / "target", "target", endpoint, created)
    target.extra_env.update(
        EPPID_BACKUP_VERIFY_KEY=backup_verify_key(keys / "backup-signing.key"),
        EPPID_DATA_KEYS_FILE=str(keys / "data-keys.json"),
        EPPID_BLIND_INDEX_KEY_FILE=str(keys / "blind-index.key"),
    )
    # Into a bucket (prefix) that holds anything: refused, nothing written.
    client.put_object(Bucket=BUCKET, Key="target/already/there", Body=b"x")
    refused = target.manage(*restore)
    assert refused.returncode != 0 and "is not empty" in refused.stdout + refused.stderr
    assert set(_objects(client, "target/")) == {"already/there"}
    assert target.tables() == {}
    client.delete_object(Bucket=BUCKET, Key="target/already/there")

    restored = target.manage(*restore)

    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "intact" in restored.stdout
    assert _objects(client, "target/") == stored  # every file, byte for byte, under the same names
