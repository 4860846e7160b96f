"""Tamper evidence: does the file still say what the audit chain recorded?

Four questions, each answered with sentences that name the consultation and what no longer
matches: does the chain hold; does every final consultation still hash to the snapshot taken when
it was finalized (or last amended); is every stored document the one the chain names, and every
named document still there; and does the chain agree with the anchors written outside the file.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable

from consultaid.records import anchors, chain, migrations, snapshot

SNAPSHOT_ACTIONS = ("finalize", "amend", migrations.SNAPSHOT_AT_MIGRATION)
DOCUMENT_ACTIONS = ("add_document", migrations.DOCUMENT_AT_MIGRATION)
RESTORE = "restore a backup made before it changed (File → Restore from backup)"


def problems(conn: sqlite3.Connection, in_force: Iterable[anchors.Anchor]) -> list[str]:
    found = chain.verify(conn)
    found += _consultation_problems(conn)
    found += _document_problems(conn)
    found += anchors.problems(conn, in_force)
    return found


QUICK_ROWS = 5000


def quick_problems(conn: sqlite3.Connection, in_force: list[anchors.Anchor]) -> list[str]:
    """What start-up can afford: the protective triggers, the newest anchor, and the chain's
    last few thousand rows (or all rows since that anchor, if more). `check` does the rest."""
    present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    found = [
        f"The protective trigger {name} is missing; final records are exposed."
        for name in sorted(migrations.PROTECTIVE_TRIGGERS - present)
    ]
    newest = in_force[-1:] if in_force else []
    found += anchors.problems(conn, newest)
    start = conn.execute(
        "SELECT id, prev_hash FROM audit_log ORDER BY id DESC LIMIT 1 OFFSET ?", (QUICK_ROWS,)
    ).fetchone()
    if start is not None and newest and newest[0].last_id < start[0]:
        start = conn.execute(
            "SELECT id, prev_hash FROM audit_log WHERE id > ? ORDER BY id LIMIT 1",
            (newest[0].last_id,),
        ).fetchone()
    if start is None:
        return found + chain.verify(conn)
    return found + chain.verify(conn, after_id=start[0] - 1, after_hash=start[1])


def _consultation_problems(conn: sqlite3.Connection) -> list[str]:
    latest: dict[int, chain.ChainRow] = {}
    for row in chain.rows_of(conn, SNAPSHOT_ACTIONS):
        if row.consultation_id is not None:
            latest[row.consultation_id] = row
    status = dict(conn.execute("SELECT id, status FROM consultations").fetchall())
    found = []
    for cid, row in sorted(latest.items()):
        if status.get(cid) != "final":
            now = "is missing" if cid not in status else "is a draft again"
            found.append(
                f"Consultation {cid} was finalized (audit row {row.id}, {row.at[:10]}) but "
                f"{now}; {RESTORE}."
            )
    for cid, current in snapshot.final_table_hashes(conn):
        row = latest.get(cid)
        if row is None or row.detail.get("snapshot") == snapshot.whole(current):
            continue
        parts = ", ".join(snapshot.differences(row.detail, current)) or "its rows"
        found.append(
            f"Consultation {cid} no longer matches what was recorded when it was "
            f"{_done(row)} on {row.at[:10]} by {row.actor}: {parts} changed; {RESTORE}."
        )
    for cid in sorted(c for c, s in status.items() if s == "final" and c not in latest):
        found.append(
            f"Consultation {cid} is final but the audit log never recorded it being finalized; "
            f"it was made final behind the app's back, so {RESTORE}."
        )
    return found


def _done(row: chain.ChainRow) -> str:
    return {"amend": "last amended", "finalize": "finalized"}.get(row.action, "chained")


def _document_problems(conn: sqlite3.Connection) -> list[str]:
    named: dict[int, chain.ChainRow] = {}
    for row in chain.rows_of(conn, DOCUMENT_ACTIONS):
        if row.row_id is not None:
            named[row.row_id] = row
    found = []
    stored = conn.execute("SELECT id, consultation_id, sha256, pdf FROM documents ORDER BY id")
    seen = set()
    for doc_id, cid, digest, pdf in stored:
        seen.add(doc_id)
        row = named.get(doc_id)
        actual = hashlib.sha256(pdf).hexdigest()  # each PDF is hashed once per check
        if actual != digest:
            found.append(f"Document {doc_id} no longer matches its SHA-256.")
        if row is None:
            found.append(
                f"Document {doc_id} of consultation {cid} was added behind the app's back (the "
                "audit log never recorded it); it is not treated as a sealed document. Remove it "
                f"by restoring: {RESTORE}."
            )
        elif actual != row.detail.get("sha256"):
            found.append(
                f"Document {doc_id} of consultation {cid} is not the PDF sealed on "
                f"{row.at[:10]}: its bytes no longer match the SHA-256 the audit log recorded; "
                f"{RESTORE}."
            )
        elif row.consultation_id != cid:
            found.append(
                f"Document {doc_id} was sealed for consultation {row.consultation_id} but now "
                f"belongs to consultation {cid}; {RESTORE}."
            )
    for doc_id, row in sorted(named.items()):
        if doc_id not in seen:
            found.append(
                f"Document {doc_id} of consultation {row.consultation_id}, sealed on "
                f"{row.at[:10]}, is missing; {RESTORE}."
            )
    return found
