"""File → Save for / Send to the hospital record: a final consultation as FHIR, saved or sent.

Sending talks to a server that may be slow or away (with retries, up to a couple of minutes), so
it runs on a worker thread; the window stays usable and says when the server has answered.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction

from consultaid.changes import Outcome
from consultaid.consultation import Consultations
from consultaid.ui.prompts import Prompts

FAILED_TITLE = "Not sent to the hospital record"


class HospitalExport(QObject):
    """The two File menu commands; `finished` carries the outcome of a send, on the GUI thread."""

    finished = Signal(object)

    def __init__(
        self,
        consultations: Consultations,
        prompts: Prompts,
        token_folder: Path,
        make_action: Callable[[str, Callable[[], object]], QAction],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.consultations = consultations
        self.prompts = prompts
        self.token_folder = token_folder
        self.save_action = make_action("Save for the hospital record (FHIR)…", self.save_file)
        self.send_action = make_action("Send to the hospital record", self.send)
        self.sending: threading.Thread | None = None
        self.finished.connect(self._sent)

    @property
    def actions(self) -> tuple[QAction, ...]:
        return (self.save_action, self.send_action)

    def follow(self, is_final: bool) -> None:
        """Only a final consultation goes to the hospital's record."""
        self.save_action.setEnabled(is_final)
        self.send_action.setEnabled(is_final and self.sending is None)

    def save_file(self) -> None:
        record = self.consultations.record
        if record is None:
            return
        day = record.consultation.started_at.date().isoformat()
        suggested = f"consultation-{record.consultation.id}-{day}.fhir.json"  # no MRN, no name
        out = self.prompts.save_file(
            "Save for the hospital record", suggested, "FHIR JSON (*.json)"
        )
        if out is None:
            return
        outcome = self.consultations.export_fhir(out)
        if outcome.refused:
            self.prompts.error("Not saved", outcome.message)
        else:
            self.prompts.info(
                "Saved", f"The consultation was saved for the hospital record in {out}."
            )

    def send(self) -> None:
        record = self.consultations.record
        if record is None or self.sending is not None:
            return
        cid = record.consultation.id
        self.send_action.setEnabled(False)

        def work() -> None:
            self.finished.emit((cid, self.consultations.send_to_hospital(self.token_folder, cid)))

        self.sending = threading.Thread(target=work, name="fhir-send", daemon=True)
        self.sending.start()

    def _sent(self, result: tuple[int, Outcome]) -> None:
        cid, outcome = result
        if self.sending is not None:
            self.sending.join()
        self.sending = None
        record = self.consultations.record
        self.follow(record is not None and record.consultation.is_final)
        if outcome.refused:
            self.prompts.error(FAILED_TITLE, outcome.message)
            return
        count = len(outcome.value.statuses)
        self.prompts.info(
            "Sent to the hospital record",
            f"Consultation {cid} was accepted by the hospital's server ({count} records).",
        )
