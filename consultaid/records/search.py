"""Folding names for search, so "Zoe" finds "Zoë", "lukas" finds "Łukasiewicz", "παπαδο" finds
"Παπαδόπουλος".

FTS5's `unicode61 remove_diacritics 2` folds Latin accents but not letters without a Unicode
decomposition (ł, ø, ß, đ …) nor Greek tonos, so the Store keeps a folded copy of each patient's
names and MRN in `patients.search_text`, indexes that, and folds the typed text the same way.
Changing `fold` changes what is indexed: it then needs a migration that rebuilds `search_text`.
"""

from __future__ import annotations

import unicodedata

_LETTERS = str.maketrans(
    {
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ħ": "h",
        "ŧ": "t",
        "ı": "i",
        "ŀ": "l",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "ς": "σ",
    }
)


def fold(text: str) -> str:
    """Lower case, accents and marks removed, stroke letters spelled plainly; NUL as space."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.translate(_LETTERS).replace("\x00", " ")


def search_text(mrn: str, family_name: str, given_names: str) -> str:
    """What the full-text index holds for one patient."""
    return fold(f"{family_name} {given_names} {mrn}")


def match_query(text: str) -> str:
    """An FTS5 query where every typed word must start a word of the patient's names or MRN.

    Each word becomes a quoted phrase with a prefix star, so punctuation inside an MRN ("AB-12")
    matches the same tokens it was indexed as, and nothing typed is read as FTS5 syntax.
    """
    typed = text.encode("utf-8", "ignore").decode("utf-8")  # drops lone surrogates
    words = fold(typed).split()
    return " ".join('"' + w.replace('"', '""') + '"*' for w in words if _has_token(w))


def _has_token(word: str) -> bool:
    return any(c.isalnum() for c in word)
