"""The export dialog's buttons: Testen, host key, Test-Mail, (de)activate, duplicate, delete, run, the eye.

Each button is a POST route of its own, role-checked by `web.page_route`; a result is shown in the
dialog again (`exportdialog.stored_dialog`) or after a redirect with a notice. "Testen" walks the
CLI's four steps (login, write, read back, delete) and, on the first contact with an SFTP server,
shows its host key for confirmation before it is stored. The eye shows a stored password only to
an administrator who re-enters their own password, and only while the office option
"Administratoren dürfen gesetzte Passwörter einsehen" is on.
"""

from __future__ import annotations

import logging
from typing import Any

from starlette.responses import Response

from syncsystem.messages import Message
from syncsystem.messages import codes as mc
from syncsystem.office.accounts import Role
from syncsystem.office.exportdialog import BASE, failure_lines, stored_dialog
from syncsystem.office.jobform import field_errors
from syncsystem.office.pages._forms import german
from syncsystem.office.web import PAGE, Req, page_route, render, see_other
from syncsystem.transfer.config import JobConfigError, parse_job, to_mapping
from syncsystem.transfer.jobs import connection_test, load_job, run_job
from syncsystem.transfer.mail import MailError, MailKind, compose
from syncsystem.transfer.office_options import admins_may_reveal, effective_mail, load_smtp

__all__ = ["NAV", "NOTICES", "routes", "run_done"]

log = logging.getLogger(__name__)
NAV = None
NOTICES = {
    "enabled": mc.OFFICE_JOB_ENABLED(),
    "disabled": mc.OFFICE_JOB_DISABLED(),
    "duplicated": mc.OFFICE_JOB_DUPLICATED(),
    "deleted": mc.OFFICE_JOB_DELETED(),
    "host_key": mc.OFFICE_JOB_HOST_KEY(),
}
SECRET_FIELDS = ("target.password", "target.key", "mail.smtp_password")


def _test(req: Req) -> Response:
    name = req.params["name"]
    with req.office.transfer() as svc:
        job, _ = load_job(svc.store, svc.box, name, req.office.clock)
        result, seen = connection_test(svc, job, req.office.rng)
    return stored_dialog(req, name, test=result, host_key=seen)


def _host_key(req: Req) -> Response:
    """Pin the host key the user has just compared (validated and saved like any change)."""
    name = req.params["name"]
    with req.office.transfer() as svc:
        data, created = svc.store.job_config(name)
        data.setdefault("target", {})["host_key"] = req.field("host_key")
        try:
            job = parse_job(data, svc.box.seal, req.office.clock.tz, origin="formular")
        except JobConfigError as exc:
            return stored_dialog(req, name, status=400, errors=field_errors(exc.problems))
        svc.store.add_job(name, to_mapping(job), created, replace=True)
    return see_other(f"{BASE}/{name}", "host_key")


def _test_mail(req: Req) -> Response:
    name = req.params["name"]
    with req.office.transfer() as svc:
        job, _ = load_job(svc.store, svc.box, name, req.office.clock)
        mail = effective_mail(job.mail, load_smtp(svc.store))
        password = svc.box.open(mail.smtp_password) if mail.smtp_password else None
        try:
            svc.mailer(mail, password, compose(MailKind.TEST, mail, name, req.office.clock.now()))
            result = {"ok": True, "text": mc.OFFICE_JOB_MAIL_SENT(to=str(mail.to)).text(PAGE)}
        except MailError as exc:
            result = {"ok": False, "text": mc.OFFICE_JOB_MAIL_FAILED(reason=german(exc)).text(PAGE)}
    return stored_dialog(req, name, mail_result=result)


def _switch(enabled: bool) -> Any:
    def handler(req: Req) -> Response:
        name = req.params["name"]
        with req.office.transfer() as svc:
            svc.store.set_enabled(name, enabled)
        return see_other(f"{BASE}/{name}", "enabled" if enabled else "disabled")

    return handler


def _duplicate(req: Req) -> Response:
    """A deactivated copy named ``<name>-kopie`` (``-kopie-2``, … if taken), so nothing is sent twice."""
    name = req.params["name"]
    with req.office.transfer() as svc:
        data, _ = svc.store.job_config(name)
        taken = set(svc.store.job_names())
        copy = next(
            c for c in (f"{name}-kopie", *(f"{name}-kopie-{i}" for i in range(2, 1000))) if c not in taken
        )
        svc.store.add_job(copy, {**data, "name": copy}, req.office.clock.now(), replace=False, enabled=False)
    return see_other(f"{BASE}/{copy}", "duplicated")


