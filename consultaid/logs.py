"""The app's log: a small rotating file in the data folder that never holds patient details.

Only ids, event names and exception class names are logged. Error messages are not, because some
name what the user typed (a duplicate MRN, for example).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TextIO

LOG_NAME = "consultaid.log"
MAX_BYTES = 512 * 1024
BACKUPS = 3
log = logging.getLogger("consultaid")


def configure_logging(folder: Path) -> Path | None:
    """Log to `folder`/consultaid.log (rotating, owner-only); None if the folder is not writable."""
    path = folder / LOG_NAME
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = _private_handler(path)
        os.chmod(path, 0o600)  # a log written by an older version may be readable by others
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    for old in list(log.handlers):
        log.removeHandler(old)
        old.close()
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    return path


def close_logging() -> None:
    for handler in list(log.handlers):
        log.removeHandler(handler)
        handler.close()


def _private_handler(path: Path) -> logging.Handler:
    """A rotating handler whose every file, the ones it starts after each rotation included, is
    created owner-only (0600) whatever the umask."""
    from logging.handlers import RotatingFileHandler

    class PrivateRotatingFileHandler(RotatingFileHandler):
        def _open(self) -> TextIO:  # the one place FileHandler creates its file
            fd = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            return open(fd, "a", encoding=self.encoding, errors=self.errors)

    return PrivateRotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS)
