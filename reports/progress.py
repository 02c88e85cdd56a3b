"""Progress against targets (DESIGN.md 6): pure functions on plain values, no database.

Times are points in years at the END of what they cover (DESIGN.md 4): period 2024S1 → 2024.5, 2024 → 2025.0,
a baseline or target "đến năm Y" → Y + 1.0.

The linear ratio is computed with exact decimals, so that a ratio of exactly 0.95 is 0.95; a status is decided on
the ratio as published (3 decimals), so the JSON and the verdict always agree.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from plans.periods import milestone_for, year_time

LINEAR, ESCAP = "linear", "escap"
METHODS = (LINEAR, ESCAP)

ACHIEVED = "achieved"
ON_TRACK = "on_track"
NEEDS_ACCELERATION = "needs_acceleration"
LIMITED_PROGRESS = "limited_progress"
DETERIORATION = "deterioration"
NOT_ACHIEVED = "not_achieved"
INSUFFICIENT_DATA = "insufficient_data"
NO_DATA = "no_data"
NOT_APPLICABLE = "not_applicable"

# Every status, in the order of DESIGN.md 6 (their words and colours are reports.statuses').
STATUS_ORDER = (
    ACHIEVED,
    ON_TRACK,
    NEEDS_ACCELERATION,
    LIMITED_PROGRESS,
    DETERIORATION,
    NOT_ACHIEVED,
    INSUFFICIENT_DATA,
    NO_DATA,
    NOT_APPLICABLE,
)
ZERO_TARGET = Decimal("0.001")  # ESCAP: a target of 0 counts as 0.001


class Point(NamedTuple):
    """A figure of the series: its period code, its time, and its value (number, yes/no or text). (A named tuple:
    a drill-down builds one per child, indicator and period, and a tuple is the cheapest immutable record.)"""

    period: str
    time: Decimal
    value: object


@dataclass(frozen=True)
class Milestone:
    year: int
    value: object

    @property
    def time(self) -> Decimal:
        return year_time(self.year)


@dataclass(frozen=True)
class IndicatorFacts:
    kind: str  # percent, ratio, count, boolean, text
    direction: str  # increase, decrease, maintain ('' for boolean and text)
    targets: tuple[Milestone, ...]  # ordered by year
    series: tuple[Point, ...] = ()
    baseline_value: Decimal | None = None
    baseline_year: int | None = None
    # The baseline is the plan territory's: a unit below it is measured against the plan's path from it, but its
    # forecast extends its own figures only (a line from the territory's baseline to one commune's figure is not
    # that commune's trend).
    baseline_in_forecast: bool = True


@dataclass(frozen=True)
class Forecast:
    value: Decimal
    likely: bool


@dataclass(frozen=True)
class Progress:
    status: str
    target: Milestone | None
    value: object = None
    value_period: str | None = None
    achievement_pct: Decimal | None = None
    progress_ratio: Decimal | None = None
    forecast: Forecast | None = None
    method_used: str | None = None  # escap may fall back to linear
    # What the value was measured against (step 6), where a ratio was computed or the base equals the target: the
    # baseline (base_period None, base_time = its year + 1) or an earlier figure of the series (its period code).
    base_value: Decimal | None = None
    base_time: Decimal | None = None
    base_period: str | None = None

    @property
    def base_is_baseline(self) -> bool:
        return self.base_time is not None and self.base_period is None


def sign(direction: str) -> int:
    return -1 if direction == "decrease" else 1  # maintain is treated as increase


def is_met(value: Decimal, target: Decimal, direction: str) -> bool:
    return value <= target if sign(direction) < 0 else value >= target


def _one_decimal(number: Decimal) -> Decimal:
    return number.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def achievement(value: Decimal, target: Decimal, direction: str) -> Decimal | None:
    """Tỷ lệ đạt so với kế hoạch: 100·value/target, or 100·target/value for a decreasing indicator."""
    if sign(direction) > 0:
        return None if target == 0 else _one_decimal(100 * value / target)
    return None if value == 0 else _one_decimal(100 * target / value)


def classify(ratio: Decimal) -> str:
    if ratio >= Decimal("0.95"):
        return ON_TRACK
    if ratio >= Decimal("0.6"):
        return NEEDS_ACCELERATION
    if ratio >= 0:
        return LIMITED_PROGRESS
    return DETERIORATION


def linear_ratio(*, value, base, target, t, t_base, t_target, direction) -> Decimal:
    actual = sign(direction) * (value - base) / abs(target - base)
    expected = (t - t_base) / (t_target - t_base)
    return actual / expected


def escap_ratio(*, value, base, target, t, t_base, t_target, direction) -> Decimal | None:
    """CAGR observed ÷ CAGR required (UN ESCAP); None where the method does not apply (fall back to linear)."""
    if base == 0 or value == 0 or sign(direction) * (target - base) < 0:
        return None
    required_target = target if target != 0 else ZERO_TARGET
    observed = (float(value) / float(base)) ** (1 / float(t - t_base)) - 1
    required = (float(required_target) / float(base)) ** (1 / float(t_target - t_base)) - 1
    if required == 0:
        return None
    return Decimal(repr(observed / required))


def forecast(points: list[tuple[Decimal, Decimal]], at: Decimal, target: Decimal, direction: str) -> Forecast | None:
    """The least-squares line through the points, evaluated at `at`; None without two distinct times."""
    if len({t for t, _ in points}) < 2:
        return None
    n = len(points)
    mean_t = sum(t for t, _ in points) / n
    mean_v = sum(v for _, v in points) / n
    slope = sum((t - mean_t) * (v - mean_v) for t, v in points) / sum((t - mean_t) ** 2 for t, _ in points)
    value = (mean_v + slope * (at - mean_t)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return Forecast(value=value, likely=is_met(value, target, direction))


def evaluate(facts: IndicatorFacts, judged_time: Decimal, method: str = LINEAR) -> Progress:
    """Judge one indicator at a period's time (DESIGN.md 6, steps 1–10)."""
    target = milestone_for(facts.targets, judged_time)
    if facts.kind == "text":
        latest = _latest(facts.series, judged_time)
        return Progress(
            NOT_APPLICABLE,
            target,
            value=latest.value if latest else None,
            value_period=latest.period if latest else None,
        )
    latest = _latest(facts.series, judged_time)
    if latest is None:
        return Progress(NO_DATA, target)
    shown = {"target": target, "value": latest.value, "value_period": latest.period}
    if target is None:
        return Progress(INSUFFICIENT_DATA, **shown)
    if facts.kind == "boolean":
        if latest.value is True:
            return Progress(ACHIEVED, **shown)
        if latest.time >= target.time:
            return Progress(NOT_ACHIEVED, **shown)
        return Progress(INSUFFICIENT_DATA, **shown)

    value, goal, d = Decimal(latest.value), Decimal(target.value), facts.direction
    pct = achievement(value, goal, d)
    points = [(p.time, Decimal(p.value)) for p in facts.series if p.time <= latest.time and p.value is not None]
    if facts.baseline_in_forecast and facts.baseline_value is not None and facts.baseline_year is not None:
        points.append((year_time(facts.baseline_year), Decimal(facts.baseline_value)))
    outlook = forecast(points, target.time, goal, d)
    shown |= {"achievement_pct": pct, "forecast": outlook}
    if is_met(value, goal, d):
        return Progress(ACHIEVED, **shown)
    if latest.time >= target.time:
        return Progress(NOT_ACHIEVED, **shown)

    base = _base(facts, latest)
    if base is None:
        return Progress(INSUFFICIENT_DATA, **shown)
    base_value, base_time, base_period = base
    shown |= {"base_value": base_value, "base_time": base_time, "base_period": base_period}
    if base_value == goal:
        return Progress(DETERIORATION, **shown)
    arguments = {
        "value": value,
        "base": base_value,
        "target": goal,
        "t": latest.time,
        "t_base": base_time,
        "t_target": target.time,
        "direction": d,
    }
    ratio, used = None, LINEAR
    if method == ESCAP:
        ratio, used = escap_ratio(**arguments), ESCAP
    if ratio is None:
        ratio, used = linear_ratio(**arguments), LINEAR
    published = ratio.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
    return Progress(classify(published), progress_ratio=published, method_used=used, **shown)


