"""A full disk and a read-only file or folder: a sentence saying so, nothing saved is lost, and
the same edit succeeds when retried once the problem is gone.

The full disk is SQLite's `max_page_count` on the Store's own connection (`Store._db.raw`: there is
no public hook, and the app must never need one). Read-only is simulated two ways: `PRAGMA
query_only` on an open Store (a file that becomes unwritable mid-session), and real file and folder
permissions for a fresh process. Root ignores permissions, so as root that process runs under
`setpriv` without CAP_DAC_OVERRIDE, which makes the permission bits bind again.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from consultaid.errors import DatabaseError
from consultaid.records import Consultation, Patient, Store
from consultaid.strokes import Stroke
from tests.reliability import state
from tests.reliability.processes import ENV, REPO, consultaid, one_sentence_error, sha256

BIG = "Ω" * 40_000  # 80 KB of UTF-8: more than the free space left in any page
UNLIMITED = 1_073_741_823

# The n-th of a run of edits of one kind; large ones fill the disk at once, small ones after a few.
Edit = Callable[[Store, Patient, Consultation, int], object]

EDITS: dict[str, Edit] = {
    "add a question": lambda s, p, c, n: s.add_question(c.id, f"{n} {BIG}", "answer"),
    "answer a question": lambda s, p, c, n: s.update_question(
        s.load_record(c.id).questions[0].id, answer=f"{n} {BIG}"
    ),
    "save a drawing": lambda s, p, c, n: s.save_annotation(
        c.id, "incision", [Stroke("red", tuple((i / 3, n + i / 7) for i in range(4000)))]
    ),
    "set an answer": lambda s, p, c, n: s.set_answer(c.id, "history", f"{n} {BIG}"),
    "tick a risk": lambda s, p, c, n: s.set_risk_discussed(c.id, f"risk-{n}", True),
    "add a patient": lambda s, p, c, n: s.add_patient(
        f"MRN-N{n}", "Ŋ" * 150, "Ŧ" * 150, date(1990, 1, 1), "male"
    ),
    "start a consultation": lambda s, p, c, n: s.start_consultation(
        p.id, "Dr Full", "C4-C5", "pack", f"v{n}"
    ),
    "finalize (with large clinic settings to snapshot)": lambda s, p, c, n: s.finalize(
        c.id, "Dr Full"
    ),
}


@pytest.fixture
def clinic_store(tmp_path: Path) -> Iterator[Store]:
    """The clinic's Store, acting as "Dr Full", with clinic settings large enough that
    finalizing (which snapshots them) needs pages of its own."""
    with Store.open(tmp_path / "clinic.db", actor="Dr Full") as s:
        s.set_setting("consent_footer", BIG)
        yield s


@pytest.fixture
def patient(clinic_store: Store) -> Patient:
    return clinic_store.add_patient("MRN-F1", "Al-Sayed", "Mariam", date(1975, 5, 5), "female")


@pytest.fixture
def draft(clinic_store: Store, patient: Patient) -> Consultation:
    c = clinic_store.start_consultation(patient.id, "Dr Full", "C5-C6", "pack", "v1")
    clinic_store.add_question(c.id, "How long in a collar?", "")
    clinic_store.set_risk_discussed(c.id, "dysphagia", True)
    return c


def _everything(store: Store) -> tuple[state.State, int]:
    """All the records and the length of the audit log: a half-saved edit would change either."""
    mrns = [p.mrn for p in store.search_patients("", limit=10_000)] + ["MRN-F1"]
    mrns += [f"MRN-N{n}" for n in range(200)]
    return state.observe(store, mrns), len(store.audit_entries())


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_a_full_disk_is_a_sentence_loses_nothing_and_the_retry_succeeds(
    clinic_store: Store, patient: Patient, draft: Consultation, edit: str
):
    conn = clinic_store._db.raw
    conn.execute(f"PRAGMA max_page_count = {conn.execute('PRAGMA page_count').fetchone()[0]}")
    for n in range(200):  # the clinic goes on working until the disk is full
        before = _everything(clinic_store)
        try:
            EDITS[edit](clinic_store, patient, draft, n)
        except DatabaseError as exc:
            message = str(exc)
            break
    else:
        pytest.fail("the disk never filled")
    assert "is full; free some space and try again" in message
    assert str(clinic_store.path) in message
    assert _everything(clinic_store) == before, "half an edit was saved, or an earlier one lost"
    assert clinic_store.check().ok

    conn.execute(f"PRAGMA max_page_count = {UNLIMITED}")
    EDITS[edit](clinic_store, patient, draft, n)  # the same edit, retried, now succeeds
    after = _everything(clinic_store)
    assert after[1] == before[1] + 1 and after[0] != before[0]
    assert clinic_store.check().ok
    checked = consultaid("check", "--db", clinic_store.path)
    assert checked.returncode == 0, checked.stderr


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_a_file_that_became_read_only_is_a_sentence_and_loses_nothing(
    clinic_store: Store, patient: Patient, draft: Consultation, edit: str
):
    """`query_only` makes SQLite answer every write as it does for a read-only file."""
    before = _everything(clinic_store)
    clinic_store._db.raw.execute("PRAGMA query_only = ON")
    with pytest.raises(DatabaseError) as caught:
        EDITS[edit](clinic_store, patient, draft, 0)
    assert "cannot be written because it or its folder is read-only" in str(caught.value)
    assert _everything(clinic_store) == before
    # `check` only reads, through a connection of its own, so a read-only file is still checked.
    assert clinic_store.check().ok
    clinic_store._db.raw.execute("PRAGMA query_only = OFF")
    EDITS[edit](clinic_store, patient, draft, 0)
    assert _everything(clinic_store)[1] == before[1] + 1
    assert clinic_store.check().ok


def _without_root_privilege() -> list[str] | None:
    """A command prefix under which file permissions bind, or None if there is none here."""
    if os.name != "posix":
        return None
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    caps = "-dac_override,-dac_read_search"
    prefix = [setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}"]
    probe = subprocess.run([*prefix, "true"], capture_output=True, timeout=30)
    return prefix if probe.returncode == 0 else None


UNPRIVILEGED = _without_root_privilege()


def _consultaid_unprivileged(*args: str | Path) -> subprocess.CompletedProcess[str]:
    assert UNPRIVILEGED is not None
    return subprocess.run(
        [*UNPRIVILEGED, sys.executable, "-m", "consultaid", *map(str, args)],
        capture_output=True,
        text=True,
        env=ENV,
        cwd=REPO,
        timeout=60,
    )


@pytest.fixture
def clinic_folder(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "clinic"
    with Store.open(folder / "consultaid.db") as s:
        p = s.add_patient("MRN-RO", "Kowalczyk", "Zofia", date(1949, 9, 9), "female")
        s.add_question(s.start_consultation(p.id, "Dr", "C5-C6", "pack", "v1").id, "Pain?", "")
    yield folder
    folder.chmod(0o755)


@pytest.mark.skipif(UNPRIVILEGED is None, reason="cannot make file permissions bind here")
@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_file_or_folder_is_one_sentence_and_nothing_changes(
    clinic_folder: Path, what: str
):
    db = clinic_folder / "consultaid.db"
    if what == "file":
        db.chmod(0o400)
    else:
        clinic_folder.chmod(0o555)
    digest = sha256(db)
    names = sorted(p.name for p in clinic_folder.iterdir())
    message = one_sentence_error(_consultaid_unprivileged("demo", "--db", db))
    assert "cannot be written because it or its folder is read-only" in message
    assert str(db) in message
    # `check` never writes, so it checks a read-only file or a file in a read-only folder.
    checked = _consultaid_unprivileged("check", "--db", db)
    assert checked.returncode == 0 and "sound" in checked.stdout, checked.stderr
    assert sha256(db) == digest
    # A read-only file is opened (records could be read) and its first write refused; SQLite may
    # leave an empty -wal and its index beside it, which the next writable open tidies away.
    left = {p.name for p in clinic_folder.iterdir()} - set(names)
    assert left <= {f"{db.name}-wal", f"{db.name}-shm"}, left
    assert not any(Path(f"{db}-wal").stat().st_size for _ in left & {f"{db.name}-wal"})
    db.chmod(0o600)
    clinic_folder.chmod(0o755)
    with Store.open(db) as s:
        assert s.patient_by_mrn("MRN-RO") is not None
        assert s.check().ok


@pytest.mark.skipif(UNPRIVILEGED is None, reason="cannot make file permissions bind here")
def test_a_new_database_in_a_read_only_folder_is_one_sentence(tmp_path: Path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        message = one_sentence_error(_consultaid_unprivileged("demo", "--db", folder / "new.db"))
    finally:
        folder.chmod(0o755)
    assert "Permission denied" in message and "choose another file with --db" in message
    assert not any(folder.iterdir())
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755
