"""Settings' use-case for the clinic's signing certificate: which one signs, and importing one.

Qt-free, like every use-case; the Settings dialog presents it. The certificate belongs to this
computer (its key never goes into the database or anywhere else), so it lives in a folder the
composition root names, not in the clinic settings.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from consultaid.changes import Changes, Outcome, Status, refused
from consultaid.consent.signing import ClinicIdentity, import_pkcs12, load_identity
from consultaid.errors import ConsultAidError

NOT_SET_UP = "Documents are not signed on this computer: ConsultAid was started without records."
NONE_YET = (
    "None yet. The first time a consultation is finalized, ConsultAid makes a self-signed clinic "
    "certificate; import the clinic's own certificate here to sign with that instead."
)


class ClinicCertificate:
    """The certificate stored in `folder` (None: this session does not sign)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    @property
    def can_import(self) -> bool:
        return self.folder is not None

    def current(self) -> ClinicIdentity | None:
        """The stored identity, if there is one; reading never creates one."""
        return load_identity(self.folder) if self.folder is not None else None

    def describe(self) -> str:
        """Whose certificate signs the sealed documents and until when, in a sentence or two."""
        if self.folder is None:
            return NOT_SET_UP
        try:
            identity = self.current()
        except ConsultAidError as exc:
            return str(exc)
        if identity is None:
            return NONE_YET
        until = f"{identity.valid_until:%d %B %Y}".lstrip("0")
        if identity.valid_until <= datetime.now(UTC):
            return (
                f"{identity.holder}: expired on {until}. The next seal makes a self-signed clinic "
                "certificate; import a renewed certificate here."
            )
        if identity.self_signed:
            return (
                f"{identity.holder}: a self-signed clinic certificate, valid until {until}. "
                "PDF readers show the signature as intact but not vouched for by a certificate "
                "authority."
            )
        return f"{identity.holder}, issued by {identity.issuer}, valid until {until}."

    def import_file(self, path: Path, password: str) -> Outcome[ClinicIdentity]:
        """Import a PKCS#12 file as the clinic's certificate; a refusal says why in a sentence."""
        if self.folder is None:
            return refused(NOT_SET_UP)
        try:
            identity = import_pkcs12(path, password, self.folder)
        except ConsultAidError as exc:
            return refused(str(exc))
        return Outcome(Status.DONE, Changes(), identity)
