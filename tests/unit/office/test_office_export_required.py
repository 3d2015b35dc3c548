"""Page 1's dialog marks as Pflichtfeld what the job model needs for the chosen target and source —
decided by the server, so it holds without JavaScript — and a stored job sent back unchanged saves.
Expected labels and asterisks are written out by hand."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

_STAR = ' <abbr title="Pflichtfeld">*</abbr></label>'


def _label(html: str, field_id: str) -> str:
    """The label element of the field with id ``field_id``, as served."""
    found = re.search(rf'<label for="{field_id}">[^\n]*</label>', html)
    assert found, field_id
    return found.group(0)


class _DialogForm(HTMLParser):
    """The fields the dialog's form sends as a browser without JavaScript would send them unchanged."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._inside = False
        self._select: str | None = None
        self._text: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._inside = a.get("id") == "dialog"
        elif not self._inside:
            return
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))
        elif tag == "textarea":
            self._text = a["name"]
            self.fields.append((a["name"], ""))
        elif tag == "input" and "name" in a and "form" not in a:
            kind = a.get("type", "text")
            if kind not in ("checkbox", "radio") or "checked" in a:
                self.fields.append((a["name"], a.get("value", "on")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._inside = False
        elif tag == "select":
            self._select = None


def _sent(html: str) -> dict[str, list[str]]:
    parser = _DialogForm()
    parser.feed(html)
    sent: dict[str, list[str]] = {}
    for name, value in parser.fields:
        sent.setdefault(name, []).append(value)
    return sent


def test_a_folder_target_marks_no_ftp_field_as_required(office_world) -> None:  # type: ignore[no-untyped-def]
    """With protocol „Ordner“ FTP Hostname and Benutzer carry no asterisk; with SFTP (a new job) they do."""
    office_world.add_job("ordner")
    client = office_world.client()
    office_world.login(client, "bernd")
    stored = client.get("/buchhaltungsexport/ordner").text
    assert '<option value="folder" selected>Ordner</option>' in stored
    assert _label(stored, "target-host") == '<label for="target-host">FTP Hostname</label>'
    assert _label(stored, "target-user") == '<label for="target-user">Benutzer</label>'
    new = client.get("/buchhaltungsexport/neu").text
    assert '<option value="sftp" selected>SFTP (SSH)</option>' in new
    assert _label(new, "target-host") == f'<label for="target-host">FTP Hostname{_STAR}'
    assert _label(new, "target-user") == f'<label for="target-user">Benutzer{_STAR}'


def test_a_folder_target_saves_without_host_and_user_and_sftp_still_needs_them(
    office_world, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """The server saves a folder target with FTP Hostname and Benutzer empty; SFTP refuses both empty."""
    client = office_world.client()
    csrf = office_world.login(client, "bernd")
    (tmp_path / "ziel").mkdir()
    form: dict[str, Any] = {
        "csrf": csrf,
        "name": "ordnerziel",
        "scope.serverside": "on",
        "source.kind": "transactions",
        "source.dir": str(tmp_path),
        "source.config": str(tmp_path / "bmd.json"),
        "target.protocol": "folder",
        "target.host": "",
        "target.user": "",
        "target.directory": str(tmp_path / "ziel"),
        "execution.mandanten": "100",
        "execution.document_types": "Rechnung",
        "execution.format": "bmd-einzelbuchungen",
        "schedule.interval": "daily",
        "schedule.at": "06:30",
    }
    saved = client.post("/buchhaltungsexport/neu", data=form)
    assert saved.status_code == 303, saved.text
    refused = client.post(
        "/buchhaltungsexport/neu", data={**form, "name": "sftpziel", "target.protocol": "sftp"}
    )
    assert refused.status_code == 400
    assert (
        '<span class="feldfehler" id="target-host-fehler" role="alert">Pflichtfeld fehlt</span>'
        in refused.text
    )
    assert (
        '<span class="feldfehler" id="target-user-fehler" role="alert">Pflichtfeld fehlt</span>'
        in refused.text
    )


def test_a_folder_source_marks_neither_belegarten_nor_format_as_required(office_world) -> None:  # type: ignore[no-untyped-def]
    """A folder source takes no Belegarten and no Format (the job model refuses both), so neither
    carries an asterisk; the source „Belege des Vorsystems“ (a new job) needs both and marks both."""
    office_world.add_job("ordner")
    client = office_world.client()
    office_world.login(client, "bernd")
    stored = client.get("/buchhaltungsexport/ordner").text
    assert '<option value="folder" selected>Ordner mit abgeschlossenen Importdateien</option>' in stored
    assert _label(stored, "execution-document_types") == (
        '<label for="execution-document_types">Belegarten</label>'
    )
    assert _label(stored, "execution-format") == '<label for="execution-format">Format</label>'
    new = client.get("/buchhaltungsexport/neu").text
    assert '<option value="transactions" selected>Belege des Vorsystems (Transaktionsexporte)</option>' in new
    assert _label(new, "execution-document_types") == (
        f'<label for="execution-document_types">Belegarten{_STAR}'
    )
    assert _label(new, "execution-format") == f'<label for="execution-format">Format{_STAR}'


def test_a_stored_folder_job_sent_back_unchanged_saves_and_belegarten_are_refused(office_world) -> None:  # type: ignore[no-untyped-def]
    """The dialog of a stored folder-to-folder job, sent back as shown, saves (its Format shows „—“);
    Belegarten typed in for that source are refused at their field in the dialog's words."""
    office_world.add_job("ordner")
    client = office_world.client()
    office_world.login(client, "bernd")
    shown = client.get("/buchhaltungsexport/ordner").text
    fields = _sent(shown)
    assert fields["execution.format"] == [""]
    saved = client.post("/buchhaltungsexport/ordner", data=fields)
    assert saved.status_code == 303, saved.text
    refused = client.post(
        "/buchhaltungsexport/ordner", data={**fields, "execution.document_types": ["Rechnung"]}
    )
    assert refused.status_code == 400
    assert (
        '<span class="feldfehler" id="execution-document_types-fehler" role="alert">eine Ordnerquelle liefert'
        " abgeschlossene Importdateien unverändert: Belegarten wählen geht nur mit der Quelle"
        " „Belege des Vorsystems“</span>"
    ) in refused.text
