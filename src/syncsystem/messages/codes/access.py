"""Message codes — the datacenter's refusals of a caller: a missing or unknown token, an enrolment
code, a role that may not, a record the caller's office does not have, a sync request in another state.

Returned as the ``error`` of an API refusal (with code and values; worded in the ``Accept-Language``
of the request, else the datacenter's language), logged by the agent, and shown on the advisor pages.
"""

from __future__ import annotations

from syncsystem.messages.code import declare as _code

__all__ = [
    "DC_ADVISOR_REVOKED",
    "DC_AUTH_ADVISOR_UNKNOWN",
    "DC_AUTH_AGENT_REVOKED",
    "DC_AUTH_AGENT_UNKNOWN",
    "DC_AUTH_MISSING",
    "DC_AUTH_SHAPE",
    "DC_ENROL_EXPIRED",
    "DC_ENROL_UNKNOWN",
    "DC_ENROL_USED",
    "DC_NO_ADVISOR",
    "DC_NO_AGENT",
    "DC_NO_OFFICE",
    "DC_NO_USER",
    "DC_REQ_ALREADY",
    "DC_REQ_NOT_WAITING",
    "DC_REQ_NO_AGENT",
    "DC_REQ_NO_ANSWER",
    "DC_REQ_NO_MANDANT",
    "DC_REQ_RACED",
    "DC_REQ_UNKNOWN",
    "DC_ROLE_FORBIDDEN",
]

# tokens (datacenter.auth, store.poll_path) and enrolment codes (store.tenancy)
DC_AUTH_MISSING = _code("datacenter.auth.missing")
DC_AUTH_SHAPE = _code("datacenter.auth.shape")
DC_AUTH_AGENT_UNKNOWN = _code("datacenter.auth.agent_unknown")
DC_AUTH_AGENT_REVOKED = _code("datacenter.auth.agent_revoked")
DC_AUTH_ADVISOR_UNKNOWN = _code("datacenter.auth.advisor_unknown")
DC_ENROL_UNKNOWN = _code("datacenter.enrol.unknown")
DC_ENROL_USED = _code("datacenter.enrol.used")
DC_ENROL_EXPIRED = _code("datacenter.enrol.expired")
# a role that may not (datacenter.roles)
DC_ROLE_FORBIDDEN = _code("datacenter.role.forbidden", "role", "method", "path")
# records the caller's office does not have (store.tenancy, sessions, users)
DC_NO_OFFICE = _code("datacenter.record.no_office", "office")
DC_NO_AGENT = _code("datacenter.record.no_agent", "agent")
DC_NO_ADVISOR = _code("datacenter.record.no_advisor", "advisor", "office")
DC_ADVISOR_REVOKED = _code("datacenter.record.advisor_revoked", "advisor")
DC_NO_USER = _code("datacenter.record.no_user", "user", "office")
# sync requests (store.scoped)
DC_REQ_NO_MANDANT = _code("datacenter.request.no_mandant")
DC_REQ_UNKNOWN = _code("datacenter.request.unknown", "request")
DC_REQ_NOT_WAITING = _code("datacenter.request.not_waiting", "request", "state")
DC_REQ_ALREADY = _code("datacenter.request.already", "request", "state")
DC_REQ_NO_ANSWER = _code("datacenter.request.no_answer", "hours")
DC_REQ_NO_AGENT = _code("datacenter.request.no_agent")  # no agent could ever answer
DC_REQ_RACED = _code("datacenter.request.raced", "request")
