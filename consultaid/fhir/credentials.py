"""The FHIR server's bearer token: in the system's keyring where there is one, else owner-only.

A token opens the hospital's record, so it is never kept in the database (whose backups travel)
nor in the settings. Without a usable keyring (a server, a desktop with none unlocked) it goes to
`fhir-tokens.json` in the data folder, readable by this user only (0600 on POSIX).
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from consultaid.errors import ConsultAidError

SERVICE = "ConsultAid FHIR server"
FILE_NAME = "fhir-tokens.json"
_UNUSABLE = ("keyring.backends.fail", "keyring.backends.null")


def _keyring():  # type: ignore[no-untyped-def]
    """The keyring module if a real backend is there, else None (imported only when needed)."""
    try:
        import keyring
        from keyring.backends.chainer import ChainerBackend
    except ImportError:
        return None
    backend = keyring.get_keyring()
    if type(backend).__module__ in _UNUSABLE:
        return None
    if isinstance(backend, ChainerBackend) and not backend.backends:
        return None
    return keyring


def save_token(base_url: str, token: str, folder: Path) -> str:
    """Store the token for this server; returns where ("the system keyring" or the file)."""
    if not token.strip():
        raise ConsultAidError("The token is empty; paste the token the hospital gave you.")
    ring = _keyring()
    if ring is not None:
        try:
            ring.set_password(SERVICE, base_url, token)
            return "the system keyring"
        except Exception:
            pass
    tokens = _read(folder)
    tokens[base_url] = token
    _write(folder, tokens)
    return str(folder / FILE_NAME)


def load_token(base_url: str, folder: Path) -> str | None:
    ring = _keyring()
    if ring is not None:
        with contextlib.suppress(Exception):
            found = ring.get_password(SERVICE, base_url)
            if found:
                return found
    return _read(folder).get(base_url)


def _read(folder: Path) -> dict[str, str]:
    try:
        data = json.loads((folder / FILE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _write(folder: Path, tokens: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / FILE_NAME
    tmp = folder / f".{FILE_NAME}.new"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(tokens, f)
            f.flush()
            os.fsync(f.fileno())
        if os.name == "posix":
            os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except OSError as exc:
        raise ConsultAidError(
            f"The token could not be saved in {folder} ({exc.strerror or type(exc).__name__}); "
            "check that the folder is writable and the disk is not full."
        ) from exc
