"""A throwaway certificate authority for the demo's loopback datacenter, made with `cryptography`.

The demo must run right after ``pip install .``, so it cannot lean on the test extra ``trustme``.
It makes a private CA and a server certificate for ``127.0.0.1``/``localhost``; the agent's client
pins the CA file (``ca_file``), exactly as an office with a private CA would configure it. Validity
is fixed and wide (2000–2100) rather than read from a clock: the files live only as long as the
demo's state folder, and TLS checks them against the real time, not the simulated one.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

__all__ = ["TlsFiles", "make_tls"]

_NOT_BEFORE = datetime(2000, 1, 1, tzinfo=UTC)
_NOT_AFTER = datetime(2100, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class TlsFiles:
    """PEM files: the CA the client trusts, and the server's certificate chain and key."""

    ca_file: Path
    cert_file: Path
    key_file: Path


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "syncsystem demo"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _serial(data: bytes) -> int:
    # Deterministic per key (no random source needed) and positive, as RFC 5280 asks.
    return int.from_bytes(data[:16], "big") >> 1 or 1


def _spki(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def _ca_certificate(ca_key: ec.EllipticCurvePrivateKey, ca_name: x509.Name) -> x509.Certificate:
    """The self-signed CA: may sign certificates (no intermediates), nothing else."""
    usage = x509.KeyUsage(
        digital_signature=True,
        key_cert_sign=True,
        crl_sign=True,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        encipher_only=False,
        decipher_only=False,
    )
    return (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(_serial(_spki(ca_key)[-32:]))
        .not_valid_before(_NOT_BEFORE)
        .not_valid_after(_NOT_AFTER)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )


def _server_certificate(
    server_key: ec.EllipticCurvePrivateKey, ca_key: ec.EllipticCurvePrivateKey, ca_name: x509.Name
) -> x509.Certificate:
    """The loopback server's certificate (127.0.0.1 and localhost), signed by the CA."""
    names = x509.SubjectAlternativeName(
        [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
    )
    return (
        x509.CertificateBuilder()
        .subject_name(_name("127.0.0.1"))
        .issuer_name(ca_name)
        .public_key(server_key.public_key())
        .serial_number(_serial(_spki(server_key)[-32:]))
        .not_valid_before(_NOT_BEFORE)
        .not_valid_after(_NOT_AFTER)
        .add_extension(names, critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )


def make_tls(folder: Path) -> TlsFiles:
    """Write ``ca.pem``, ``server.pem`` (chain) and ``server-key.pem`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    server_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name("syncsystem demo CA")
    ca_cert = _ca_certificate(ca_key, ca_name)
    server_cert = _server_certificate(server_key, ca_key, ca_name)
    pem = serialization.Encoding.PEM
    files = TlsFiles(folder / "ca.pem", folder / "server.pem", folder / "server-key.pem")
    files.ca_file.write_bytes(ca_cert.public_bytes(pem))
    files.cert_file.write_bytes(server_cert.public_bytes(pem) + ca_cert.public_bytes(pem))
    files.key_file.write_bytes(
        server_key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    files.key_file.chmod(0o600)
    return files