def shown_not_judged(facts: IndicatorFacts, judged_time: Decimal) -> Progress:
    """The latest value with no verdict and no target (`not_applicable`): a count at a unit below the plan's
    territory adds up to the territory's target; no unit has a target of its own to be judged against."""
    latest = _latest(facts.series, judged_time)
    if latest is None:
        return Progress(NOT_APPLICABLE, None)
    return Progress(NOT_APPLICABLE, None, value=latest.value, value_period=latest.period)


def _latest(series: tuple[Point, ...], time: Decimal) -> Point | None:
    candidates = [p for p in series if p.time <= time and p.value is not None and p.value != ""]
    return max(candidates, key=lambda p: p.time) if candidates else None


def _base(facts: IndicatorFacts, latest: Point) -> tuple[Decimal, Decimal, str | None] | None:
    """The baseline if it is older than the value; else the earliest earlier value of the series.

    (value, time, period code of the series point, or None for the baseline)."""
    if facts.baseline_value is not None and facts.baseline_year is not None:
        baseline_time = year_time(facts.baseline_year)
        if baseline_time < latest.time:
            return Decimal(facts.baseline_value), baseline_time, None
    earlier = [p for p in facts.series if p.time < latest.time and p.value is not None]
    if not earlier:
        return None
    first = min(earlier, key=lambda p: p.time)
    return Decimal(first.value), first.time, first.period