def _confirm_delete(req: Req) -> Response:
    name = req.params["name"]
    with req.office.transfer() as svc:
        svc.store.job_config(name)  # 404 for an unknown job
    return render(req, "buchhaltungsexport_loeschen.html", name=name, base=BASE, error="")


def _delete(req: Req) -> Response:
    name = req.params["name"]
    if req.field("bestaetigt") != "ja":
        return render(
            req,
            "buchhaltungsexport_loeschen.html",
            name=name,
            base=BASE,
            status=400,
            error=mc.OFFICE_CONFIRM_DELETE().text(PAGE),
        )
    with req.office.transfer() as svc:
        svc.store.delete_job(name)
    return see_other(BASE, "deleted")


def run_done(files: int, size: int) -> Message:
    """The result of "Jetzt ausführen": "1 Datei", else "0 Dateien", "2 Dateien" (no "Datei(en)")."""
    if files == 1:
        return mc.OFFICE_JOB_RUN_DONE_ONE(bytes=size)
    return mc.OFFICE_JOB_RUN_DONE(files=files, bytes=size)


def _run_now(req: Req) -> Response:
    name = req.params["name"]
    with req.office.transfer() as svc:
        outcome = run_job(svc, name)
    if outcome.ok:
        said = run_done(len(outcome.delivered), outcome.bytes)
    else:
        reason = outcome.failure.text(PAGE) if outcome.failure else outcome.error
        said = mc.OFFICE_JOB_RUN_FAILED(reason=reason)
    # A refused file's problems come one per line below the head: shown as a list, as in the history.
    return stored_dialog(req, name, run_result={"ok": outcome.ok, **failure_lines(said.text(PAGE))})


def _reveal(req: Req) -> Response:
    """Show one stored secret to an administrator who has just re-entered their own password."""
    name, field = req.params["name"], req.field("feld")
    if field not in SECRET_FIELDS:
        field = "target.password"
    with req.office.transfer() as svc:
        allowed = admins_may_reveal(svc.store)
        data, _ = svc.store.job_config(name)
        section, _, key = field.partition(".")
        token = (data.get(section) or {}).get(key)
        with req.office.accounts() as accounts:
            own_ok = accounts.check_password(req.user.name, req.field("eigenes_passwort")) is not None
        error = None
        if not allowed:
            error = mc.OFFICE_REVEAL_OFF()
        elif not token:
            error = mc.OFFICE_NOTHING_STORED()
        elif not own_ok:
            log.warning(
                "office: reveal of %s/%s refused for %s: wrong own password", name, field, req.user.name
            )
            error = mc.OFFICE_OWN_PASSWORD_WRONG()
        if error is not None or not token:
            said = error.text(PAGE) if error else ""
            return stored_dialog(req, name, status=400, reveal_field=field, reveal_error=said)
        clear = svc.box.open(token).reveal()
    log.info("office: %s revealed %s of job %s", req.user.name, field, name)
    return stored_dialog(req, name, reveal_field=field, revealed=clear)


routes = [
    page_route(BASE + "/{name}/testen", _test, Role.USER, methods=["POST"]),
    page_route(BASE + "/{name}/hostschluessel", _host_key, Role.USER, methods=["POST"]),
    page_route(BASE + "/{name}/testmail", _test_mail, Role.USER, methods=["POST"]),
    page_route(BASE + "/{name}/aktivieren", _switch(True), Role.USER, methods=["POST"]),
    page_route(BASE + "/{name}/deaktivieren", _switch(False), Role.USER, methods=["POST"]),
    page_route(BASE + "/{name}/duplizieren", _duplicate, Role.USER, methods=["POST"]),
    page_route(BASE + "/{name}/ausfuehren", _run_now, Role.USER, methods=["POST"]),
    page_route(BASE + "/{name}/loeschen", _confirm_delete, Role.ADMIN),
    page_route(BASE + "/{name}/loeschen", _delete, Role.ADMIN, methods=["POST"]),
    page_route(BASE + "/{name}/passwort", _reveal, Role.ADMIN, methods=["POST"]),
]
