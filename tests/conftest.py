"""Fixtures shared by the whole test tree."""

from __future__ import annotations

import pytest

from tests.pgserver import PostgresServer, find_binary


@pytest.fixture(scope="session")
def postgres_server():
    """A throw-away PostgreSQL server for the session (skipped where PostgreSQL is absent)."""
    if not find_binary("initdb") or not find_binary("pg_ctl"):
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    server = PostgresServer().start()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def postgres_uri(postgres_server: PostgresServer) -> str:
    """A fresh, empty database on the session's server."""
    return postgres_server.create_database()


S3_BUCKET = "wirestream-test"


@pytest.fixture(scope="session")
def s3_server():
    """moto's S3 server on 127.0.0.1 with one bucket: ``(boto3 client, Beam's S3 options)``.

    The endpoint, keys and region are all given, so neither boto3 nor Beam looks anywhere
    else (and ``s3_env`` turns the metadata lookup off should anything try)."""
    boto3 = pytest.importorskip("boto3")
    moto_server = pytest.importorskip("moto.server")
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="test",
        aws_secret_access_key="test",
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=S3_BUCKET)
    beam_args = [
        f"--s3_endpoint_url={endpoint}",
        "--s3_access_key_id=test",
        "--s3_secret_access_key=test",
        "--s3_region_name=us-east-1",
    ]
    try:
        yield client, beam_args
    finally:
        server.stop()


@pytest.fixture
def s3(s3_server, monkeypatch):
    """``s3_server``, with boto3's credential chain kept off any metadata address."""
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    return s3_server
