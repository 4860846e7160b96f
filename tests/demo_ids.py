"""The ids of the demo's consultations (`consultaid demo`), read as a test would, by status."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def consultation_id(db: Path, status: str) -> int:
    conn = sqlite3.connect(db)
    try:
        row = conn.execute(
            "SELECT id FROM consultations WHERE status = ? ORDER BY id LIMIT 1", (status,)
        ).fetchone()
    finally:
        conn.close()
    assert row is not None, f"the demo has no {status} consultation"
    return row[0]


def final_id(db: Path) -> int:
    return consultation_id(db, "final")


def draft_id(db: Path) -> int:
    return consultation_id(db, "draft")
