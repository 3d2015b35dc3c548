"""Message codes — the agent's errors: what it finds wrong in BMD's export folder
(`agent.exportfiles`) and how a call to the datacenter failed (`agent.client`).

Logged for the office's administrator and shown by ``syncsystem agent`` commands; the reason of a
failed export is also reported to the datacenter, where the advisor reads it. The export command's
failures (``agent.export.exit`` … ``agent.export.no_result``) go there in English words too, which an
older datacenter parses for the Mandant and the kind: their English wording must not change; so do a
job's other failures (``agent.job.*``, ``agent.bundle.refused``), as they always went.
"""

from __future__ import annotations

from syncsystem.messages.code import declare as _code

__all__ = [
    "AG_BUNDLE_REFUSED",
    "AG_BUNDLE_SERVER_FAILED",
    "AG_EXPORT_BMD_FAILED",
    "AG_EXPORT_CANNOT_SEAL",
    "AG_EXPORT_CANNOT_START",
    "AG_EXPORT_CONTROL_NAME",
    "AG_EXPORT_CURSOR_JSON",
    "AG_EXPORT_CURSOR_RANGE",
    "AG_EXPORT_CURSOR_TO",
    "AG_EXPORT_CURSOR_WHOLE",
    "AG_EXPORT_EXIT",
    "AG_EXPORT_EXIT_CODE",
    "AG_EXPORT_NOT_EXPORTED",
    "AG_EXPORT_NO_COMMAND",
    "AG_EXPORT_NO_CURSOR",
    "AG_EXPORT_NO_RESULT",
    "AG_EXPORT_TIMEOUT",
    "AG_EXPORT_TWICE",
    "AG_EXPORT_UNKNOWN_FILE",
    "AG_JOB_FAILED",
    "AG_JOB_UNEXPECTED",
    "AG_OUTBOX_OPEN",
    "AG_OUTBOX_UNKNOWN_ACK",
    "AG_REMOTE_HTTP",
    "AG_REMOTE_NOT_JSON",
    "AG_REMOTE_TLS",
    "AG_REMOTE_UNEXPECTED",
    "AG_REMOTE_UNREACHABLE",
    "AG_REMOTE_UNREACHABLE_OS",
    "AG_SERVICE_DESCRIPTION",
]

# BMD's export folder (agent.exportfiles)
AG_EXPORT_UNKNOWN_FILE = _code("agent.export.unknown_file", "name")
AG_EXPORT_CONTROL_NAME = _code("agent.export.control_name", "name")
AG_EXPORT_TWICE = _code("agent.export.twice", "folder", "name")
AG_EXPORT_CURSOR_RANGE = _code("agent.export.cursor_range", "folder", "cursor", "mandant")
AG_EXPORT_CURSOR_JSON = _code("agent.export.cursor_json", "path", "reason")
AG_EXPORT_CURSOR_TO = _code("agent.export.cursor_to", "path")
AG_EXPORT_NO_CURSOR = _code("agent.export.no_cursor", "folder")
AG_EXPORT_CURSOR_WHOLE = _code("agent.export.cursor_whole", "path")
# a call to the datacenter (agent.client)
AG_REMOTE_TLS = _code("agent.remote.tls", "method", "path", "reason")
AG_REMOTE_UNREACHABLE = _code("agent.remote.unreachable", "method", "path", "kind", "reason")
AG_REMOTE_UNREACHABLE_OS = _code("agent.remote.unreachable_os", "method", "path", "reason")
AG_REMOTE_HTTP = _code("agent.remote.http", "method", "path", "status", "error")
AG_REMOTE_NOT_JSON = _code("agent.remote.not_json", "method", "path")
AG_REMOTE_UNEXPECTED = _code("agent.remote.unexpected", "what", "reason")
# the export command and the sealing of its files (agent.exporter, agent.jobs)
AG_EXPORT_NO_COMMAND = _code("agent.export.no_command")
AG_EXPORT_NOT_EXPORTED = _code("agent.export.not_exported", "source", "mandant")
# an export that failed (agent.exporter): ``kind`` is the contract's reason (licence, locked, …), which
# the datacenter reads from the values for its next step
AG_EXPORT_EXIT = _code("agent.export.exit", "mandant", "exit", "kind", "output")
AG_EXPORT_EXIT_CODE = _code("agent.export.exit_code", "exit")
AG_EXPORT_BMD_FAILED = _code("agent.export.bmd_failed", "mandant", "kind", "error")
AG_EXPORT_TIMEOUT = _code("agent.export.timeout", "mandant", "seconds")
AG_EXPORT_CANNOT_START = _code("agent.export.cannot_start", "program", "error")
AG_EXPORT_NO_RESULT = _code("agent.export.no_result", "mandant")
AG_EXPORT_CANNOT_SEAL = _code("agent.export.cannot_seal", "job", "reason")
# a job that failed for a reason no code above says (agent.jobs, agent.delivery): the disk or share (OSError),
# something nobody foresaw, a bundle the datacenter refused (its words as the agent received them)
AG_JOB_FAILED = _code("agent.job.failed", "job", "error")
AG_JOB_UNEXPECTED = _code("agent.job.unexpected", "job", "error_type", "error")
AG_BUNDLE_REFUSED = _code("agent.bundle.refused", "reason")
# a bundle set aside after the datacenter failed on it again and again (HTTP 500; agent.delivery.flush):
# reported to the datacenter as codes beside the words
AG_BUNDLE_SERVER_FAILED = _code("agent.bundle.server_failed", "failures", "error")
# the outbox (agent.outbox)
AG_OUTBOX_OPEN = _code("agent.outbox.open", "path", "reason")
AG_OUTBOX_UNKNOWN_ACK = _code("agent.outbox.unknown_ack", "path", "bundle")
# the Windows service agent install writes (agent.install)
AG_SERVICE_DESCRIPTION = _code("agent.install.service_description")
