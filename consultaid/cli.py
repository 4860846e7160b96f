"""The command line: starts the app, or runs one of the record-keeping commands without a screen.

Qt is imported only when the window is wanted, so the commands stay fast and work on a server.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from consultaid import __version__
from consultaid.errors import ConsultAidError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="consultaid",
        description=(
            "ConsultAid: an illustrated consent consultation for minimally invasive cervical "
            "stabilization. Without a command, starts the app."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _common(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _common(commands.add_parser("start", help="start the app (the default)"))
    demo = commands.add_parser("demo", help="add three fictional patients and consultations")
    _common(demo)
    check = commands.add_parser("check", help="verify the database; exit 1 if it is unsound")
    _common(check)
    backup = commands.add_parser(
        "backup", help="write a consistent copy of the database (safe while the app is open)"
    )
    _common(backup)
    backup.add_argument("--out", type=Path, required=True, help="the backup file to write")
    verify = commands.add_parser(
        "verify", help="say whether a PDF is, byte for byte, a sealed document of the database"
    )
    _common(verify)
    verify.add_argument("pdf", type=Path, metavar="FILE.pdf", help="the PDF to verify")
    export = commands.add_parser(
        "export",
        help="the FHIR R4 transaction bundle of a final consultation, to a file or the "
        "hospital's FHIR server",
    )
    _common(export)
    export.add_argument("consultation_id", type=int, metavar="ID", help="the consultation id")
    export.add_argument("--fhir", type=Path, metavar="OUT.json", help="write the bundle here")
    export.add_argument(
        "--push", action="store_true", help="send it to the FHIR server set in Settings"
    )
    export.add_argument(
        "--server", metavar="URL", help="the FHIR server's base URL (instead of the one set)"
    )
    for name, what in (("summary", "consent form"), ("leaflet", 'leaflet "Your operation"')):
        document = commands.add_parser(
            name,
            help=f"write the {what} of a consultation: the sealed one if it is final, "
            "else a draft marked as not signed",
        )
        _common(document)
        document.add_argument("consultation_id", type=int, metavar="ID", help="the consultation id")
        document.add_argument("--out", type=Path, required=True, help="the PDF file to write")
        document.add_argument(
            "--document",
            type=int,
            metavar="N",
            help=f"write sealed {what} N of this consultation exactly as stored "
            "(an earlier version, from before an amendment)",
        )
    return parser


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        type=Path,
        default=argparse.SUPPRESS,
        help="the database file (default: $CONSULTAID_DB, else consultaid.db in your data folder)",
    )
    parser.add_argument(
        "--pack",
        type=Path,
        default=argparse.SUPPRESS,
        help="a content pack folder to use instead of the bundled one",
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except ConsultAidError as exc:
        print(f"consultaid: {exc}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    db = getattr(args, "db", None)
    pack = getattr(args, "pack", None)
    if args.command in (None, "start"):
        from consultaid.ui.app import run_app

        return run_app(db_path=db, pack_path=pack)
    return COMMANDS[args.command](args, db, pack)


def _db_path(db: Path | None) -> Path:
    from consultaid.paths import default_db_path

    return db or default_db_path()


def _demo(args: argparse.Namespace, db: Path | None, pack: Path | None) -> int:
    from consultaid.content import load_procedure
    from consultaid.records import Store
    from consultaid.records.demo import add_demo_data

    procedure = load_procedure(pack)
    with Store.open(_db_path(db)) as store:
        added = add_demo_data(store, procedure)
        print(f"Added {len(added)} fictional patients to {store.path}.")
    return 0


def _check(args: argparse.Namespace, db: Path | None, pack: Path | None) -> int:
    """Read-only: the file is never migrated or written, even when it is an older backup."""
    from consultaid.paths import data_dir
    from consultaid.records.checks import check_file

    report = check_file(_existing(_db_path(db)), log_folder=data_dir())
    for note in report.notes:
        print(f"{report.path}: {note}")
    if report.ok:
        print(f"{report.path}: sound (schema version {report.schema_version}).")
        return 0
    print(f"{report.path}: {len(report.problems)} problem(s) found.", file=sys.stderr)
    for problem in report.problems:
        print(f"  - {problem}", file=sys.stderr)
    print(
        "Restore the file from a backup made before the change (File → Restore from backup), "
        "or ask for help before using it.",
        file=sys.stderr,
    )
    return 1


def _existing(path: Path) -> Path:
    if not path.is_file():
        raise ConsultAidError(
            f"There is no database at {path}; check the path, or start ConsultAid once to "
            "create it."
        )
    return path


def _verify(args: argparse.Namespace, db: Path | None, pack: Path | None) -> int:
    from consultaid.records import Store

    try:
        pdf = args.pdf.read_bytes()
    except OSError as exc:
        raise ConsultAidError(
            f"{args.pdf} cannot be read ({exc.strerror or type(exc).__name__}); check the path."
        ) from exc
    with Store.open(_db_path(db), create=False) as store:
        match = store.find_sealed(pdf)
    if match is None:
        print(
            f"{args.pdf} is NOT a sealed document of {_db_path(db)}: no sealed document has "
            "exactly these bytes (it was changed, or comes from another database).",
            file=sys.stderr,
        )
        return 1
    doc = match.document
    when = match.sealed_at.astimezone().strftime("%Y-%m-%d %H:%M %Z")
    print(
        f"{args.pdf} is sealed document {doc.id} ({doc.kind}) of consultation "
        f"{doc.consultation_id}, sealed on {when} by {match.sealed_by}; SHA-256 {doc.sha256}."
    )
    if match.superseded_by is not None:
        print(f"It was later superseded by document {match.superseded_by} after an amendment.")
    return 0


def _backup(args: argparse.Namespace, db: Path | None, pack: Path | None) -> int:
    from consultaid.records import Store

    with Store.open(_db_path(db), create=False) as store:
        out = store.backup(args.out)
    print(f"Backed up {_db_path(db)} to {out}.")
    return 0


def _summary(args: argparse.Namespace, db: Path | None, pack: Path | None) -> int:
    return _write_document(args, db, pack, "consent-form", "consent form")


def _leaflet(args: argparse.Namespace, db: Path | None, pack: Path | None) -> int:
    return _write_document(args, db, pack, "leaflet", "leaflet")


def _write_document(
    args: argparse.Namespace, db: Path | None, pack: Path | None, kind: str, name: str
) -> int:
    """A draft prints with the pack given by --pack (the bundled one if none), which must be the
    pack it was held with; a final consultation prints its stored seal of `kind`, and says its
    SHA-256 (a document cannot print its own fingerprint)."""
    import hashlib

    from consultaid.consent.sealing import printable_pdf, sealed_documents, sealed_pdf
    from consultaid.content import load_procedure
    from consultaid.files import write_atomically
    from consultaid.paths import signing_dir
    from consultaid.records import Store

    cid = args.consultation_id
    with Store.open(_db_path(db), create=False) as store:
        if args.document is not None:
            pdf = sealed_pdf(store, cid, args.document, kind)
        else:
            pdf = printable_pdf(store, cid, load_procedure(pack), kind, signing_dir())
        sealed = sealed_documents(store, cid, kind)
    write_atomically(args.out, pdf)
    digest = hashlib.sha256(pdf).hexdigest()
    stored = {d.sha256 for d in sealed}
    if args.document is not None:
        print(f"Wrote sealed {name} {args.document} of consultation {cid} to {args.out}.")
        print(f"SHA-256: {digest}")
        return 0
    print(f"Wrote the {name} of consultation {cid} to {args.out}.")
    if digest in stored:
        print(f"Sealed; SHA-256: {digest}")
    if len(sealed) > 1:
        word = "document" if len(sealed) == 2 else "documents"
        earlier = ", ".join(str(d.id) for d in sealed[:-1])
        print(f"Earlier sealed versions: {word} {earlier}; write one with --document N.")
    return 0


def _export(args: argparse.Namespace, db: Path | None, pack: Path | None) -> int:
    """The token comes from CONSULTAID_FHIR_TOKEN, else from where Settings stored it."""
    import os

    from consultaid.consent.sealing import seal_all
    from consultaid.content import load_procedure
    from consultaid.fhir.exporting import send, write_bundle
    from consultaid.paths import data_dir, signing_dir
    from consultaid.records import Store

    if args.fhir is None and not args.push:
        raise ConsultAidError("Say where the bundle goes: --fhir OUT.json, --push, or both.")
    procedure = load_procedure(pack)
    cid = args.consultation_id
    with Store.open(_db_path(db), create=False) as store:
        if store.get_consultation(cid).is_final:
            seal_all(store, cid, procedure, signing_dir())  # the documents travel sealed
        if args.fhir is not None:
            write_bundle(store, cid, procedure, args.fhir)
            print(f"Wrote the FHIR bundle of consultation {cid} to {args.fhir}.")
        if args.push:
            result = send(
                store,
                cid,
                procedure,
                token_folder=data_dir(),
                base_url=args.server,
                token=os.environ.get("CONSULTAID_FHIR_TOKEN") or None,
            )
            print(
                f"Sent consultation {cid}: the server accepted {len(result.statuses)} records "
                f"({', '.join(loc for loc in result.locations if loc) or 'no ids given'})."
            )
    return 0


COMMANDS = {
    "demo": _demo,
    "check": _check,
    "verify": _verify,
    "export": _export,
    "backup": _backup,
    "summary": _summary,
    "leaflet": _leaflet,
}
