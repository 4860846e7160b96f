"""A small disk cache for work that can always be redone: the parsed pack, converted pictures.

Entries live in the user's cache folder, named by a SHA-256 key that covers everything they were
made from, so a stale entry is never found, only left unused. Anything unreadable is treated as
missing and rebuilt; a cache that cannot be written only costs speed. The folder is the user's
own, as trusted as the database and the pack themselves (entries are pickles).
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

from consultaid.paths import cache_dir


def entry(kind: str, key: str) -> Path:
    return cache_dir() / kind / f"{key}.pickle"


def load(kind: str, key: str) -> Any | None:
    try:
        with entry(kind, key).open("rb") as f:
            return pickle.load(f)
    except FileNotFoundError:
        return None
    except Exception:  # a damaged or foreign file: rebuilding is always safe
        return None


def save(kind: str, key: str, value: Any) -> None:
    path = entry(kind, key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        with tmp.open("wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except (OSError, pickle.PicklingError):
        return
