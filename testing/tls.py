"""PEM files for the throw-away TLS certificates of local test servers."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def write_pem(folder: Path, cert: Any, key: Any) -> tuple[Path, Path]:
    """Writes ``cert.pem`` and ``key.pem`` (PKCS#8, unencrypted) into ``folder``; returns both
    paths. ``cert`` and ``key`` are ``cryptography`` objects."""
    from cryptography.hazmat.primitives import serialization

    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path
