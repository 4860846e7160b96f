"""Where things live: the bundled resources and the user's database. Nothing else builds paths."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "ConsultAid"
DB_ENV = "CONSULTAID_DB"
DEFAULT_PACK = "mis-cervical-stabilization"


def resources_dir() -> Path:
    """The repository's resources/ (a checkout or editable install), else the installed copy."""
    beside = Path(__file__).resolve().parent.parent / "resources"
    if (beside / "procedures" / DEFAULT_PACK).is_dir():
        return beside
    return Path(sys.prefix) / "share" / "consultaid" / "resources"


def default_pack_dir() -> Path:
    return resources_dir() / "procedures" / DEFAULT_PACK


def data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    """`CONSULTAID_DB` if set, else consultaid.db in the user's data directory."""
    env = os.environ.get(DB_ENV)
    return Path(env) if env else data_dir() / "consultaid.db"


def signing_dir() -> Path:
    """The clinic's signing key and certificate on this computer (owner-only): in the user's data
    directory whichever database is open, so a copied or backed-up database never carries it."""
    return data_dir() / "signing"
