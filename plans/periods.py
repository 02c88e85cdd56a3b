"""Period codes (DHIS2 style, DESIGN.md 4): pure functions, no database."""

import re
from dataclasses import dataclass
from datetime import date

from plans.text import loose_key

_CODE = re.compile(r"^(?P<year>\d{4})(?P<half>S1)?$")
_HALF_WORDS = re.compile(r"^6thangdaunam(?P<year>\d{4})$")
_YEAR_WORDS = re.compile(r"^nam(?P<year>\d{4})$")


class PeriodCodeError(ValueError):
    pass


@dataclass(frozen=True)
class PeriodSpec:
    code: str
    year: int
    is_half_year: bool

    @property
    def kind(self) -> str:
        return "half_year" if self.is_half_year else "year"

    @property
    def time(self) -> float:
        """The period as a point in years at the end of what it covers: 2024S1 → 2024.5, 2024 → 2025.0."""
        return self.year + (0.5 if self.is_half_year else 1.0)


def parse_period(text: str) -> PeriodSpec:
    """Read `2024S1`, `2024`, "6 tháng đầu năm 2024" or "Năm 2024". Raises PeriodCodeError."""
    raw = str(text or "").strip()
    match = _CODE.match(raw.upper())
    if match:
        return PeriodSpec(code=raw.upper(), year=int(match["year"]), is_half_year=bool(match["half"]))
    key = loose_key(raw)
    for pattern, is_half in ((_HALF_WORDS, True), (_YEAR_WORDS, False)):
        match = pattern.match(key)
        if match:
            year = int(match["year"])
            return PeriodSpec(code=f"{year}S1" if is_half else str(year), year=year, is_half_year=is_half)
    raise PeriodCodeError(
        f"Kỳ báo cáo “{raw}” không hợp lệ: dùng YYYYS1 (6 tháng đầu năm) hoặc YYYY (cả năm), ví dụ 2024S1 hoặc 2024."
    )


def period_label(code: str) -> str:
    spec = parse_period(code)
    return f"6 tháng đầu năm {spec.year}" if spec.is_half_year else f"Năm {spec.year}"


def deadline_for(*, year: int, is_half_year: bool, day: int, month: int) -> date:
    """The deadline of a period from the plan's day/month.

    Both reports fall in the period's own year (Bắc Yên: 18/5 and 20/11, Lai Châu: 5/6 and 5/12): agencies
    report before the period ends. An annual deadline in the first half of a year (e.g. 15/01) can only mean
    the following January, so it moves to the next year. A 29/02 falls back to 28/02 in other years.
    """
    deadline_year = year + 1 if (not is_half_year and month <= 6) else year
    if month == 2 and day == 29 and not _is_leap(deadline_year):
        day = 28
    return date(deadline_year, month, day)


def plan_period_specs(start_year: int, end_year: int) -> list[PeriodSpec]:
    specs = []
    for year in range(start_year, end_year + 1):
        specs.append(PeriodSpec(code=f"{year}S1", year=year, is_half_year=True))
        specs.append(PeriodSpec(code=str(year), year=year, is_half_year=False))
    return specs


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
