"""Codes people choose: plan codes (`BACYEN-2021-2025`) and indicator codes (`3.2a`). One rule, checked wherever a
code is created (the admin's forms, the plan workbook) and enforced by the database.

A code travels into URLs, file names, email subjects and workbook cells, so it is made only of letters without
diacritics, digits, `.`, `_` and `-`: `EVIL/1` would break every link to the plan, and a line break an email header.
"""

import re

from django.core.validators import RegexValidator
from django.db.models import Q

PLAN_CODE_MAX_LENGTH = 50
INDICATOR_CODE_MAX_LENGTH = 20
# \A and \Z, not ^ and $: `$` also matches before a final line break, in Python (SQLite's REGEXP) as elsewhere.
CODE_PATTERN = r"\A[A-Za-z0-9._-]+\Z"
CODE_RULE = "chỉ gồm chữ không dấu, chữ số và các dấu . _ -"

code_validator = RegexValidator(CODE_PATTERN, message=f"Mã không hợp lệ: mã {CODE_RULE} (không dấu cách).")


def code_is_valid(value: str) -> bool:
    return re.match(CODE_PATTERN, value or "") is not None


def code_problem(value: str, *, max_length: int) -> str | None:
    """What is wrong with a code, in Vietnamese (for a workbook's problem list), or None."""
    shown = value if len(value or "") <= 40 else value[:40] + "…"
    if not code_is_valid(value):
        return f"mã “{shown}” không hợp lệ: mã {CODE_RULE} (không dấu cách)."
    if len(value) > max_length:
        return f"mã “{shown}” dài quá {max_length} ký tự."
    return None


def code_condition(field: str = "code") -> Q:
    """The database's check of the same rule (PostgreSQL `~`, SQLite's REGEXP)."""
    return Q(**{f"{field}__regex": CODE_PATTERN})
