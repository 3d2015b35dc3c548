"""What the agent and the datacenter share — the only code both sides import.

``syncsystem.protocol.messages`` holds the HTTP API's paths and message types (frozen dataclasses
with ``to_json``/``from_json``); ``syncsystem.protocol.bundle`` holds the bundle format: a manifest
plus the BMD files, zstd-compressed and encrypted to the datacenter's X25519 public key. Neither
module reads a clock, the network or the disk.
"""

from syncsystem.protocol.bundle import (
    FORMAT_VERSION,
    BundleRefusedError,
    FileEntry,
    Limits,
    Manifest,
    ManifestEntry,
    OpenedBundle,
    file_key,
    generate_keypair,
    open_bundle,
    public_key_of,
    seal,
)
from syncsystem.protocol.messages import (
    API_BASE,
    BUNDLE_PATH,
    ENROL_PATH,
    FAIL_PATH,
    OPENAPI_PATH,
    PICKUP_PATH,
    POLL_PATH,
    ROTATE_PATH,
    SYNC_REQUEST_HEADER,
    EnrolRequest,
    EnrolResponse,
    ErrorBody,
    FailRequest,
    PollResponse,
    ProtocolError,
    SyncRequestMessage,
    UploadAck,
)

__all__ = [
    "API_BASE",
    "BUNDLE_PATH",
    "ENROL_PATH",
    "FAIL_PATH",
    "FORMAT_VERSION",
    "OPENAPI_PATH",
    "PICKUP_PATH",
    "POLL_PATH",
    "ROTATE_PATH",
    "SYNC_REQUEST_HEADER",
    "BundleRefusedError",
    "EnrolRequest",
    "EnrolResponse",
    "ErrorBody",
    "FailRequest",
    "FileEntry",
    "Limits",
    "Manifest",
    "ManifestEntry",
    "OpenedBundle",
    "PollResponse",
    "ProtocolError",
    "SyncRequestMessage",
    "UploadAck",
    "file_key",
    "generate_keypair",
    "open_bundle",
    "public_key_of",
    "seal",
]
