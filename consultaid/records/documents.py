"""Consent PDFs as given to the patient: stored with their SHA-256 and never changed afterwards.

Every document row is sealed when written (triggers refuse UPDATE and DELETE). A corrected
summary after an amendment is a new document that names the one it supersedes.
"""

from __future__ import annotations

import hashlib
import sqlite3

from consultaid.errors import DatabaseError
from consultaid.records import codec, validation
from consultaid.records.base import StoreBase
from consultaid.records.codec import DOCUMENT_COLUMNS
from consultaid.records.record import CHAINED
from consultaid.records.rows import Document, SealedMatch


class DocumentsMixin(StoreBase):
    def add_document(
        self, consultation_id: int, kind: str, pdf: bytes, *, supersedes_id: int | None = None
    ) -> Document:
        """Store a PDF of the consultation (final or not); `supersedes_id` names an earlier one."""
        validation.identifier(kind, "kind")
        if not isinstance(pdf, bytes) or not pdf.startswith(b"%PDF-"):
            raise ValueError("pdf must be the bytes of a PDF file")
        digest = hashlib.sha256(pdf).hexdigest()

        def work(conn: sqlite3.Connection) -> Document:
            self._status(conn, consultation_id)
            if supersedes_id is not None:
                old = conn.execute(
                    "SELECT consultation_id FROM documents WHERE id = ?", (supersedes_id,)
                ).fetchone()
                if old is None or old["consultation_id"] != consultation_id:
                    raise ValueError(f"document {supersedes_id} is not of this consultation")
            now = self._now()
            cur = conn.execute(
                "INSERT INTO documents (consultation_id, kind, pdf, sha256, created_at,"
                " supersedes_id) VALUES (?, ?, ?, ?, ?, ?)",
                (consultation_id, kind, pdf, digest, now, supersedes_id),
            )
            self._audit(
                conn,
                "add_document",
                "documents",
                cur.lastrowid,
                consultation_id,
                at=now,
                detail={"sha256": digest, "kind": kind},
            )
            row = conn.execute(
                f"SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id = ?", (cur.lastrowid,)
            ).fetchone()
            return codec.document(row)

        document = self._db.write(work)
        self._anchor(f"sealed document {document.id} of consultation {consultation_id}")
        return document

    def list_documents(self, consultation_id: int) -> tuple[Document, ...]:
        def work(conn: sqlite3.Connection) -> tuple[Document, ...]:
            rows = conn.execute(
                f"SELECT {DOCUMENT_COLUMNS} FROM documents WHERE consultation_id = ?"
                f" AND {CHAINED} ORDER BY id",
                (consultation_id,),
            )
            return tuple(codec.document(r) for r in rows)

        return self._db.read(work)

    def document_pdf(self, document_id: int) -> bytes:
        """The stored PDF, refused if its bytes no longer match the SHA-256 taken when stored."""

        def work(conn: sqlite3.Connection) -> tuple[bytes, str, bool]:
            row = conn.execute(
                f"SELECT pdf, sha256, {CHAINED} AS chained FROM documents WHERE id = ?",
                (document_id,),
            ).fetchone()
            if row is None:
                raise KeyError(f"no document {document_id}")
            return bytes(row["pdf"]), row["sha256"], bool(row["chained"])

        pdf, digest, chained = self._db.read(work)
        if not chained or hashlib.sha256(pdf).hexdigest() != digest:
            raise DatabaseError(
                f"Document {document_id} in {self._db.path} no longer matches its fingerprint; "
                "restore the database from a backup (File → Restore from backup)."
            )
        return pdf

    def find_sealed(self, pdf: bytes) -> SealedMatch | None:
        """The stored document these bytes are, exactly, if the audit chain names it; else None.

        Who sealed it and when come from the chain row, not from the document row itself.
        """
        digest = hashlib.sha256(pdf).hexdigest()

        def work(conn: sqlite3.Connection) -> SealedMatch | None:
            row = conn.execute(
                "SELECT documents.id AS id, documents.consultation_id AS consultation_id, kind,"
                " documents.sha256 AS sha256, length(pdf) AS size, created_at, supersedes_id,"
                " c.status AS status, a.at AS sealed_at, a.actor AS sealed_by,"
                " (SELECT min(n.id) FROM documents n WHERE n.supersedes_id = documents.id)"
                " AS superseded_by FROM documents"
                " JOIN consultations c ON c.id = documents.consultation_id"
                " JOIN audit_log a ON a.table_name = 'documents' AND a.row_id = documents.id"
                " AND json_extract(a.detail, '$.sha256') = documents.sha256"
                " WHERE documents.sha256 = ? ORDER BY documents.id LIMIT 1",
                (digest,),
            ).fetchone()
            if (
                row is None
                or hashlib.sha256(
                    conn.execute("SELECT pdf FROM documents WHERE id = ?", (row["id"],)).fetchone()[
                        0
                    ]
                ).hexdigest()
                != digest
            ):
                return None
            return SealedMatch(
                codec.document(row),
                codec.when(row["sealed_at"]),
                row["sealed_by"],
                row["status"],
                row["superseded_by"],
            )

        return self._db.read(work)
