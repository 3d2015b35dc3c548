"""Job configuration: every bad field reported at once, protocol defaults, sealed secrets, round trip."""

from __future__ import annotations

from typing import Any

import pytest

from syncsystem import messages
from syncsystem.clock import DEFAULT_TZ
from syncsystem.transfer.config import JobConfigError, TransferProtocol, parse_job, to_mapping

GOOD: dict[str, Any] = {
    "name": "export",
    "target": {"protocol": "sftp", "host": "stb.example.at", "user": "bmd", "password": "geheim"},
    "execution": {"mandanten": ["100", "200"], "document_types": ["AR"], "format": "bmd-verdichtet"},
    "schedule": {"interval": "weekly", "days": ["Mo", "Fr"], "at": "07:15"},
    "mail": {"to": "a@b.at", "smtp_host": "mail.b.at", "smtp_password": "mailpw"},
}


def seal(clear: str) -> str:
    return "enc:v1:" + clear[::-1]


def test_every_bad_field_is_named_at_once() -> None:
    """Missing host, user, Mandanten, format and a 22:30 time are all reported in one error."""
    bad = {
        "name": "x",
        "target": {"protocol": "ftp"},
        "execution": {"document_types": []},
        "schedule": {"interval": "daily", "at": "22:30"},
        "mail": {"to": "kein-mail"},
    }
    with pytest.raises(JobConfigError) as err:
        parse_job(bad, seal, DEFAULT_TZ, origin="job.json")
    fields = {p.field for p in err.value.problems}
    assert fields >= {
        "target.host",
        "target.user",
        "target.password",
        "execution.mandanten",
        "execution.document_types",
        "execution.format",
        "schedule.at",
        "mail.to",
    }
    assert "job.json:target.host: required field is missing" in str(err.value)
    messages.set_language("de")
    assert str(err.value).startswith("Konfiguration abgelehnt:\n")
    assert "job.json:target.host: Pflichtfeld fehlt" in str(err.value)
    assert "job.json:schedule.at: Ausführungszeit 22:30 liegt außerhalb 06:00–22:00" in str(err.value)


def test_unknown_protocol_and_interval_are_explained() -> None:
    """A wrong choice lists the allowed values."""
    with pytest.raises(JobConfigError) as err:
        parse_job(
            {**GOOD, "target": {**GOOD["target"], "protocol": "scp"}, "schedule": {"interval": "jährlich"}},
            seal,
            DEFAULT_TZ,
        )
    text = str(err.value)
    assert "ftp, ftps, sftp, folder" in text and "hourly, minutes, daily, weekly, monthly" in text


def test_ports_default_per_protocol() -> None:
    """FTP and FTPS default to 21, SFTP to 22; an explicit port wins."""
    job = parse_job(GOOD, seal, DEFAULT_TZ)
    assert job.target.effective_port == 22
    ftps = parse_job({**GOOD, "target": {**GOOD["target"], "protocol": "ftps"}}, seal, DEFAULT_TZ)
    assert ftps.target.protocol is TransferProtocol.FTPS and ftps.target.effective_port == 21
    assert (
        parse_job(
            {**GOOD, "target": {**GOOD["target"], "port": 2222}}, seal, DEFAULT_TZ
        ).target.effective_port
        == 2222
    )


def test_secrets_are_sealed_and_survive_the_round_trip() -> None:
    """Clear passwords are sealed on parse; the stored mapping parses back to the same job."""
    job = parse_job(GOOD, seal, DEFAULT_TZ)
    assert job.target.password == "enc:v1:mieheg" and job.mail.smtp_password == "enc:v1:wpliam"
    mapping = to_mapping(job)
    assert "geheim" not in str(mapping)
    assert parse_job(mapping, seal, DEFAULT_TZ) == job


def test_incoming_invoices_need_their_own_format() -> None:
    """Exporting incoming invoices without choosing their format is refused."""
    bad = {**GOOD, "execution": {**GOOD["execution"], "incoming_invoices": True}}
    with pytest.raises(JobConfigError) as err:
        parse_job(bad, seal, DEFAULT_TZ)
    assert [p.field for p in err.value.problems] == ["execution.incoming_format"]


def test_key_only_for_sftp() -> None:
    """A private key on an FTP target is refused."""
    bad = {**GOOD, "target": {**GOOD["target"], "protocol": "ftp", "key": "-----BEGIN"}}
    with pytest.raises(JobConfigError) as err:
        parse_job(bad, seal, DEFAULT_TZ)
    assert "target.key" in {p.field for p in err.value.problems}
