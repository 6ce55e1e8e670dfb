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
