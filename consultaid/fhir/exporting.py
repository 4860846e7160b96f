"""Exporting a final consultation to the hospital's record: as a file, or sent to its server.

The command line and the File menu both come here. A successful send is recorded in the audit log
(which server, the ids it returned); a failed one records nothing, so nothing is marked as sent
that the server did not accept.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from consultaid.clinic_settings import (
    SETTING_FHIR_BASE_URL,
    SETTING_FHIR_INSTALLATION,
    SETTING_FHIR_MRN_SYSTEM,
)
from consultaid.content.model import Procedure
from consultaid.errors import ConsultAidError
from consultaid.fhir.bundle import MRN_SYSTEM_DEFAULT, ExportSettings, build_bundle
from consultaid.fhir.credentials import load_token
from consultaid.fhir.push import PushResult, push
from consultaid.files import write_atomically
from consultaid.records import Store


def export_settings(store: Store) -> ExportSettings:
    installation = store.get_setting(SETTING_FHIR_INSTALLATION)
    if not installation:
        installation = str(uuid.uuid4())
        store.set_setting(SETTING_FHIR_INSTALLATION, installation)
    mrn_system = store.get_setting(SETTING_FHIR_MRN_SYSTEM) or MRN_SYSTEM_DEFAULT
    return ExportSettings(mrn_system=str(mrn_system), installation=str(installation))


def bundle_for(store: Store, consultation_id: int, procedure: Procedure) -> dict[str, Any]:
    return build_bundle(store, consultation_id, procedure, export_settings(store))


def write_bundle(store: Store, consultation_id: int, procedure: Procedure, out: Path) -> Path:
    """The transaction Bundle as a JSON file (owner-only: it holds the patient's record)."""
    bundle = bundle_for(store, consultation_id, procedure)
    write_atomically(out, json.dumps(bundle, ensure_ascii=False, indent=1).encode("utf-8"))
    return out


def send(
    store: Store,
    consultation_id: int,
    procedure: Procedure,
    *,
    token_folder: Path,
    base_url: str | None = None,
    token: str | None = None,
    attempts: int = 4,
    pause: Callable[[float], None] = time.sleep,
) -> PushResult:
    """Send the consultation to the hospital's FHIR server and record that it was accepted."""
    server = base_url or store.get_setting(SETTING_FHIR_BASE_URL)
    if not server:
        raise ConsultAidError(
            "No FHIR server is set; enter the hospital's FHIR address in Settings (or use "
            "--server), or save the bundle to a file instead."
        )
    secret = token or load_token(str(server), token_folder)
    if not secret:
        raise ConsultAidError(
            f"No token is saved for the FHIR server {server}; enter it in Settings."
        )
    bundle = bundle_for(store, consultation_id, procedure)
    result = push(bundle, str(server), secret, attempts=attempts, pause=pause)
    store.record_export(consultation_id, str(server), result.locations)
    return result
