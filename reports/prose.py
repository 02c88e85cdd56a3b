"""The report's sentences (DESIGN.md 8), written as a clerk would write them: the issuing body by its proper name,
periods in words, one sentence per indicator built from clauses that vary from one indicator to the next, and the
indicators without figures named together rather than one empty sentence each.

Pure functions on plain values and reports.progress.Progress; reports.content gathers the figures.
"""

import re
from datetime import date
from decimal import Decimal

from plans.numbers import format_number
from plans.periods import parse_period
from reports import progress as verdicts
from reports.explain import base_words, figure, period_words
from reports.statuses import STATUS_LABELS

_LEVEL_WORDS = r"tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|đặc khu"
_ISSUER = re.compile(rf"^(?P<body>.*?)\s+(?P<place>(?:{_LEVEL_WORDS})\s+.+)$", re.IGNORECASE)


def issuer_parts(issuing_body: str) -> tuple[str, str]:
    """ "Ủy ban nhân dân huyện Bắc Yên" → ("Ủy ban nhân dân", "huyện Bắc Yên"); ("…", "") without a place."""
    match = _ISSUER.match(" ".join(issuing_body.split()))
    return (match["body"], match["place"]) if match else (issuing_body.strip(), "")


def issuer_lines(issuing_body: str) -> str:
    """ "Ủy ban nhân dân huyện Bắc Yên" → "ỦY BAN NHÂN DÂN\\nHUYỆN BẮC YÊN", as a letterhead sets it."""
    body, place = issuer_parts(issuing_body)
    return f"{body}\n{place}".upper() if place else body.upper()


def issuer_short(issuing_body: str) -> str:
    """The body as a text names it again after the first time: "Ủy ban nhân dân huyện"."""
    body, place = issuer_parts(issuing_body)
    if not place:
        return body
    level = re.match(rf"^({_LEVEL_WORDS})\b", place, re.IGNORECASE)
    return f"{body} {level[1].lower()}" if level else body


def lower_first(text: str) -> str:
    """ "Tỷ lệ lao động nữ" → "tỷ lệ lao động nữ" inside a sentence; an acronym ("UBND xã") stays as it is."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def plan_about(title: str) -> str:
    """What a plan is about, for "Kế hoạch … về …": "thực hiện Chiến lược quốc gia về bình đẳng giới …"."""
    text = " ".join(title.split())
    return lower_first(text[len("Kế hoạch ") :]) if text.lower().startswith("kế hoạch ") else text


def plan_subject(title: str) -> str:
    """What a report reports on, without a second "thực hiện": "Chiến lược quốc gia về bình đẳng giới …"."""
    about = plan_about(title)
    return upper_first(about[len("thực hiện ") :]) if about.lower().startswith("thực hiện ") else upper_first(about)


def document_date(day: date | None) -> str:
    """A date inside a sentence (NĐ 30/2020: zero before days under 10 and months 1 and 2): 05/02/2025, 27/4/2021."""
    if day is None:
        return ""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"


def heading_date(day: date) -> str:
    """The date under the national motto: "ngày 05 tháng 02 năm 2025", "ngày 24 tháng 11 năm 2025"."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def has_real_number(document_number: str) -> bool:
    """ "37/KH-UBND" is a number; "…/KH-UBND", "/KH-UBND" or "" are a copy without one."""
    return bool(re.match(r"^\s*\d", document_number or ""))


def plan_reference(*, title: str, document_number: str, issue_date: date | None, issuing_body: str = "") -> str:
    """ "Kế hoạch số 111/KH-UBND ngày 27/4/2021 của Ủy ban nhân dân tỉnh Sơn La về thực hiện …"; without the body
    when the text is the body's own."""
    parts = ["Kế hoạch"]
    if has_real_number(document_number):
        parts.append(f"số {document_number.strip()}")
    if issue_date:
        parts.append(f"ngày {document_date(issue_date)}")
    if issuing_body:
        parts.append(f"của {issuing_body}")
    parts.append(f"về {plan_about(title)}")
    return " ".join(parts)


# ---------------------------------------------------------------- one sentence per indicator


def _verb(kind: str, direction: str, variant: int) -> str:
    if direction == "decrease":
        return ("ở mức", "là", "còn")[variant]
    if kind == "count":
        return "là"
    return ("đạt", "đạt", "là")[variant]


