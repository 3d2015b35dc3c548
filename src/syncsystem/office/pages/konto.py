"""Mein Konto (every user): change one's own password. The current password is asked again; the
new one is typed twice. Other sessions of the user end; the one in use stays logged in.
"""

from __future__ import annotations

from starlette.responses import Response

from syncsystem.messages import Message
from syncsystem.messages import codes as mc
from syncsystem.office.accounts import AccountError, Role
from syncsystem.office.pages._forms import german
from syncsystem.office.web import COOKIE, PAGE, Form, NavEntry, Req, page_route, render, see_other

__all__ = ["NAV", "NOTICES", "routes"]

BASE = "/konto"
NAV = NavEntry("Mein Konto", BASE, Role.USER, order=99)
NOTICES = {"passwort_geaendert": mc.OFFICE_PASSWORD_CHANGED()}


def _page(req: Req, form: Form, status: int = 200) -> Response:
    return render(req, "konto.html", status=status, form=form, base=BASE)


def _show(req: Req) -> Response:
    return _page(req, Form())


def _check(req: Req, current: str, new: str, repeat: str) -> dict[str, str]:
    errors: dict[str, Message] = {}
    if not current:
        errors["current"] = mc.OFFICE_CURRENT_MISSING()
    if not new:
        errors["password"] = mc.OFFICE_NEW_MISSING()
    elif new != repeat:
        errors["repeat"] = mc.OFFICE_REPEAT_DIFFERS()
    if not errors:
        with req.office.accounts() as accounts:
            if accounts.check_password(req.user.name, current) is None:
                errors["current"] = mc.OFFICE_CURRENT_WRONG()
    return {field: said.text(PAGE) for field, said in errors.items()}


def _change(req: Req) -> Response:
    """Set the new password, or show each problem at its field (no password is sent back)."""
    current, new, repeat = ((req.form.get(k) or [""])[0] for k in ("current", "password", "repeat"))
    errors = _check(req, current, new, repeat)
    if not errors:
        try:
            with req.office.accounts() as accounts:
                accounts.set_password(req.user.name, new, keep_session=req.request.cookies.get(COOKIE))
        except AccountError as exc:
            errors[exc.field] = german(exc)
    if errors:
        note = mc.OFFICE_NOT_SENT_BACK().text(PAGE)
        notes = {name: note for name in ("current", "password", "repeat") if name not in errors}
        return _page(req, Form({}, errors, notes), 400)
    return see_other(BASE, "passwort_geaendert")


routes = [
    page_route(BASE, _show, Role.USER),
    page_route(BASE, _change, Role.USER, methods=("POST",)),
]
