"""A verdict and its forecast in words (DESIGN.md 6): what the figure was measured against, how far it has come, and
why "Đúng tiến độ" may stand beside "khó đạt". Pure functions on a reports.progress.Progress and the indicator's unit;
the report's prose, the dashboard and the indicator page all say it with these words.
"""

from dataclasses import dataclass
from decimal import Decimal

from plans.numbers import format_number, format_with_unit
from plans.periods import parse_period
from reports import progress as verdicts
from reports.progress import ESCAP, Progress
from reports.statuses import STATUS_LABELS, STATUS_LEGEND

# Verdicts that compare the figure with the time that has passed (step 8 of DESIGN.md 6).
PACE_STATUSES = (verdicts.ON_TRACK, verdicts.NEEDS_ACCELERATION, verdicts.LIMITED_PROGRESS)
BEHIND_STATUSES = (verdicts.NEEDS_ACCELERATION, verdicts.LIMITED_PROGRESS, verdicts.DETERIORATION)


def figure(value, unit: str) -> str:
    """A figure with its unit, as prose writes it: `15,38%`, `1,8 lần`, `Có`."""
    return format_with_unit(value, unit)


def period_words(code: str | None) -> str:
    """ "2024S1" → "6 tháng đầu năm 2024", "2024" → "năm 2024"; "" for none."""
    return parse_period(code).words if code else ""


def base_words(progress: Progress) -> str:
    """What the verdict was measured against: "năm cơ sở 2020", "6 tháng đầu năm 2021"; "" without a base."""
    if progress.base_time is None:
        return ""
    if progress.base_period is None:  # the baseline: its time is the end of its year
        return f"năm cơ sở {int(progress.base_time) - 1}"
    return period_words(progress.base_period)


def base_phrase(progress: Progress, unit: str) -> str:
    """ "so với năm cơ sở 2020: 15,38%", "so với 6 tháng đầu năm 2021: 12%"; "" without a base."""
    where = base_words(progress)
    return f"so với {where}: {figure(progress.base_value, unit)}" if where else ""


def target_words(progress: Progress, unit: str) -> str:
    """ "35% vào năm 2025"; "" without a target."""
    target = progress.target
    return f"{figure(target.value, unit)} vào năm {target.year}" if target else ""


def forecast_phrase(progress: Progress, unit: str) -> str:
    """ "dự báo đến 2025: 36,1% — khó đạt"; "" without a forecast."""
    if progress.forecast is None or progress.target is None:
        return ""
    outlook = "có khả năng đạt" if progress.forecast.likely else "khó đạt"
    return f"dự báo đến {progress.target.year}: {figure(progress.forecast.value, unit)} — {outlook}"


def _percent(number: Decimal) -> str:
    return format_number(number * 100, decimals=1) + "%"


def _elapsed_share(progress: Progress) -> Decimal | None:
    """The share of the time from the base to the target that has passed at the value's time."""
    if progress.base_time is None or progress.target is None or progress.value_period is None:
        return None
    span = progress.target.time - progress.base_time
    if span <= 0:
        return None
    return (parse_period(progress.value_period).time - progress.base_time) / span


def short_explanation(progress: Progress, unit: str) -> str:
    """One line beside a verdict: "Đúng tiến độ: so với mức cần đạt theo thời gian (tính từ 6 tháng đầu năm 2021: 12%);
    dự báo đến 2025: 36,1% — khó đạt"."""
    status, label = progress.status, STATUS_LABELS[progress.status]
    if status in PACE_STATUSES:
        base = base_phrase(progress, unit).removeprefix("so với ")
        line = f"{label}: so với mức cần đạt theo thời gian" + (f" (tính từ {base})" if base else "")
    elif status == verdicts.DETERIORATION:
        line = f"{label}: {base_phrase(progress, unit)}"
    elif status == verdicts.ACHIEVED:
        line = f"{label}: đã đạt chỉ tiêu" + (f" {figure(progress.target.value, unit)}" if progress.target else "")
    elif status == verdicts.NOT_ACHIEVED:
        line = f"{label}: đến {period_words(progress.value_period)} chưa đạt chỉ tiêu" + (
            f" {figure(progress.target.value, unit)}" if progress.target else ""
        )
    elif status == verdicts.INSUFFICIENT_DATA:
        line = f"{label}: chưa có mức cơ sở hay kỳ số liệu trước đó để so sánh"
    elif status == verdicts.NO_DATA:
        line = f"{label} đã duyệt"
    else:
        line = f"{label}: chỉ tiêu định tính"
    outlook = (
        forecast_phrase(progress, unit)
        if status not in (verdicts.ACHIEVED, verdicts.NOT_ACHIEVED, verdicts.NOT_APPLICABLE)
        else ""
    )
    return f"{line}; {outlook}" if outlook else line


