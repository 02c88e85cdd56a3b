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


def without_diacritics(value: str) -> str:
    """Vietnamese written without its marks: `Đăk Tô` → `Dak To`."""
    decomposed = unicodedata.normalize("NFD", str(value or "").replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def loose_key(value: str) -> str:
    """Headers and choice words are matched ignoring case, diacritics and spaces (DESIGN.md 7.2)."""
    return _SPACES.sub("", without_diacritics(value)).casefold()


def single_line(value: str) -> str:
    """Text for a one-line place such as an email subject: line breaks, tabs and other control characters become
    single spaces (a header with a line break in it is refused, or worse, read as two headers)."""
    text = "".join(" " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch for ch in str(value or ""))
    return _SPACES.sub(" ", text).strip()


# Yes/no as Vietnamese officials write it in a form or a workbook ("có", "Không", "đạt", "chưa đạt"), and as a
# program writes it (true/false, 1/0). One set for every reader.
YES_WORDS = frozenset({"co", "dat", "true", "yes", "1"})
NO_WORDS = frozenset({"khong", "khongdat", "chuadat", "false", "no", "0"})


def read_yes_no(value) -> bool | None:
    """`có`/`không` (and their other spellings) as True/False; None if the word is neither."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    key = loose_key(value)
    if key in YES_WORDS:
        return True
    if key in NO_WORDS:
        return False
    return None


def yes_no_word(value: bool) -> str:
    """How files write a yes/no: “có” or “không” (read back by read_yes_no)."""
    return "có" if value else "không"


# A text starting with one of these becomes a formula when a spreadsheet opens or re-enters it (CSV/formula
# injection, OWASP): every export of user text neutralises it here, and only text (a number stays a number).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def starts_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def neutralise_formula(value):
    """User text as a text file (CSV, TSV, JSON …) may carry it: a leading apostrophe, which spreadsheets show as
    text and never evaluate. Numbers, dates and other text are returned as they are."""
    return "'" + value if starts_like_formula(value) else value


def restore_neutralised(value):
    """The text `neutralise_formula` wrote, read back: the apostrophe it added is dropped, so an export imported
    again changes nothing."""
    if isinstance(value, str) and value.startswith("'") and starts_like_formula(value[1:]):
        return value[1:]
    return value
