"""Message codes — the datacenter's advisor pages: their notices and refusals (`datacenter.pages`,
`datacenter.users_page`, `datacenter.roles`, the users store's form checks).

The pages speak German; the English words serve an API client or a later English page.
"""

from __future__ import annotations

from syncsystem.messages.code import declare as _code

__all__ = [
    "DC_CLOCK_SIMULATED",
    "DC_FORBIDDEN_PAGE",
    "DC_FOREIGN_ORIGIN",
    "DC_FORM_BROKEN",
    "DC_HEADER_NO_KIND",
    "DC_IMPORT_ALREADY",
    "DC_IMPORT_BAD_MANDANT",
    "DC_IMPORT_DONE",
    "DC_IMPORT_PROBLEM",
    "DC_IMPORT_PROBLEMS",
    "DC_IMPORT_REFUSED",
    "DC_IMPORT_REFUSED_OTHER",
    "DC_IMPORT_TOO_LARGE",
    "DC_IMPORT_TOO_MANY_ROWS",
    "DC_LOGIN_FAILED",
    "DC_LOGIN_LINK_USED",
    "DC_NIGHTLY_ALL_SAVED",
    "DC_NIGHTLY_CARRIED",
    "DC_NIGHTLY_NONE_SAVED",
    "DC_NIGHTLY_NONE_TICKED",
    "DC_NIGHTLY_REFUSED",
    "DC_NIGHTLY_SAVED",
    "DC_NIGHTLY_TICKED",
    "DC_NOTICE_AUTO",
    "DC_NOTICE_LOGOUT",
    "DC_NOT_SIGNED_IN",
    "DC_PAGE_METHOD",
    "DC_PAGE_UNKNOWN",
    "DC_SYNC_MANY",
    "DC_SYNC_MORE",
    "DC_SYNC_NONE_CHOSEN",
    "DC_SYNC_ONE",
    "DC_SYNC_REFUSED",
    "DC_USER_AUTO_SAVED",
    "DC_USER_CREATED",
    "DC_USER_DEACTIVATED",
    "DC_USER_EMAIL",
    "DC_USER_LAST_ADMIN",
    "DC_USER_NAME",
    "DC_USER_NEW_TOKEN",
    "DC_USER_ROLE",
    "DC_USER_ROLE_CHANGED",
    "DC_USER_UNKNOWN",
    "DC_USER_UNKNOWN_ACTIVE",
]

# the overview (datacenter.pages): sign-in, sync requests, uploads; a POST from another site
DC_NOTICE_LOGOUT = _code("datacenter.page.logged_out")
DC_NOTICE_AUTO = _code("datacenter.page.auto_started")
DC_FOREIGN_ORIGIN = _code("datacenter.page.foreign_origin")
DC_LOGIN_FAILED = _code("datacenter.page.login_failed")
DC_LOGIN_LINK_USED = _code("datacenter.page.login_link_used")
DC_NOT_SIGNED_IN = _code("datacenter.page.not_signed_in")
DC_FORBIDDEN_PAGE = _code("datacenter.page.forbidden", "role")
DC_PAGE_UNKNOWN = _code("datacenter.page.unknown")
DC_PAGE_METHOD = _code("datacenter.page.method")
DC_FORM_BROKEN = _code("datacenter.page.form_broken")
DC_CLOCK_SIMULATED = _code("datacenter.page.clock_simulated", "day", "time")
DC_SYNC_ONE = _code("datacenter.sync.requested_one", "mandant")
DC_SYNC_MANY = _code("datacenter.sync.requested_many", "count", "mandanten")
DC_SYNC_MORE = _code("datacenter.sync.requested_more", "count", "mandanten", "more")
DC_SYNC_NONE_CHOSEN = _code("datacenter.sync.none_chosen")
DC_SYNC_REFUSED = _code("datacenter.sync.refused", "reason")
DC_IMPORT_PROBLEM = _code("datacenter.upload.refused_problem", "mandant")
DC_IMPORT_PROBLEMS = _code("datacenter.upload.refused_problems", "mandant", "count")
DC_IMPORT_REFUSED = _code("datacenter.upload.refused", "reason")
DC_IMPORT_TOO_MANY_ROWS = _code("datacenter.upload.too_many_rows", "most", "together")
DC_IMPORT_TOO_LARGE = _code("datacenter.upload.too_large", "limit")
DC_IMPORT_BAD_MANDANT = _code("datacenter.upload.bad_mandant")
DC_IMPORT_REFUSED_OTHER = _code("datacenter.upload.refused_other", "reason")
DC_HEADER_NO_KIND = _code("datacenter.upload.no_kind", "start")  # bmd.header.no_kind without --kind
DC_IMPORT_DONE = _code("datacenter.upload.done", "mandant", "rows")
DC_IMPORT_ALREADY = _code("datacenter.upload.already", "mandant")
# the office's own pages (datacenter.users_page) and the checks of their forms (store.users)
DC_USER_ROLE_CHANGED = _code("datacenter.users.role_changed")
DC_USER_AUTO_SAVED = _code("datacenter.users.auto_saved")
DC_USER_DEACTIVATED = _code("datacenter.users.deactivated")
DC_USER_CREATED = _code("datacenter.users.created", "name")
DC_USER_NEW_TOKEN = _code("datacenter.users.new_token", "name")
DC_USER_UNKNOWN = _code("datacenter.users.unknown")
DC_USER_UNKNOWN_ACTIVE = _code("datacenter.users.unknown_active")
DC_USER_NAME = _code("datacenter.users.name", "most")
DC_USER_EMAIL = _code("datacenter.users.email", "email")
DC_USER_ROLE = _code("datacenter.users.role")
DC_USER_LAST_ADMIN = _code("datacenter.users.last_admin")
DC_NIGHTLY_SAVED = _code("datacenter.settings.nightly_saved")
DC_NIGHTLY_REFUSED = _code("datacenter.settings.nightly_refused", "reason")
DC_NIGHTLY_ALL_SAVED = _code("datacenter.settings.nightly_all_saved")
DC_NIGHTLY_NONE_SAVED = _code("datacenter.settings.nightly_none_saved")
DC_NIGHTLY_TICKED = _code("datacenter.settings.nightly_ticked", "count", "total")
DC_NIGHTLY_NONE_TICKED = _code("datacenter.settings.nightly_none_ticked", "total")
DC_NIGHTLY_CARRIED = _code("datacenter.settings.nightly_carried")
