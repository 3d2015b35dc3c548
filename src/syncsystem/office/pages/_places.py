"""Where the pages 2–5 find their state: the "Ablageorte", kept as office options.

The export folder of the debtor interface (seed 002's BMDExportPath), the BMD configuration file
and the transactions folder of the booking export (seed 003), the folder keeping every range
export, the clearing store's database URL and the agent's profile folder. They are the same places
the CLI is pointed at (``--dir``, ``--config``, ``--transactions-dir``, ``--out-dir``, ``--db``,
``--home``/``--profile``), stored in the transfer state's ``options`` table under ``ablage.*``;
unset, they default to folders inside the state directory (the agent: its usual profile folder).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from syncsystem.agent.config import default_home
from syncsystem.messages import Message
from syncsystem.messages import codes as mc
from syncsystem.office.web import PAGE, Captions, Office

__all__ = ["LABELS", "Places", "check_places", "export_path_errors", "load_places", "save_places"]

LABELS: Captions[tuple[str, str]] = {  # each place's label and hint on the page Ablageorte
    "export_path": ("BMD Exportpfad für CSV Dateien", "Ordner der Debitoren-Schnittstelle (CLI: --dir)"),
    "bmd_config": ("Datei der BMD-Konfiguration", "JSON-Datei (CLI: --config)"),
    "transactions_dir": (
        "Ordner der Transaktionen",
        "Exporte des Vorsystems, *.json/*.csv (CLI: --transactions-dir)",
    ),
    "exports_dir": ("Ordner der BMD-Exporte", "hier bleibt jeder Export (CLI: --out-dir)"),
    "clearing_db": ("Datenbank des Zahlungsabgleichs", "sqlite:///… oder postgresql+psycopg://… (CLI: --db)"),
    "agent_dir": ("Profilordner des Agenten", "enthält agent.toml (CLI: --home … --profile …)"),
}


@dataclass(frozen=True, slots=True)
class Places:
    export_path: Path
    bmd_config: Path
    transactions_dir: Path
    exports_dir: Path
    clearing_db: str
    agent_dir: Path


def _defaults(state: Path) -> Places:
    return Places(
        state / "export",
        state / "bmd-konfiguration.json",
        state / "transaktionen",
        state / "bmd-exporte",
        f"sqlite:///{state / 'syncsystem.sqlite'}",
        default_home(os.environ) / "default",
    )


def load_places(office: Office) -> Places:
    """The places as set (or their defaults); the default folders are created on first use."""
    places = _defaults(office.state_dir)
    with office.transfer() as svc:
        for f in fields(Places):
            value = svc.store.option(f"ablage.{f.name}")
            if value:
                typed: Any = value if f.name == "clearing_db" else Path(value)
                places = replace(places, **{f.name: typed})
    for folder in (places.export_path, places.transactions_dir, places.exports_dir):
        if folder.is_relative_to(office.state_dir):
            folder.mkdir(parents=True, exist_ok=True)
    return places


def export_path_errors(value: str) -> dict[str, str]:
    """The export path's message, if it is not an existing folder given absolutely."""
    return {k: v for k, v in check_places({"export_path": value}).items() if k == "export_path"}


def check_places(values: Mapping[str, str]) -> dict[str, str]:
    """German message per wrong field: folders absolute and existing, the file's folder existing."""
    errors: dict[str, Message] = {}
    for name in ("export_path", "transactions_dir", "exports_dir", "agent_dir"):
        path = Path(values.get(name, ""))
        if not path.is_absolute():
            errors[name] = mc.OFFICE_PLACE_NOT_ABSOLUTE()
        elif not path.is_dir():
            errors[name] = mc.OFFICE_PLACE_NO_FOLDER(path=str(path))
    config = Path(values.get("bmd_config", ""))
    if not config.is_absolute() or not config.parent.is_dir():
        errors["bmd_config"] = mc.OFFICE_PLACE_FILE_FOLDER()
    url = values.get("clearing_db", "")
    if not url.startswith(("sqlite:///", "postgresql+psycopg://", "postgresql://")):
        errors["clearing_db"] = mc.OFFICE_PLACE_DB_URL()
    return {name: said.text(PAGE) for name, said in errors.items()}


def save_places(office: Office, values: Mapping[str, str]) -> None:
    """Store every place (after `check_places` found nothing wrong)."""
    with office.transfer() as svc:
        for f in fields(Places):
            svc.store.set_option(f"ablage.{f.name}", values[f.name])