def _change(value: Decimal, previous: Decimal, *, kind: str, unit: str, previous_words: str) -> str:
    """ "tăng 3,22 điểm phần trăm so với cùng kỳ năm 2023 (25,81%)"."""
    difference = Decimal(value) - Decimal(previous)
    shown = figure(previous, unit)
    if round(difference, 2) == 0:
        return f"không đổi so với {previous_words} ({shown})"
    amount = abs(difference)
    size = f"{format_number(amount, decimals=2)} điểm phần trăm" if kind == "percent" else figure(amount, unit)
    return f"{'tăng' if difference > 0 else 'giảm'} {size} so với {previous_words} ({shown})"


def _target_clause(line, variant: int) -> str:
    target, year, pct = figure(line.target, line.unit), line.target_year, line.achievement_pct
    if pct is None:
        return f"chỉ tiêu kế hoạch đến năm {year} là {target}"
    pct_text = format_number(pct) + "%"
    return (
        f"bằng {pct_text} chỉ tiêu kế hoạch đến năm {year} ({target})",
        f"so với chỉ tiêu {target} đến năm {year} đạt {pct_text}",
        f"đạt {pct_text} chỉ tiêu đề ra cho năm {year} ({target})",
    )[variant]


def _verdict_clause(line, variant: int) -> str:
    progress, status = line.progress, line.status
    if status == verdicts.ACHIEVED:
        if line.achievement_pct is not None and line.achievement_pct > 100:
            return ("đã vượt chỉ tiêu kế hoạch", "vượt chỉ tiêu đề ra", "đã đạt và vượt chỉ tiêu")[variant]
        return ("đã đạt chỉ tiêu kế hoạch", "hoàn thành chỉ tiêu đề ra", "đã đạt chỉ tiêu")[variant]
    if status == verdicts.ON_TRACK:
        return ("đánh giá đúng tiến độ", "thực hiện đúng tiến độ đề ra", "tiến độ đạt yêu cầu (đúng tiến độ)")[variant]
    base = f"{base_words(progress)} ({figure(progress.base_value, line.unit)})" if progress.base_time else ""
    if status == verdicts.NEEDS_ACCELERATION:
        return (
            "cần đẩy nhanh tiến độ để đạt chỉ tiêu",
            "tiến độ còn chậm so với yêu cầu, cần đẩy nhanh",
            "đánh giá cần đẩy nhanh tiến độ",
        )[variant]
    if status == verdicts.LIMITED_PROGRESS:
        if progress.progress_ratio < Decimal("0.005"):
            return f"chậm tiến độ: chưa cải thiện so với {base}"
        share = format_number(progress.progress_ratio * 100, decimals=1)
        return f"chậm tiến độ: so với {base}, mức cải thiện mới bằng {share}% mức cần đạt theo thời gian"
    if status == verdicts.DETERIORATION:
        if progress.target is not None and progress.base_value == progress.target.value:
            return f"thụt lùi: {base} đã ở mức chỉ tiêu nhưng kỳ này không giữ được"
        return f"thụt lùi so với {base}"
    if status == verdicts.NOT_ACHIEVED:
        return "không đạt chỉ tiêu kế hoạch"
    if status == verdicts.INSUFFICIENT_DATA:
        return "chưa đủ cơ sở đánh giá tiến độ (chưa có số liệu năm cơ sở hoặc kỳ trước để so sánh)"
    return STATUS_LABELS[status].lower()


def _forecast_clause(line) -> str:
    forecast, status = line.progress.forecast, line.status
    if forecast is None or line.target_year is None:
        return ""
    if status == verdicts.ON_TRACK and forecast.likely:
        return ""
    if status not in (
        verdicts.ON_TRACK,
        verdicts.NEEDS_ACCELERATION,
        verdicts.LIMITED_PROGRESS,
        verdicts.DETERIORATION,
    ):
        return ""
    outlook = "có khả năng đạt chỉ tiêu" if forecast.likely else "khó đạt chỉ tiêu"
    return (
        f"; theo xu hướng các kỳ đã có, dự báo đến năm {line.target_year} đạt khoảng "
        f"{figure(forecast.value, line.unit)}, {outlook}"
    )


