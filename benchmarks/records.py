"""Records speed on a large database, against bare SQLite baselines measured in the same run.

Builds its own file (100,000 patients, 250,000 consultations by default) in a temporary folder,
then times, through the Store, a patient search as the surgeon types, one autosaved edit, and
opening a patient's history. Baselines in the same file and process: a bare `SELECT 1` for the
reads and a bare one-row INSERT + COMMIT (the fsync floor of WAL with synchronous=FULL) for the
edit. Prints medians, 95th percentiles, the targets of the records issue and the ratios.

    python benchmarks/records.py [--patients N] [--consultations N] [--samples N]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from consultaid.records import Store
from consultaid.records.database import CACHE_KIB
from consultaid.records.search import match_query, search_text

FAMILY = [
    "Smith",
    "Jones",
    "Nguyễn",
    "García",
    "Müller",
    "Lefèvre",
    "Łukasiewicz",
    "Kowalski",
    "Rossi",
    "Novák",
    "Øster",
    "Dubois",
    "Papadopoulos",
    "Παπαδόπουλος",
    "Ιωάννου",
    "Кузнецов",
    "Иванова",
    "Björk",
    "Sørensen",
    "Çelik",
    "Yılmaz",
    "Öztürk",
    "Fernández",
    "O'Brien",
    "MacLeod",
    "Haddad",
    "Cohen",
    "Okafor",
    "Mensah",
    "Tanaka",
    "Suzuki",
    "Kim",
    "Park",
    "Chen",
    "Wang",
]
SYLLABLES = [
    "an",
    "bel",
    "cor",
    "dan",
    "el",
    "fin",
    "gar",
    "hol",
    "is",
    "jen",
    "kor",
    "lin",
    "mar",
    "nor",
    "ol",
    "pet",
    "quin",
    "ros",
    "sal",
    "tor",
    "ul",
    "vin",
]
GIVEN = [
    "Zoë",
    "Anna",
    "Jan",
    "Ελένη",
    "Ольга",
    "José",
    "Amélie",
    "Søren",
    "Mohammed",
    "Aiyana",
    "Chidi",
    "Mei",
    "Ana",
    "Lukas",
    "Zoey",
]
CLINICIANS = ("Dr Adams", "Dr Baker", "Dr Chen")
LEVELS = ("C5-C6", "C6-C7", "C5-C6,C6-C7", "C4-C5", "C3-C4")


def family_name(rng: random.Random) -> str:
    """A mix of common names and invented ones, so prefixes match tens to thousands of people."""
    base = rng.choice(FAMILY)
    return base if rng.random() < 0.3 else base + "".join(rng.sample(SYLLABLES, 2))


def build(path: Path, patients: int, consultations: int, rng: random.Random) -> list[str]:
    """Create the schema through the Store, then bulk-insert rows; returns the family names."""
    Store.open(path).close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")
    start = datetime(2015, 1, 1, tzinfo=UTC)
    families: list[str] = []

    def patient_rows():
        for i in range(1, patients + 1):
            family, given, mrn = family_name(rng), rng.choice(GIVEN), f"MRN-{i:07d}"
            families.append(family)
            when = (start + timedelta(minutes=i)).isoformat(timespec="microseconds")
            dob = f"{rng.randint(1930, 2005)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            sex = rng.choice(("female", "male"))
            yield i, mrn, family, given, dob, sex, search_text(mrn, family, given), when, when

    def consultation_rows():
        for i in range(1, consultations + 1):
            when = (start + timedelta(minutes=rng.randint(0, 5_000_000))).isoformat(
                timespec="microseconds"
            )
            final = rng.random() < 0.8
            yield (
                i, rng.randint(1, patients), rng.choice(CLINICIANS), when,
                "final" if final else "draft", when if final else None,
                rng.choice(CLINICIANS) if final else None, "mis-cervical-stabilization",
                "0" * 64, rng.choice(LEVELS), when,
            )  # fmt: skip

    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO patients (id, mrn, family_name, given_names, date_of_birth, sex,"
        " search_text, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        patient_rows(),
    )
    conn.executemany(
        "INSERT INTO consultations (id, patient_id, clinician, started_at, status, finalized_at,"
        " finalized_by, pack_id, content_version, levels, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        consultation_rows(),
    )
    conn.execute("COMMIT")
    conn.close()
    return families


def timed(fn: Callable[[], object], samples: int) -> list[float]:
    """Milliseconds per call, after a few warm-up calls."""
    for _ in range(3):
        fn()
    out = []
    for _ in range(samples):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def cycling(calls: list[Callable[[], object]]) -> Callable[[], object]:
    state = iter(calls * 1000)
    return lambda: next(state)()


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--consultations", type=int, default=250_000)
    parser.add_argument("--samples", type=int, default=300)
    args = parser.parse_args()
    rng = random.Random(20250615)

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "consultaid.db"
        t0 = time.perf_counter()
        families = build(path, args.patients, args.consultations, rng)
        built = time.perf_counter() - t0
        size = path.stat().st_size / 1e6
        print(f"built {args.patients:,} patients, {args.consultations:,} consultations, "
              f"{size:.0f} MB, in {built:.1f} s")  # fmt: skip

        with Store.open(path, actor="benchmark") as store:
            typed: list[str] = []
            for _ in range(100):
                name = rng.choice(families)
                typed.append(name[: rng.randint(3, 6)])
            typed += [f"MRN-{rng.randint(1, args.patients):07d}"[:9] for _ in range(30)]
            typed += [f"{rng.choice(families)[:4]} {rng.choice(GIVEN)[:2]}" for _ in range(30)]
            search = cycling([lambda q=q: store.search_patients(q) for q in typed])

            ids = [rng.randint(1, args.patients) for _ in range(200)]
            history = cycling(
                [lambda p=p: (store.get_patient(p), store.list_consultations(p)) for p in ids]
            )

            draft = store.start_consultation(1, "Dr Bench", "C5-C6", "pack", "0" * 64)
            flips = iter(range(10**9))
            edit = lambda: store.set_risk_discussed(  # noqa: E731
                draft.id, "infection", next(flips) % 2 == 0
            )

            bare = sqlite3.connect(path, isolation_level=None)
            bare.execute("PRAGMA synchronous = FULL")
            bare.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            bare.execute("CREATE TABLE IF NOT EXISTS bench_scratch (x)")
            baselines = {
                "patient search": cycling([lambda q=q: bare_search(bare, q) for q in typed]),
                "autosaved edit": lambda: (
                    bare.execute("BEGIN IMMEDIATE"),
                    bare.execute("INSERT INTO bench_scratch VALUES (1)"),
                    bare.execute("COMMIT"),
                ),
                "patient history": cycling([lambda p=p: bare_history(bare, p) for p in ids]),
            }
            measures = {
                "patient search": search,
                "autosaved edit": edit,
                "patient history": history,
            }
            try:
                floor = timed(lambda: bare.execute("SELECT 1").fetchone(), args.samples)
                results = {
                    name: (timed(fn, args.samples), timed(baselines[name], args.samples))
                    for name, fn in measures.items()
                }
                bare.execute("DROP TABLE bench_scratch")
            finally:
                bare.close()
    report(results, floor)


def bare_search(conn: sqlite3.Connection, typed: str) -> list[tuple]:
    """The same FTS5 query without the Store: no validation, no dataclasses, no transaction."""
    return conn.execute(
        "SELECT p.* FROM patients_fts JOIN patients p ON p.id = patients_fts.rowid"
        " WHERE patients_fts MATCH ? ORDER BY p.search_text, p.id LIMIT 50",
        (match_query(typed),),
    ).fetchall()


def bare_history(conn: sqlite3.Connection, patient_id: int) -> list[tuple]:
    conn.execute("SELECT * FROM patients WHERE id = ?", (patient_id,)).fetchone()
    return conn.execute(
        "SELECT * FROM consultations WHERE patient_id = ? ORDER BY started_at DESC", (patient_id,)
    ).fetchall()


TARGETS_MS = {"patient search": 5.0, "autosaved edit": 5.0, "patient history": 10.0}
BASELINES = {
    "patient search": "the same FTS5 query and page cache in bare sqlite3",
    "autosaved edit": "a bare one-row INSERT + COMMIT (WAL, synchronous=FULL)",
    "patient history": "the same two SELECTs in bare sqlite3",
}


def report(results: dict[str, tuple[list[float], list[float]]], floor: list[float]) -> None:
    print(f"bare SELECT 1 (the floor of any read): median {statistics.median(floor):.4f} ms")
    print(
        f"{'measure':<17}{'median ms':>10}{'p95':>8}{'max':>8}{'target':>8}"
        f"{'baseline ms':>13}{'ratio':>8}"
    )
    slow = False
    for name, (values, base) in results.items():
        median, base_median = statistics.median(values), statistics.median(base)
        ok = median <= TARGETS_MS[name]
        slow |= not ok
        print(
            f"{name:<17}{median:>10.3f}{p95(values):>8.3f}{max(values):>8.3f}"
            f"{'≤' + format(TARGETS_MS[name], 'g'):>8}{base_median:>13.3f}"
            f"{median / base_median:>7.1f}×  {'ok' if ok else 'SLOW'}"
        )
    for name, text in BASELINES.items():
        print(f"  baseline for {name}: {text}")
    if slow:
        sys.exit(1)


if __name__ == "__main__":
    main()
