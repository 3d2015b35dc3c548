"""Benutzer (Administrator): the office's users — list, create with an initial password, change the
role, deactivate and reactivate, reset the password. The same table as ``syncsystem office
add-user`` / ``office users`` (``office.sqlite``, `syncsystem.office.accounts`). The last active
Administrator can neither be deactivated nor demoted (the refusal stands at the field).
"""

from __future__ import annotations

from starlette.responses import Response

from syncsystem.messages import codes as mc
from syncsystem.office.accounts import AccountError, Role
from syncsystem.office.pages._forms import german
from syncsystem.office.web import PAGE, Form, NavEntry, Req, page_route, render, see_other

__all__ = ["NAV", "NOTICES", "routes"]

BASE = "/benutzer"
NAV = NavEntry("Benutzer", BASE, Role.ADMIN, order=95)
NOTICES = {
    "benutzer_angelegt": mc.OFFICE_USER_CREATED(),
    "rolle_geaendert": mc.OFFICE_USER_ROLE_CHANGED(),
    "benutzer_deaktiviert": mc.OFFICE_USER_DEACTIVATED(),
    "benutzer_aktiviert": mc.OFFICE_USER_ACTIVATED(),
    "passwort_zurueckgesetzt": mc.OFFICE_USER_PASSWORD_RESET(),
}
ROLES = [(Role.USER.value, Role.USER.label), (Role.ADMIN.value, Role.ADMIN.label)]


def _page(
    req: Req, new: Form | None = None, row: tuple[str, Form] | None = None, status: int = 200
) -> Response:
    with req.office.accounts() as accounts:
        users = accounts.users()
    rows = {u.name: Form({"role": u.role.value}) for u in users}
    if row is not None:
        rows[row[0]] = row[1]
    return render(
        req,
        "benutzer.html",
        status=status,
        users=users,
        rows=rows,
        roles=ROLES,
        base=BASE,
        new=new or Form({"role": Role.USER.value}),
    )


def _show(req: Req) -> Response:
    return _page(req)


def _role(raw: str) -> Role | None:
    return Role(raw) if raw in {r.value for r in Role} else None


def _create(req: Req) -> Response:
    """A new user with an initial password; nothing is stored unless every field is right."""
    name, role = req.field("name"), _role(req.field("role"))
    password = (req.form.get("password") or [""])[0]
    errors = {} if role else {"role": mc.OFFICE_USER_ROLE_MISSING().text(PAGE)}
    if not name:
        errors["name"] = mc.OFFICE_USER_NAME_MISSING().text(PAGE)
    if not errors and role is not None:
        try:
            with req.office.accounts() as accounts:
                accounts.add_user(name, role, password, req.office.clock.now())
        except AccountError as exc:
            errors[exc.field] = german(exc)
    if errors:
        notes = {} if "password" in errors else {"password": mc.OFFICE_PASSWORD_NOT_SENT().text(PAGE)}
        return _page(req, new=Form({"name": name, "role": req.field("role")}, errors, notes), status=400)
    return see_other(BASE, "benutzer_angelegt")


def _change(req: Req, values: dict[str, str], action: str) -> Response:
    """Run one change of the user in the path; a refusal is shown at that user's row field."""
    name = req.params["benutzer"]
    try:
        with req.office.accounts() as accounts:
            current = accounts.user(name)
            if action == "rolle":
                role = _role(values["role"])
                if role is None:
                    raise AccountError("role", mc.OFFICE_USER_ROLE_MISSING())
                accounts.set_role(name, role)
            elif action in ("deaktivieren", "aktivieren"):
                accounts.set_active(name, action == "aktivieren")
            else:
                accounts.set_password(name, values["password"])
    except AccountError as exc:
        shown = {"role": values.get("role", current.role.value)}
        return _page(req, row=(name, Form(shown, {exc.field: german(exc)})), status=400)
    notice = {
        "rolle": "rolle_geaendert",
        "deaktivieren": "benutzer_deaktiviert",
        "aktivieren": "benutzer_aktiviert",
        "passwort": "passwort_zurueckgesetzt",
    }[action]
    return see_other(BASE, notice)


def _set_role(req: Req) -> Response:
    return _change(req, {"role": req.field("role")}, "rolle")


def _deactivate(req: Req) -> Response:
    return _change(req, {}, "deaktivieren")


def _activate(req: Req) -> Response:
    return _change(req, {}, "aktivieren")


def _reset_password(req: Req) -> Response:
    return _change(req, {"password": (req.form.get("password") or [""])[0]}, "passwort")


routes = [
    page_route(BASE, _show, Role.ADMIN),
    page_route(f"{BASE}/neu", _create, Role.ADMIN, methods=("POST",)),
    page_route(f"{BASE}/{{benutzer}}/rolle", _set_role, Role.ADMIN, methods=("POST",)),
    page_route(f"{BASE}/{{benutzer}}/deaktivieren", _deactivate, Role.ADMIN, methods=("POST",)),
    page_route(f"{BASE}/{{benutzer}}/aktivieren", _activate, Role.ADMIN, methods=("POST",)),
    page_route(f"{BASE}/{{benutzer}}/passwort", _reset_password, Role.ADMIN, methods=("POST",)),
]