def indicator_sentence(line, *, period_code: str, index: int) -> str:
    """What a clerk writes about one indicator: result and unit, the comparison (the same period of the previous
    year; the plan's first year in the end-of-plan report), the target and its year, % of plan, the verdict (with its
    base when it is "Chậm tiến độ" or "Thụt lùi"); "" when there is no figure (named together by missing_sentence).
    A figure from an earlier period names its period; earlier_sentence says once why."""
    if line.status == verdicts.NO_DATA or line.value is None:
        return ""
    variant = index % 3
    spec = parse_period(period_code)
    name, code = line.name, line.code
    if line.status == verdicts.NOT_APPLICABLE or line.kind == "text":
        return f"{name} (chỉ tiêu {code}) là chỉ tiêu định tính: {line.value}."
    when = period_words(line.value_period) if line.value_period != period_code else spec.words
    if isinstance(line.value, bool):
        done = "đã thực hiện" if line.value else "chưa thực hiện"
        text = f"{name} (chỉ tiêu {code}): {when} {done}"
        if line.target_year:
            text += f"; kế hoạch đặt ra thực hiện vào năm {line.target_year}"
        if line.status == verdicts.INSUFFICIENT_DATA:
            return text + "; chưa đến năm phải đạt nên chưa đánh giá."
        return f"{text}; {_verdict_clause(line, variant)}."
    value = figure(line.value, line.unit)
    verb = _verb(line.kind, line.direction, variant)
    if line.value_period != period_code:  # no figure for this period: the latest earlier one, said where it is from
        value = f"{value} ({when})"
    opening = (
        f"{name} (chỉ tiêu {code}) {verb} {value}",
        f"Về chỉ tiêu {code} ({lower_first(name)}), kết quả {when} {verb} {figure(line.value, line.unit)}",
        f"Trong {when}, {lower_first(name)} (chỉ tiêu {code}) {verb} {figure(line.value, line.unit)}",
    )[variant]
    if isinstance(line.compare_value, Decimal):
        opening += ", " + _change(
            line.value, line.compare_value, kind=line.kind, unit=line.unit, previous_words=line.compare_words
        )
    clauses = [opening]
    if line.target_year is not None:
        clauses.append(_target_clause(line, variant))
    if line.status != verdicts.INSUFFICIENT_DATA:  # those are named together at the end of the goal (missing_sentence)
        clauses.append(_verdict_clause(line, variant) + _forecast_clause(line))
    return "; ".join(clauses) + "."


def earlier_sentence(lines, words: str) -> str:
    """Said once at the head of section II when some indicators have no figure for the period yet."""
    earlier = [line for line in lines if line.value_is_earlier]
    if not earlier:
        return ""
    which = (
        "các chỉ tiêu"
        if len(earlier) == len([line for line in lines if line.value is not None])
        else (f"{len(earlier)} chỉ tiêu")
    )
    return (
        f"Đến thời điểm báo cáo chưa có số liệu {words} của {which}; các chỉ tiêu này được nêu và đánh giá theo "
        "số liệu gần nhất, có ghi kỳ của số liệu."
    )


def _codes(lines) -> str:
    return join_names([line.code for line in lines])


def missing_sentence(lines) -> str:
    """What a goal's indicators lack, said once: those without an approved figure, and those whose figure has no
    baseline or earlier figure to be measured against (a plan's first period without baselines)."""
    missing = [line for line in lines if line.status == verdicts.NO_DATA]
    unmeasured = [
        line
        for line in lines
        if line.status == verdicts.INSUFFICIENT_DATA and line.value is not None and not isinstance(line.value, bool)
    ]
    sentences = []
    if missing and len(missing) == len(lines) and len(lines) > 1:
        sentences.append("Các chỉ tiêu của mục tiêu này chưa có số liệu được duyệt.")
    elif len(missing) == 1:
        sentences.append(f"Chỉ tiêu {missing[0].code} ({lower_first(missing[0].name)}) chưa có số liệu được duyệt.")
    elif missing:
        sentences.append(f"Các chỉ tiêu {_codes(missing)} chưa có số liệu được duyệt.")
    if unmeasured:
        which = f"Chỉ tiêu {_codes(unmeasured)}" if len(unmeasured) == 1 else f"Các chỉ tiêu {_codes(unmeasured)}"
        if len(unmeasured) == len(lines) and len(lines) > 1:
            which = "Các chỉ tiêu của mục tiêu này"
        sentences.append(
            f"{which} chưa đủ cơ sở đánh giá tiến độ do chưa có số liệu năm cơ sở hoặc kỳ trước để so sánh."
        )
    return " ".join(sentences)


def join_names(names: list[str]) -> str:
    """ "A", "A và B", "A, B và C"."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " và " + names[-1]


def next_period_words(spec, *, is_final: bool) -> str:
    """Where section V looks: "6 tháng cuối năm 2024" after a 6-month report, "năm 2025" after an annual one."""
    if is_final:
        return "giai đoạn tiếp theo"
    return f"6 tháng cuối năm {spec.year}" if spec.is_half_year else f"năm {spec.year + 1}"
