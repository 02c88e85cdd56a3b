"""Pure text helpers shared by matching and the workbook readers."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def name_key(value: str) -> str:
    """The key under which names are matched: case- and whitespace-insensitive (DESIGN.md 3)."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value or "")).strip().casefold()


def clean_name(value: str) -> str:
    """A name as stored: NFC, single spaces, no leading or trailing space."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value or "")).strip()


def loose_key(value: str) -> str:
    """Headers and choice words are matched ignoring case, diacritics and spaces (DESIGN.md 7.2)."""
    decomposed = unicodedata.normalize("NFD", str(value or "").replace("đ", "d").replace("Đ", "D"))
    without_marks = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub("", without_marks).casefold()
