"""The command line: version, help, demo, check, backup and summary, each failing with one clear
sentence."""

import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from consultaid import __version__
from consultaid.cli import main
from consultaid.content import load_procedure
from tests.demo_ids import final_id


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "consultaid", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})},
        timeout=120,
    )


def test_version_and_help():
    out = run("--version")
    assert out.returncode == 0 and __version__ in out.stdout
    helped = run("--help")
    assert helped.returncode == 0
    for command in ("demo", "check", "backup", "--db"):
        assert command in helped.stdout


def test_demo_then_check_passes(tmp_path: Path, capsys):
    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    assert main(["check", "--db", str(db)]) == 0
    assert "sound" in capsys.readouterr().out
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("SELECT family_name, given_names FROM patients").fetchall()
        statuses = {r[0] for r in conn.execute("SELECT status FROM consultations")}
    finally:
        conn.close()
    assert len(rows) == 3
    assert any(not name.isascii() for row in rows for name in row)
    assert statuses == {"draft", "final"}


def test_database_path_from_the_environment(tmp_path: Path):
    db = tmp_path / "env.db"
    out = run("demo", env={"CONSULTAID_DB": str(db)})
    assert out.returncode == 0, out.stderr
    assert db.is_file()


def test_check_on_a_damaged_file_exits_1_with_one_sentence(tmp_path: Path):
    db = tmp_path / "broken.db"
    db.write_bytes(b"this is not a database" * 100)
    before = db.read_bytes()
    out = run("check", "--db", str(db))
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    assert "backup" in out.stderr.lower()
    assert db.read_bytes() == before


def test_check_on_a_missing_file_exits_1(tmp_path: Path):
    out = run("check", "--db", str(tmp_path / "nothing.db"))
    assert out.returncode == 1
    assert "Traceback" not in out.stderr and out.stderr.strip()


def test_backup_writes_an_openable_copy(tmp_path: Path, capsys):
    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    copy = tmp_path / "copy.db"
    assert main(["backup", "--db", str(db), "--out", str(copy)]) == 0
    assert main(["check", "--db", str(copy)]) == 0


def test_broken_pack_on_the_command_line_exits_1(tmp_path: Path):
    (tmp_path / "procedure.toml").write_text("id = [\n", encoding="utf-8")
    out = run("demo", "--db", str(tmp_path / "x.db"), "--pack", str(tmp_path))
    assert out.returncode == 1
    assert "procedure.toml" in out.stderr and "Traceback" not in out.stderr


def test_resources_are_found_in_an_installed_copy_too(tmp_path: Path, monkeypatch):
    from consultaid import paths

    installed = tmp_path / "share" / "consultaid" / "resources"
    (installed / "procedures" / paths.DEFAULT_PACK).mkdir(parents=True)
    monkeypatch.setattr(paths, "__file__", str(tmp_path / "site-packages" / "consultaid" / "x.py"))
    monkeypatch.setattr(paths.sys, "prefix", str(tmp_path))
    assert paths.resources_dir() == installed


def _pdf_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


def test_summary_prints_with_the_pack_the_demo_was_made_with(pack_copy: Path, tmp_path, capsys):
    # The copy's one change, a test marker inside the reported range (not a clinical figure).
    toml = pack_copy / "procedure.toml"
    text = toml.read_text(encoding="utf-8")
    start = text.index('id = "dysphagia-persistent"')
    at = text.index("about = 15\n", start)
    toml.write_text(text[:at] + "about = 20\n" + text[at + len("about = 15\n") :], "utf-8")
    copy, bundled = load_procedure(pack_copy), load_procedure()
    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db), "--pack", str(pack_copy)]) == 0
    conn = sqlite3.connect(db)
    try:
        statuses = dict(conn.execute("SELECT id, status FROM consultations ORDER BY id"))
    finally:
        conn.close()
    assert set(statuses.values()) == {"draft", "final"}
    capsys.readouterr()
    for cid, status in statuses.items():
        out = tmp_path / f"summary-{cid}.pdf"
        args = ["summary", str(cid), "--db", str(db), "--out", str(out)]
        assert main([*args, "--pack", str(pack_copy)]) == 0
        printed = _pdf_text(out)
        assert "About 20 in 100" in printed
        assert "About 15 in 100" not in printed
        again = tmp_path / f"again-{cid}.pdf"
        args = ["summary", str(cid), "--db", str(db), "--out", str(again)]
        if status == "final":
            # Sealed with the copy: printed as stored, whatever pack is given.
            assert main(args) == 0 and again.read_bytes() == out.read_bytes()
            continue
        assert main(args) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "open it with the pack it was held with" in err
        assert copy.content_version[:12] in err and bundled.content_version[:12] in err
        assert not again.exists()


def test_verify_names_the_sealed_document_and_refuses_a_changed_copy(tmp_path: Path, capsys):
    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    cid = final_id(db)
    pdf = tmp_path / "form.pdf"
    assert main(["summary", str(cid), "--db", str(db), "--out", str(pdf)]) == 0
    capsys.readouterr()
    assert main(["verify", str(pdf), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert f"of consultation {cid}" in out and "sealed on" in out and "by " in out
    changed = tmp_path / "changed.pdf"
    data = bytearray(pdf.read_bytes())
    data[len(data) // 2] ^= 0x01
    changed.write_bytes(bytes(data))
    assert main(["verify", str(changed), "--db", str(db)]) == 1
    assert "NOT a sealed document" in capsys.readouterr().err
    assert main(["verify", str(tmp_path / "missing.pdf"), "--db", str(db)]) == 1
    assert "cannot be read" in capsys.readouterr().err


def test_check_names_a_changed_final_consultation_and_exits_1(tmp_path: Path, capsys):
    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    cid = final_id(db)
    conn = sqlite3.connect(db, isolation_level=None)
    for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'questions'"
    ).fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute("UPDATE questions SET answer = 'changed' WHERE consultation_id = ?", (cid,))
    conn.close()
    capsys.readouterr()
    assert main(["check", "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert f"Consultation {cid}" in err and "questions" in err and "backup" in err
