"""The clock of the product (DESIGN.md 4): period codes, their Vietnamese words, their times and the previous
period. Pure functions, no database; every place that names, orders or times a period goes through here.

Times are points in years at the END of what they cover: period 2024S1 → 2024.5, period 2024 → 2025.0, a baseline
or target "đến năm Y" → Y + 1.
"""

import functools
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from plans.text import loose_key

_CODE = re.compile(r"^(?P<year>\d{4})(?P<half>S1)?$")
_HALF_WORDS = re.compile(r"^6thangdaunam(?P<year>\d{4})$")
_YEAR_WORDS = re.compile(r"^nam(?P<year>\d{4})$")
HALF_YEAR, YEAR = "half_year", "year"


class PeriodCodeError(ValueError):
    pass


@dataclass(frozen=True)
class PeriodSpec:
    """A reporting period as the code names it: `2024S1` (January–June) or `2024` (the whole year)."""

    code: str
    year: int
    is_half_year: bool

    @classmethod
    @functools.lru_cache(maxsize=4096)
    def cached(cls, code: str, year: int, is_half_year: bool) -> "PeriodSpec":
        """The same (immutable) spec for the same period: a dashboard asks the periods of its ~20.000 points for
        their time, and building a spec and its Decimal each time cost a sixth of the page (README, Load test)."""
        return cls(code=code, year=year, is_half_year=is_half_year)

    @classmethod
    def of(cls, year: int, *, is_half_year: bool) -> "PeriodSpec":
        return cls(code=f"{year}S1" if is_half_year else str(year), year=year, is_half_year=is_half_year)

    @property
    def kind(self) -> str:
        return HALF_YEAR if self.is_half_year else YEAR

    @functools.cached_property
    def time(self) -> Decimal:
        """The period as a point in years at the end of what it covers: 2024S1 → 2024.5, 2024 → 2025."""
        return Decimal(self.year) + (Decimal("0.5") if self.is_half_year else 1)

    @property
    def label(self) -> str:
        """As a heading reads it: "6 tháng đầu năm 2024", "Năm 2024"."""
        return f"6 tháng đầu năm {self.year}" if self.is_half_year else f"Năm {self.year}"

    @property
    def words(self) -> str:
        """As a sentence reads it: "6 tháng đầu năm 2024", "năm 2024"."""
        return f"6 tháng đầu năm {self.year}" if self.is_half_year else f"năm {self.year}"

    @property
    def ends_on(self) -> date:
        return date(self.year, 6, 30) if self.is_half_year else date(self.year, 12, 31)

    def previous(self) -> "PeriodSpec":
        """The same period of the previous year (2024S1 → 2023S1, 2024 → 2023): the report's "cùng kỳ"."""
        return PeriodSpec.of(self.year - 1, is_half_year=self.is_half_year)

    @property
    def sort_key(self) -> tuple[int, int]:
        return self.year, 0 if self.is_half_year else 1


def parse_period(text) -> PeriodSpec:
    """Read `2024S1`, `2024`, "6 tháng đầu năm 2024" or "Năm 2024". Raises PeriodCodeError."""
    raw = str(text if text is not None else "").strip()
    match = _CODE.match(raw.upper())
    if match:
        return PeriodSpec(code=raw.upper(), year=int(match["year"]), is_half_year=bool(match["half"]))
    key = loose_key(raw)
    for pattern, is_half in ((_HALF_WORDS, True), (_YEAR_WORDS, False)):
        match = pattern.match(key)
        if match:
            return PeriodSpec.of(int(match["year"]), is_half_year=is_half)
    shown = raw if len(raw) <= 40 else raw[:40] + "…"
    raise PeriodCodeError(
        f"Kỳ báo cáo “{shown}” không hợp lệ: dùng YYYYS1 (6 tháng đầu năm) hoặc YYYY (cả năm), ví dụ 2024S1 hoặc 2024."
    )


def period_label(code: str) -> str:
    return parse_period(code).label


def period_time(code: str) -> Decimal:
    """`2024S1` → 2024.5, `2024` → 2025."""
    return parse_period(code).time


def year_time(year: int) -> Decimal:
    """A baseline or target of year Y ("đến năm Y") is the end of that year: Y + 1."""
    return Decimal(year) + 1


def milestone_for(milestones, time: Decimal):
    """The milestone that judges a time: the earliest whose time is at or after it, else the last (DESIGN.md 3).

    `milestones` are ordered by year and have a `year` (targets, or the progress engine's milestones)."""
    for milestone in milestones:
        if year_time(milestone.year) >= time:
            return milestone
    return milestones[-1] if milestones else None


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
        specs.append(PeriodSpec.of(year, is_half_year=True))
        specs.append(PeriodSpec.of(year, is_half_year=False))
    return specs


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