def verdict_sentence(progress: Progress, unit: str) -> str:
    """How the verdict was reached, in a sentence a leader can check with a pencil."""
    status, label = progress.status, STATUS_LABELS[progress.status]
    value = figure(progress.value, unit)
    when = period_words(progress.value_period)
    target = target_words(progress, unit)
    if status == verdicts.ACHIEVED:
        return f"{label}: kết quả {when} là {value}, đã đạt chỉ tiêu {target}." if target else f"{label}."
    if status == verdicts.NOT_ACHIEVED:
        return f"{label}: đến {when} kết quả là {value}, chưa đạt chỉ tiêu {target}."
    if status == verdicts.NO_DATA:
        return "Chưa có số liệu đã duyệt đến kỳ này nên chưa đánh giá được."
    if status == verdicts.NOT_APPLICABLE:
        return "Chỉ tiêu định tính: không tính tiến độ bằng số."
    if status == verdicts.INSUFFICIENT_DATA:
        if progress.target is None:
            return f"{label}: chỉ tiêu chưa có mức kế hoạch để so sánh."
        if isinstance(progress.value, bool):
            return f"{label}: chưa đến năm phải đạt ({progress.target.year}) và chỉ tiêu chưa được thực hiện."
        return (
            f"{label}: mới có số liệu {when} ({value}); cần giá trị năm cơ sở hoặc số liệu của một kỳ trước đó "
            "để biết chỉ tiêu đã tiến được bao nhiêu."
        )
    base, where = figure(progress.base_value, unit), base_words(progress)
    if status == verdicts.DETERIORATION:
        if progress.target is not None and progress.base_value == progress.target.value:
            return f"{label}: {where} đã ở mức chỉ tiêu ({base}) nhưng {when} chỉ còn {value}."
        return f"{label}: {when} ({value}) kém hơn {where} ({base}), đi ngược hướng chỉ tiêu {target}."
    # on track, needs acceleration, limited progress: the ratio of actual to expected progress
    ratio = progress.progress_ratio
    if progress.method_used == ESCAP:
        return (
            f"{label}: từ {where} ({base}) đến {when} ({value}), tốc độ thay đổi bình quân hằng năm bằng "
            f"{_percent(ratio)} tốc độ cần có để đạt {target}."
        )
    elapsed = _elapsed_share(progress)
    if elapsed is None:
        return f"{label}: tỷ số tiến độ {format_number(ratio)}."
    return (
        f"{label}: từ {where} ({base}) đến {when} ({value}), chỉ tiêu đã đi được {_percent(ratio * elapsed)} "
        f"quãng đường tới {target}, trong khi thời gian đã qua {_percent(elapsed)}; tỷ số tiến độ "
        f"{format_number(ratio)} (từ 0,95 là đúng tiến độ, từ 0,6 là cần đẩy nhanh, dưới 0,6 là chậm tiến độ)."
    )


def forecast_sentence(progress: Progress, unit: str) -> str:
    if (
        progress.forecast is None
        or progress.target is None
        or progress.status in (verdicts.ACHIEVED, verdicts.NOT_ACHIEVED)
    ):
        return ""
    outlook = "có khả năng đạt" if progress.forecast.likely else "khó đạt"
    return (
        f"Dự báo theo xu hướng của các kỳ đã có: đến năm {progress.target.year} khoảng "
        f"{figure(progress.forecast.value, unit)} — {outlook} chỉ tiêu {figure(progress.target.value, unit)}."
    )


def reconcile_sentence(progress: Progress) -> str:
    """Why a verdict and the forecast may seem to disagree; "" when they do not."""
    if progress.forecast is None:
        return ""
    ahead_but_unlikely = progress.status == verdicts.ON_TRACK and not progress.forecast.likely
    behind_but_likely = progress.status in BEHIND_STATUSES and progress.forecast.likely
    if not (ahead_but_unlikely or behind_but_likely):
        return ""
    where = base_words(progress)
    first = (
        f"Hai nhận định không mâu thuẫn: đánh giá so kết quả mới nhất với {where} theo thời gian đã qua, "
        "còn dự báo kéo dài xu hướng của mọi kỳ có số liệu"
    )
    if ahead_but_unlikely:
        return first + "; kết quả kỳ này đúng tiến độ nhưng xu hướng chung chưa đủ để đạt chỉ tiêu, cần theo dõi."
    return first + "; kết quả kỳ này còn chậm nhưng xu hướng chung vẫn hướng tới đạt chỉ tiêu nếu được giữ vững."


@dataclass(frozen=True)
class Explanation:
    short: str
    verdict: str
    forecast: str
    reconcile: str
    base: str  # "so với năm cơ sở 2020: 15,38%", or ""


def explain(progress: Progress, unit: str) -> Explanation:
    return Explanation(
        short=short_explanation(progress, unit),
        verdict=verdict_sentence(progress, unit),
        forecast=forecast_sentence(progress, unit),
        reconcile=reconcile_sentence(progress),
        base=base_phrase(progress, unit),
    )


def legend_sentence() -> str:
    """Every verdict and what it means, in one sentence under a printed table: "Đạt: kết quả đã bằng …; …"."""
    parts = [f"{label}: {meaning[:1].lower()}{meaning[1:].rstrip('.')}" for _, label, _, meaning in STATUS_LEGEND]
    return "Cách đánh giá — " + "; ".join(parts) + "."
