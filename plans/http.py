"""Reading request parameters and writing download headers safely: whatever a user types or a URL carries, a
malformed parameter is a 400 (never a 500), and a file name never breaks a header.

The figure, report and account pages all read their integer and choice parameters through `int_param` and
`choice_param`, and name their downloads through `attachment_disposition`.
"""

import re
import unicodedata
from collections.abc import Iterable, Mapping
from urllib.parse import quote

from django.core.exceptions import BadRequest

from plans.text import without_diacritics

# An id, a version or a year: an optional sign and at most 18 digits, so it fits a 64-bit database integer.
_INTEGER = re.compile(r"\A[+-]?\d{1,18}\Z")
_UNSAFE_IN_ASCII_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_CONTROL_OR_SEPARATOR = re.compile(r"[\x00-\x1f\x7f\"\\/]+")


def int_param(
    params: Mapping,
    name: str,
    *,
    default: int | None = None,
    min_value: int | None = None,
    max_value: int | None = None,
) -> int | None:
    """An integer query or form parameter (`request.GET`, `request.POST`). Absent or blank: `default`. Anything
    else that is not a whole number in range raises BadRequest, which Django answers with a 400."""
    raw = params.get(name)
    if raw is None or str(raw).strip() == "":
        return default
    text = str(raw).strip()
    if not _INTEGER.match(text):
        raise BadRequest(f"Tham số “{name}” phải là một số nguyên.")
    value = int(text)
    if (min_value is not None and value < min_value) or (max_value is not None and value > max_value):
        raise BadRequest(f"Tham số “{name}” nằm ngoài khoảng cho phép.")
    return value


def choice_param(params: Mapping, name: str, choices: Iterable[str], *, default: str | None = None) -> str | None:
    """A parameter that must be one of `choices`. Absent or blank: `default`; anything else raises BadRequest."""
    raw = params.get(name)
    if raw is None or str(raw).strip() == "":
        return default
    value = str(raw).strip()
    if value not in set(choices):
        raise BadRequest(f"Tham số “{name}” không hợp lệ.")
    return value


def ascii_file_name(name: str) -> str:
    """A file name every client and header accepts: `Báo cáo 2024.docx` → `Bao-cao-2024.docx`."""
    return _UNSAFE_IN_ASCII_NAME.sub("-", without_diacritics(name)).strip("-.") or "tep"


def attachment_disposition(name: str) -> str:
    """The Content-Disposition of a download: a safe ASCII `filename` for old clients, and the real name (in
    UTF-8, RFC 5987) for the others. Quotes, slashes and control characters never reach the header."""
    real = _CONTROL_OR_SEPARATOR.sub("-", unicodedata.normalize("NFC", name)).strip(" -.") or "tep"
    return f"attachment; filename=\"{ascii_file_name(real)}\"; filename*=UTF-8''{quote(real, safe='')}"
